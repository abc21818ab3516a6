/**
 * A patch that writes past a sheet's used range grows its `<dimension ref>`
 * to cover what it wrote (submit's result columns after the last column, the
 * log sheet's appended rows); a patch inside the range leaves the ref as it was.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { tmpDir, writeXlsx } from '../../testing/builders/cli';
import { editCell, emptySheetPatch, type SheetPatch } from '../../src/cli/xlsx-patch/model';
import { resultsPatch } from '../../src/cli/xlsx-patch/results';
import { usedRange, widenDimension } from '../../src/cli/xlsx-patch/sheet-stream';
import { sheetParts, writePatchedWorkbook } from '../../src/cli/xlsx-patch/writer';
import type { TransferLog } from '../../src/core/transfer/log';
import { LOG_SHEET } from '../../src/cli/xlsx-results';

const t = tmpDir();
const at = (f: string) => path.join(t.dir, f);
afterAll(() => t.cleanup());

function patchOf(edits: [number, number][], appendRows?: (string | null)[][]): SheetPatch {
  const p = emptySheetPatch();
  for (const [r, c] of edits) editCell(p, r, c, { value: { v: 'x' } });
  if (appendRows) p.appendRows = appendRows;
  return p;
}

test('the ref grows to take in edited cells and appended rows, and only then', () => {
  // Columns are 0-based in a patch: 13 is N.
  expect(widenDimension('A1:M7', patchOf([[2, 13], [2, 14], [5, 13]]))).toBe('A1:O7');
  expect(widenDimension('A1:M7', patchOf([[9, 0]]))).toBe('A1:M9');
  expect(widenDimension('B2:C3', patchOf([[1, 0]]))).toBe('A1:C3');
  expect(widenDimension('A1', patchOf([[1, 2]]))).toBe('A1:C1');
  // Inside the range: the ref is left exactly as written.
  expect(widenDimension('$A$1:$M$7', patchOf([[3, 4]]))).toBe('$A$1:$M$7');
  // Appended rows follow the last row (of the ref, or of the edits when those go further).
  expect(widenDimension('A1:D2', patchOf([], [['a', 'b', null, null, null, 'f']]))).toBe('A1:F3');
  expect(widenDimension('A1:D2', patchOf([[4, 0]], [['a']]))).toBe('A1:D5');
  // Not a plain range: not guessed at.
  expect(widenDimension('A1:B2 D4', patchOf([[9, 9]]))).toBe('A1:B2 D4');
});

test('a sheet written whole gets the range of its rows', () => {
  expect(usedRange([['h1', 'h2'], ['a', null, null, 'd'], []])).toBe('A1:D2');
  expect(usedRange([['only']])).toBe('A1');
  expect(usedRange([[null], []])).toBeUndefined();
});

/** The `<dimension ref>` of a sheet in a written workbook, read from its XML. */
async function dimensionOf(file: string, sheet: string): Promise<string | undefined> {
  const zip = await JSZip.loadAsync(await fsp.readFile(file));
  const part = sheetParts(await zip.file('xl/workbook.xml')!.async('string'), await zip.file('xl/_rels/workbook.xml.rels')!.async('string'), 'xl/workbook.xml').get(sheet)!;
  const xml = await zip.file(part)!.async('string');
  return /<dimension\b[^>]*\bref="([^"]*)"/.exec(xml)?.[1];
}

test("submit's result columns and the log sheet's new rows are inside the sheets' dimensions", async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sites');
  ws.addRow(['Study Number', 'Site Number', 'Site Name']);
  ws.addRow(['S-1', '001', 'Alpha']);
  ws.addRow(['S-1', '002', 'Beta']);
  await writeXlsx(wb, at('in.xlsx'));
  expect(await dimensionOf(at('in.xlsx'), 'Sites')).toBe('A1:C3');

  const log = (id: string) => ({
    transferId: id, status: 'done', startedAt: '2026-01-01T00:00:00Z',
    entities: [{ sheet: 'Sites', heldBack: [], records: [{ sheet: 'Sites', row: 2, result: { ok: true, id: 'V1' } }, { sheet: 'Sites', row: 3, result: { ok: true, id: 'V2' } }] }],
  }) as unknown as TransferLog;
  await writePatchedWorkbook(at('in.xlsx'), at('once.xlsx'), await resultsPatch(at('in.xlsx'), log('T-1')));
  // Status and target id in D and E.
  expect(await dimensionOf(at('once.xlsx'), 'Sites')).toBe('A1:E3');

  // Sent again: the columns are found where they are (the ref stays); the log sheet gains a row, and its ref with it.
  // The log sheet, written whole, says its range too.
  const logRow2 = (await new ExcelJS.Workbook().xlsx.readFile(at('once.xlsx'))).getWorksheet(LOG_SHEET)!.getRow(2).cellCount;
  expect(await dimensionOf(at('once.xlsx'), LOG_SHEET)).toBe(`A1:${String.fromCharCode(64 + logRow2)}2`);
  await writePatchedWorkbook(at('once.xlsx'), at('twice.xlsx'), await resultsPatch(at('once.xlsx'), log('T-2')));
  expect(await dimensionOf(at('twice.xlsx'), 'Sites')).toBe('A1:E3');
  const back = new ExcelJS.Workbook();
  await back.xlsx.readFile(at('twice.xlsx'));
  const logSheet = back.getWorksheet(LOG_SHEET)!;
  expect(logSheet.getCell('A3').value).toBe('T-2');
  const lastCol = Math.max(logSheet.getRow(3).cellCount, logRow2);
  expect(await dimensionOf(at('twice.xlsx'), LOG_SHEET)).toBe(`A1:${String.fromCharCode(64 + lastCol)}3`);
});
