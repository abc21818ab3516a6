import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { oneLine, runMain } from '../../testing/builders/cli-main';
import { tmpDir } from '../../testing/builders/cli';

/**
 * submit writes its results into a copy of the workbook (patched, never
 * through a workbook model): a CSV has none, which is said in one line before
 * the file is read or the target is asked anything.
 */
test('submit of a CSV is refused in one line before anything is read or sent, and nothing is written', async () => {
  const t = tmpDir();
  try {
    const file = path.join(t.dir, 'orgs.csv');
    writeFileSync(file, 'Organization ID,Organization Name,Organization Type,City,Country\nORG-1,Mayo Clinic,Hospital,Rochester,US\n');
    // No target listens here: reaching it would be a different failure than the one expected.
    const r = await runMain('submit', file, '--target', 'http://127.0.0.1:9', '--entity', 'organization');
    expect(r.code).toBe(2);
    expect(oneLine(r)).toBe('ctms-collect: results are written into a copy of an .xlsx workbook; a CSV file has none (save it as .xlsx first)');
    expect(readdirSync(t.dir)).toEqual(['orgs.csv']);
  } finally {
    t.cleanup();
  }
});
