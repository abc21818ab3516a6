/**
 * Issue 13 item 5: the reader measures a workbook before loading it and refuses what would not
 * fit in memory with one line and exit 2 — never a heap crash. Both files below are small on disk
 * and would make ExcelJS allocate far more than the machine has if it were let loose on them.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { checkLimits, dimensionSize, measureWorkbook } from '../../src/cli/xlsx-limits';
import { maxCells } from '../../src/cli/xlsx-stream/limits';
import { tmpDir, writeXlsx, xlsxOf } from '../../testing/builders/cli';
import { oneLine, runMain } from '../../testing/builders/cli-main';
import { clean } from '../../testing/builders/wb';

const t = tmpDir();
const at = (f: string) => path.join(t.dir, f);
afterAll(() => t.cleanup());

/** A clean workbook plus a sheet the standard ignores, rewritten by `edit` at the zip level. */
async function workbook(name: string, edit: (zip: JSZip, scratchPart: string) => Promise<void>): Promise<string> {
  const wb = xlsxOf(clean() as never);
  wb.addWorksheet('Scratch').addRow(['a note']);
  const file = await writeXlsx(wb, at(name));
  const zip = await JSZip.loadAsync(readFileSync(file));
  const part = `xl/worksheets/sheet${wb.worksheets.length}.xml`;
  expect(await zip.file(part)!.async('string')).toContain('<dimension ref=');
  await edit(zip, part);
  writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return file;
}

/** Sets the declared (central directory) uncompressed size of one part, as a crafted zip would. */
function declareSize(buf: Buffer, part: string, size: number): Buffer {
  const out = Buffer.from(buf);
  for (let i = out.length - 46; i >= 0; i--) {
    if (out.readUInt32LE(i) !== 0x02014b50) continue;
    const nameLen = out.readUInt16LE(i + 28);
    if (out.toString('utf8', i + 46, i + 46 + nameLen) === part) { out.writeUInt32LE(size, i + 24); return out; }
  }
  throw new Error(`no central directory entry for ${part}`);
}

let claimsHuge: string;
let declaredHuge: string;

beforeAll(async () => {
  // 1,048,576 rows × 50 columns claimed by the ignored sheet's dimension; a few KB on disk.
  claimsHuge = await workbook('claims-huge.xlsx', async (zip, part) => {
    const xml = await zip.file(part)!.async('string');
    zip.file(part, xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:AX1048576"/>'));
  });
  // The same sheet part declared to unpack to 3.5 GB.
  const plain = await workbook('declared-huge.xlsx', async () => undefined);
  declaredHuge = at('declared-huge.xlsx');
  writeFileSync(declaredHuge, declareSize(readFileSync(plain), 'xl/worksheets/sheet6.xml', 3_500_000_000));
});

test('the test files are small and really say what they claim', async () => {
  expect(readFileSync(claimsHuge).length).toBeLessThan(100_000);
  const m = await measureWorkbook(claimsHuge);
  expect(m!.sheets.find((s) => s.name === 'Scratch')).toMatchObject({ rows: 1_048_576, columns: 50 });
  const d = await measureWorkbook(declaredHuge).catch((e: Error) => e);
  expect(d).not.toBeInstanceOf(Error);
  expect((d as Awaited<ReturnType<typeof measureWorkbook>>)!.sheets.find((s) => s.name === 'Scratch')!.xmlBytes).toBe(3_500_000_000);
});

test('a dimension of 1,048,576 rows × 50 columns on an ignored sheet: one line naming the sheet, its size and the limit, exit 2', async () => {
  const r = await runMain('validate', claimsHuge, '--annotate', at('a.xlsx'), '--fix', at('f.xlsx'));
  expect(r.code).toBe(2);
  // --annotate and --fix stream the read like validate alone (they write from the file, not a model): the streamed limit.
  expect(oneLine(r)).toBe(`ctms-collect: Sheet Scratch in claims-huge.xlsx is too large to read: 1,048,576 rows × 50 columns = 52,428,800 cells (at most ${maxCells().toLocaleString('en-US')} cells in all); delete unused rows and columns or split it`);
  expect(t.files()).not.toContain('a.xlsx');
});

test('a sheet part declared to unpack to 3.5 GB: one line, exit 2', async () => {
  const r = await runMain('validate', declaredHuge);
  expect(r.code).toBe(2);
  // Streamed (issue 15): the sheet's XML costs time, not memory, so its limit is higher than ExcelJS's 100 MB.
  expect(oneLine(r)).toMatch(/^ctms-collect: Sheet Scratch in declared-huge\.xlsx is too large to read: 3,338 MB unpacked \(at most 2,048 MB\)/);
});

test('refused before loading: the real CLI with a 64 MB heap answers in one line, no crash', () => {
  const bin = path.join(__dirname, '..', '..', 'bin', 'ctms-collect.js');
  for (const file of [claimsHuge, declaredHuge]) {
    const r = spawnSync(process.execPath, ['--max-old-space-size=64', bin, 'validate', file], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/too large to read/);
  }
});

test('a workbook that fits is measured and read as before', async () => {
  const ok = await writeXlsx(xlsxOf(clean() as never), at('ok.xlsx'));
  const m = await measureWorkbook(ok);
  expect(m!.sheets.length).toBeGreaterThan(0);
  expect(() => checkLimits(m!, ok)).not.toThrow();
  const r = await runMain('validate', ok, '--quiet');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
});

test('dimensions: ranges, single cells, absolute refs; the limits add up across sheets', () => {
  expect(dimensionSize('<worksheet><dimension ref="A1:K1048576"/>')).toEqual({ rows: 1_048_576, columns: 11 });
  expect(dimensionSize('<x:dimension ref="B2"/>')).toEqual({ rows: 1, columns: 1 });
  expect(dimensionSize('<dimension ref="$A$1:$XFD$3"/>')).toEqual({ rows: 3, columns: 16_384 });
  expect(dimensionSize('<sheetData>')).toBeNull();
  const sheet = (name: string, rows: number) => ({ name, part: `${name}.xml`, xmlBytes: 1000, rows, columns: 10 });
  expect(() => checkLimits({ fileBytes: 1, totalBytes: 1, sheets: [sheet('A', 100_000), sheet('B', 100_000)] }, 'w.xlsx')).not.toThrow();
  expect(() => checkLimits({ fileBytes: 1, totalBytes: 1, sheets: [sheet('A', 100_000), sheet('B', 100_000), sheet('C', 100_000)] }, 'w.xlsx'))
    .toThrow('w.xlsx is too large to read: its sheets hold 3,000,000 cells together (at most 2,500,000)');
});
