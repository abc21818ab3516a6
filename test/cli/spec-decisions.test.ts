import path from 'node:path';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { AuditTrail, decisionEntry } from '../../src/core/audit';
import { cli, tmpDir } from '../../testing/builders/cli';

/** The mapping specification for sign-off carries the decisions recorded in the workbook's audit trail. */
test('spec --workbook adds the recorded decisions', async () => {
  const tmp = tmpDir();
  try {
    const trail = new AuditTrail({ who: 'J. Steward', now: () => new Date('2026-11-27T10:00:00Z') });
    trail.append(decisionEntry({ kind: 'mapping', ruleId: 'T-FSFV', what: 'FSFV Date meaning', decision: 'source FSFV is first enrollment; kept as given, reviewed' }));
    trail.append(decisionEntry({ kind: 'duplicate', sheet: 'Investigators', rows: [3, 7], action: 'merge', keep: 3 }));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Audit');
    const { headers, rows } = trail.toRows();
    ws.addRow(headers);
    for (const r of rows) ws.addRow(r);
    const file = path.join(tmp.dir, 'decided.xlsx');
    await wb.xlsx.writeFile(file);

    const run = cli(['spec', '--workbook', file, '--out', 'spec.md'], tmp.dir);
    expect(run.code).toBe(0);
    const md = readFileSync(path.join(tmp.dir, 'spec.md'), 'utf8');
    const decided = md.slice(md.indexOf('## Decisions recorded for this workbook'));
    expect(decided).toMatch(/FSFV Date meaning/);
    expect(decided).toMatch(/Investigators/);
    expect(decided).toMatch(/J\. Steward/);
    expect(decided).not.toMatch(/None recorded yet/);
  } finally {
    tmp.cleanup();
  }
});
