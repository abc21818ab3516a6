/** The surgical writer's cell edits, read back the way the tests read every workbook (ExcelJS). */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { readXlsx, tmpDir, writeXlsx } from '../../testing/builders/cli';
import { editCell, emptySheetPatch, type WorkbookPatch } from '../../src/cli/xlsx-patch/model';
import { writePatchedWorkbook } from '../../src/cli/xlsx-patch/writer';

const t = tmpDir();
const at = (f: string) => path.join(t.dir, f);
afterAll(() => t.cleanup());

const noteText = (c: ExcelJS.Cell): string | undefined => {
  const n = c.note as string | ExcelJS.Comment | undefined;
  return n === undefined ? undefined : typeof n === 'string' ? n : (n.texts ?? []).map((x) => x.text).join('');
};
const argb = (c: ExcelJS.Cell) => (c.fill && c.fill.type === 'pattern' ? c.fill.fgColor?.argb : undefined);

async function patched(build: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void, patch: (p: ReturnType<typeof emptySheetPatch>) => void, name: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Data');
  build(ws, wb);
  await writeXlsx(wb, at(`${name}.in.xlsx`));
  const sp = emptySheetPatch();
  patch(sp);
  const p: WorkbookPatch = { sheets: new Map([['Data', sp]]) };
  await writePatchedWorkbook(at(`${name}.in.xlsx`), at(`${name}.out.xlsx`), p);
  return (await readXlsx(at(`${name}.out.xlsx`))).getWorksheet('Data')!;
}

test('text that looks like a number or a formula stays text; dates become dates; other cells keep their values and formats', async () => {
  const ws = await patched((s) => {
    s.addRow(['Name', 'Phone', 'Code', 'Formula', 'Date', 'Kept']);
    s.addRow(['Ana', 1, 2, 3, 'March 4, 2023', 12.5]);
    s.getCell('F2').numFmt = '0.000';
  }, (p) => {
    editCell(p, 2, 1, { value: { v: '+1 555 0100' } });
    editCell(p, 2, 2, { value: { v: '007' } });
    editCell(p, 2, 3, { value: { v: '=A1' } });
    editCell(p, 2, 4, { value: { v: new Date(Date.UTC(2023, 2, 4)) } });
  }, 'types');
  expect(ws.getCell('B2').value).toBe('+1 555 0100');
  expect(ws.getCell('C2').value).toBe('007');
  expect(ws.getCell('C2').numFmt).toBe('@');
  expect(ws.getCell('D2').value).toBe('=A1');
  expect(ws.getCell('D2').type).toBe(ExcelJS.ValueType.String);
  expect(ws.getCell('E2').value).toEqual(new Date(Date.UTC(2023, 2, 4)));
  expect(ws.getCell('E2').numFmt).toBe('yyyy-mm-dd');
  expect(ws.getCell('A2').value).toBe('Ana');
  expect(ws.getCell('F2').value).toBe(12.5);
  expect(ws.getCell('F2').numFmt).toBe('0.000');
});

test('a mark on a cell with a format keeps the format; an empty cell, a missing row and a row after the last are created in order', async () => {
  const ws = await patched((s) => {
    s.addRow(['A', 'B', 'C']);
    s.addRow([1, null, 3]);
    s.getCell('A2').numFmt = '0.00';
    s.getCell('A2').font = { bold: true };
    s.getCell('A5').value = 'five';
  }, (p) => {
    editCell(p, 2, 0, { style: { fill: '#F4B6B6' } });
    editCell(p, 2, 1, { style: { fill: '#FFE08A' } });
    editCell(p, 3, 2, { style: { fill: '#B8DDF5' }, value: { v: 'new' } });
    editCell(p, 9, 0, { value: { v: 9 } });
    p.notes.set('B2', 'empty, and required');
  }, 'order');
  expect(argb(ws.getCell('A2'))).toBe('FFF4B6B6');
  expect(ws.getCell('A2').numFmt).toBe('0.00');
  expect(ws.getCell('A2').font?.bold).toBe(true);
  expect(ws.getCell('A2').value).toBe(1);
  expect(argb(ws.getCell('B2'))).toBe('FFFFE08A');
  expect(noteText(ws.getCell('B2'))).toBe('empty, and required');
  expect(ws.getCell('C2').value).toBe(3);
  expect(ws.getCell('C3').value).toBe('new');
  expect(ws.getCell('A5').value).toBe('five');
  expect(ws.getCell('A9').value).toBe(9);
  // The neighbours of a marked cell are not repainted.
  expect(argb(ws.getCell('C2'))).toBeUndefined();
});

test("notes join the sheet's own notes: the user's note on another cell is kept", async () => {
  const ws = await patched((s) => {
    s.addRow(['A', 'B']);
    s.addRow(['x', 'y']);
    s.getCell('A1').note = 'the partner wrote this';
  }, (p) => {
    editCell(p, 2, 1, { style: { fill: '#F4B6B6' } });
    p.notes.set('B2', 'Error: a reason\nand another');
  }, 'notes');
  expect(noteText(ws.getCell('A1'))).toBe('the partner wrote this');
  expect(noteText(ws.getCell('B2'))).toBe('Error: a reason\nand another');
});

test('a workbook in the 1904 date system gets the date it is given', async () => {
  const ws = await patched((s, wb) => {
    wb.properties.date1904 = true;
    s.addRow(['When']);
    s.addRow(['soon']);
  }, (p) => editCell(p, 2, 0, { value: { v: new Date(Date.UTC(2024, 1, 29)) } }), 'd1904');
  expect(ws.getCell('A2').value).toEqual(new Date(Date.UTC(2024, 1, 29)));
});
