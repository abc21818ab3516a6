/**
 * Issue 13 item 5, and issue 15's surgical write: `validate --annotate A --fix F` builds no
 * workbook model (ExcelJS never parses it: the cells are streamed once, and each copy is the
 * input's parts with only the changed ones rewritten). The annotated copy carries the marks; the
 * fixed copy carries the fixes and, on the marked cells, exactly the user's own fill and note —
 * none of the annotation's.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { readXlsx, tmpDir, writeXlsx, xlsxOf } from '../../testing/builders/cli';
import { runMain } from '../../testing/builders/cli-main';
import { clean } from '../../testing/builders/wb';

// ExcelJS's reader class: every parse of a workbook, from a file or from bytes, goes through its load.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const XLSX = require('exceljs/lib/xlsx/xlsx') as { prototype: { load: (b: Buffer) => Promise<unknown> } };

const t = tmpDir();
const at = (f: string) => path.join(t.dir, f);
afterAll(() => t.cleanup());

const USER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF00B0F0' } };
const noteText = (c: ExcelJS.Cell): string | undefined => {
  const n = c.note as string | ExcelJS.Comment | undefined;
  return n === undefined ? undefined : typeof n === 'string' ? n : (n.texts ?? []).map((x) => x.text).join('');
};

test('--annotate with --fix: no workbook model; the fixed copy has the fixes and the user\'s own fills and notes, not the marks', async () => {
  const s = clean();
  s['Site Staff']![0]!.Role = 'PI'; // a proposal on D2
  s.Sites![0]!['LSLV Date'] = 'March 4, 2023'; // a proposal on I2
  s.Sites![0]!['Subjects Completed'] = 35; // errors on L2 and J2 (numbers, not fixed)
  s.Sites![0]!['Subjects Screened'] = 30;
  const wb = xlsxOf(s as never);
  const role = wb.getWorksheet('Site Staff')!.getCell('D2');
  role.fill = USER_FILL;
  role.note = 'checked by Ana';
  await writeXlsx(wb, at('in.xlsx'));

  // Never parsed as a workbook model, and never read whole into memory.
  const parses = jest.spyOn(XLSX.prototype, 'load');
  const reads = jest.spyOn(fsp, 'readFile');
  try {
    const r = await runMain('validate', at('in.xlsx'), '--annotate', at('a.xlsx'), '--fix', at('f.xlsx'), '--quiet');
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    expect(parses).toHaveBeenCalledTimes(0);
    expect(reads.mock.calls.filter(([f]) => String(f) === at('in.xlsx'))).toHaveLength(0);
  } finally {
    parses.mockRestore();
    reads.mockRestore();
  }

  const annotated = await readXlsx(at('a.xlsx'));
  expect(noteText(annotated.getWorksheet('Site Staff')!.getCell('D2'))).toMatch(/PI → Principal Investigator/);
  expect(noteText(annotated.getWorksheet('Sites')!.getCell('I2'))).toMatch(/March 4, 2023 → 2023-03-04/);
  expect(annotated.getWorksheet('Site Staff')!.getCell('D2').value).toBe('PI');

  const fixed = await readXlsx(at('f.xlsx'));
  const d2 = fixed.getWorksheet('Site Staff')!.getCell('D2');
  expect(d2.value).toBe('Principal Investigator');
  expect(noteText(d2)).toBe('checked by Ana');
  expect((d2.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FF00B0F0');
  const i2 = fixed.getWorksheet('Sites')!.getCell('I2');
  expect(i2.value).toEqual(new Date(Date.UTC(2023, 2, 4)));
  expect(noteText(i2)).toBeUndefined();
  expect((i2.fill as ExcelJS.FillPattern | undefined)?.fgColor).toBeUndefined();
  // Marked, not fixed: the number as it was, no note, no fill, no date format left from the marks.
  for (const a of ['J2', 'L2']) {
    const c = fixed.getWorksheet('Sites')!.getCell(a);
    expect(typeof c.value).toBe('number');
    expect(noteText(c)).toBeUndefined();
    expect((c.fill as ExcelJS.FillPattern | undefined)?.fgColor).toBeUndefined();
    expect(c.numFmt ?? 'General').toBe('General');
  }
  expect(noteText(annotated.getWorksheet('Sites')!.getCell('L2'))).toMatch(/Subjects Completed \(35\)/);
});
