/**
 * Issue 15 item 1: the streaming .xlsx reader gives exactly the rows the
 * ExcelJS model gave (rawWorkbook), on workbooks made from the real ctgov
 * data, the template, and hand-written XML for what ExcelJS never writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { streamWorkbook, isDateFormat, excelToDate } from '../../src/cli/xlsx-stream';
import { rawWorkbook, readRawFile } from '../../src/cli/partner-read';
import { readCtgov, ctgovWorkbook } from '../../testing/builders/ctgov';
import { writeWorkbook } from '../../testing/builders/xlsx';
import { tmpDir, readXlsx, writeXlsx, xlsxOf } from '../../testing/builders/cli';
import { oneLine, runMain } from '../../testing/builders/cli-main';
import { clean } from '../../testing/builders/wb';
import { InputError } from '../../src/cli/errors';

const t = tmpDir();
const at = (f: string) => path.join(t.dir, f);
afterAll(() => t.cleanup());

async function sameAsExcelJS(file: string): Promise<void> {
  const streamed = await streamWorkbook(file);
  const model = rawWorkbook(await readXlsx(file));
  expect(streamed.raw.sheets.map((s) => s.name)).toEqual(model.sheets.map((s) => s.name));
  for (let i = 0; i < model.sheets.length; i++) expect(streamed.raw.sheets[i]).toEqual(model.sheets[i]);
}

describe('the same rows as the ExcelJS model', () => {
  test('the template filled with the real ctgov studies, sites and people', async () => {
    const file = at('ctgov.xlsx');
    await writeWorkbook(file, ctgovWorkbook(readCtgov()));
    const streamed = await streamWorkbook(file);
    expect(streamed.raw.sheets.reduce((n, s) => n + s.rows.length, 0)).toBeGreaterThan(50);
    await sameAsExcelJS(file);
  });

  test('the empty template (its hidden lists sheet included)', async () => {
    const file = at('template.xlsx');
    expect((await runMain('template', '--out', file)).code).toBe(0);
    await sameAsExcelJS(file);
    expect((await streamWorkbook(file)).sheets.some((s) => s.state !== 'visible')).toBe(true);
  });

  test('the clean test workbook as plain ExcelJS writes it', async () => {
    await sameAsExcelJS(await writeXlsx(xlsxOf(clean() as never), at('clean.xlsx')));
  });

  for (const date1904 of [false, true]) {
    test(`values of every kind, formulas, rich text, links, merges, dates (${date1904 ? '1904' : '1900'} system)`, async () => {
      const wb = new ExcelJS.Workbook();
      wb.properties.date1904 = date1904;
      const ws = wb.addWorksheet('Kinds');
      ws.addRow(['text', 'number', 'date', 'custom date', 'time', 'bool', 'error', 'formula', 'rich', 'link', 'pct']);
      ws.addRow(['a', 1.5, new Date(Date.UTC(2024, 1, 29)), new Date(Date.UTC(1900, 1, 28, 12)), new Date(Date.UTC(1899, 11, 31, 6, 30)), true,
        { error: '#N/A' }, { formula: 'B2*2', result: 3 }, { richText: [{ text: 'Ri', font: { bold: true } }, { text: 'ch' }] },
        { text: 'site', hyperlink: 'https://example.org' }, 0.25]);
      ws.addRow([null, null, null, null, null, false, { error: '#DIV/0!' }, { formula: 'A1', result: 'str' }, null, { text: 42 as unknown as string, hyperlink: 'https://example.org/42' }]);
      ws.addRow([]);
      ws.addRow(['  ', null, null]);
      ws.addRow([{ formula: 'TODAY()', result: new Date(Date.UTC(2020, 0, 1)) }, { formula: 'B2>1', result: true }, { formula: 'NA()', result: { error: '#N/A' } }, { formula: 'X' }]);
      ws.getRow(2).getCell(3).numFmt = 'yyyy-mm-dd';
      ws.getRow(2).getCell(4).numFmt = '[$-409]d mmm yyyy;@';
      ws.getRow(2).getCell(5).numFmt = 'h:mm';
      ws.getRow(2).getCell(11).numFmt = '0.00%';
      ws.getRow(6).getCell(1).numFmt = 'dd/mm/yyyy';
      ws.getCell('B2').numFmt = '"d"0.0';
      ws.addRow(['shared', 1, 2]);
      ws.getCell('D7').value = { formula: 'B7+C7', result: 3, shareType: 'shared', ref: 'D7:D8' } as ExcelJS.CellValue;
      ws.addRow(['shared2', 2, 3]);
      ws.getCell('D8').value = { sharedFormula: 'D7', result: 5 } as ExcelJS.CellValue;
      ws.getCell('A10').value = 'merged label';
      ws.mergeCells('A10:B12');
      ws.getCell('F12').value = 'after';
      const hidden = wb.addWorksheet('Hidden', { state: 'veryHidden' });
      hidden.addRow(['x', 1]);
      const file = await writeXlsx(wb, at(`kinds-${date1904}.xlsx`));
      await sameAsExcelJS(file);
      const s = await streamWorkbook(file);
      expect(s.date1904).toBe(date1904);
      expect(s.sheets[0]!.merges).toEqual(['A10:B12']);
      expect(s.sheets[1]!.state).toBe('veryHidden');
      const row2 = s.raw.sheets[0]!.rows[1]!;
      expect(row2[2]).toEqual(new Date(Date.UTC(2024, 1, 29)));
      expect(row2[1]).toBe(1.5); // a quoted "d" is text, not a day
      expect(row2[6]).toBe('#N/A');
      expect(row2[8]).toBe('Rich');
    });
  }
});

/** A workbook whose parts are written by hand: what Excel and other writers produce that ExcelJS does not. */
async function handMade(name: string, sheetXml: string, extra: { sharedStrings?: string; styles?: string; workbookPr?: string; prefix?: string } = {}): Promise<string> {
  const zip = new JSZip();
  const p = extra.prefix ?? '';
  const ns = p ? ` xmlns:${p.slice(0, -1)}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"` : ' xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  zip.file('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  zip.file('_rels/.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>');
  zip.file('xl/workbook.xml', `<${p}workbook${ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${extra.workbookPr ?? ''}<${p}sheets><${p}sheet name="Data &amp; more" sheetId="1" r:id="rId1"/></${p}sheets></${p}workbook>`);
  zip.file('xl/_rels/workbook.xml.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
    <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/xl/styles.xml"/></Relationships>`);
  zip.file('xl/sharedStrings.xml', extra.sharedStrings ?? '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>');
  zip.file('xl/styles.xml', extra.styles ?? `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
    <numFmts count="2"><numFmt numFmtId="164" formatCode="[Red]&quot;Day&quot;\\ 0"/><numFmt numFmtId="165" formatCode="dd\\.mm\\.yyyy"/></numFmts>
    <cellXfs count="5"><xf numFmtId="14"/><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>`);
  zip.file('xl/worksheets/sheet1.xml', `<${p}worksheet${ns}>${sheetXml}</${p}worksheet>`);
  const file = at(name);
  writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return file;
}

describe('hand-written sheet XML', () => {
  test('shared strings: rich runs joined, phonetic guides left out; inline strings; booleans; errors; t="d"', async () => {
    const file = await handMade('kinds.xlsx', `<dimension ref="A1:F3"/><sheetData>
      <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><r><t>in</t></r><r><t xml:space="preserve">line </t></r><rPh sb="0" eb="1"><t>イン</t></rPh></is></c><c r="D1" t="b"><v>1</v></c><c r="E1" t="e"><v>#REF!</v></c><c r="F1" t="d"><v>2024-03-05T00:00:00Z</v></c></row>
      <row r="3"><c r="B3" t="str"><f>A1&amp;"x"</f><v>a &lt; b</v></c><c r="C3" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D3"><f t="shared" si="0" ref="D3:D4"/><v>7</v></c><c r="E3" s="1"/></row>
    </sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>`, {
      sharedStrings: '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>plain</t></si><si><r><t>東京</t></r><r><rPr><b/></rPr><t>都</t></r><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si></sst>',
    });
    const s = await streamWorkbook(file);
    expect(s.raw.sheets[0]!.name).toBe('Data & more');
    // B1 is merged into A1: it reads as A1, as in the ExcelJS model.
    expect(s.raw.sheets[0]!.rows).toEqual([
      ['plain', 'plain', 'inline ', true, '#REF!', new Date(Date.UTC(2024, 2, 5))],
      [null, 'a < b', '#DIV/0!', 7],
    ]);
    expect(s.raw.sheets[0]!.rowNumbers).toEqual([1, 3]);
    expect(s.sheets[0]).toMatchObject({ dimension: 'A1:F3', merges: ['A1:B1'], state: 'visible' });
  });

  test('rows and cells without r attributes follow the previous ones; prefixed elements are read', async () => {
    const file = await handMade('no-r.xlsx', `<x:sheetData>
      <x:row><x:c><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c><x:c r="E1"><x:v>5</x:v></x:c><x:c><x:v>6</x:v></x:c></x:row>
      <x:row r="4"><x:c t="inlineStr"><x:is><x:t>four</x:t></x:is></x:c></x:row>
      <x:row><x:c r="B5"><x:v>0.5</x:v></x:c></x:row></x:sheetData>`, { prefix: 'x:' });
    const s = await streamWorkbook(file);
    expect(s.raw.sheets[0]!.rows).toEqual([[1, 2, null, null, 5, 6], ['four'], [null, 0.5]]);
    expect(s.raw.sheets[0]!.rowNumbers).toEqual([1, 4, 5]);
  });

  test.each([
    ['1900', '', 45356, new Date(Date.UTC(2024, 2, 5))],
    ['1904', '<workbookPr date1904="1"/>', 43894, new Date(Date.UTC(2024, 2, 5))],
    ['1900, before the phantom 29 Feb 1900 (as ExcelJS: one day early)', '', 59, new Date(Date.UTC(1900, 1, 27))],
  ])('date styles: built-in and custom formats, %s system', async (_, workbookPr, serial, date) => {
    const file = await handMade(`dates-${serial}.xlsx`, `<sheetData><row r="1">
      <c r="A1" s="2"><v>${serial}</v></c><c r="B1" s="4"><v>${serial}</v></c><c r="C1" s="3"><v>${serial}</v></c><c r="D1" s="0"><v>${serial}</v></c><c r="E1" s="2"><f>TODAY()</f><v>${serial}</v></c></row></sheetData>`, { workbookPr });
    const s = await streamWorkbook(file);
    // s="3" is "Day" 0 in red: quoted text and brackets are not date tokens; style 0 is never a date (as ExcelJS).
    expect(s.raw.sheets[0]!.rows).toEqual([[date, date, serial, serial, date]]);
  });

  test('date format tokens outside quotes and brackets', () => {
    expect(isDateFormat('yyyy-mm-dd')).toBe(true);
    expect(isDateFormat('[$-F800]dddd, mmmm dd, yyyy')).toBe(true);
    expect(isDateFormat('[h]:mm')).toBe(true);
    expect(isDateFormat('"Day "0')).toBe(false);
    expect(isDateFormat('[Red]0.00')).toBe(false);
    expect(isDateFormat('General')).toBe(false);
    expect(excelToDate(1, true)).toEqual(new Date(Date.UTC(1904, 0, 2)));
  });
});

describe('refusals in one line', () => {
  test('a truncated zip', async () => {
    const good = await writeXlsx(xlsxOf(clean() as never), at('good.xlsx'));
    const bytes = readFileSync(good);
    writeFileSync(at('cut.xlsx'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    const e = await readRawFile(at('cut.xlsx')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).toMatch(/^cut\.xlsx could not be read as an \.xlsx workbook \(corrupt or incomplete: .+\)$/);
  });

  test('a sheet that unpacks to more than the zip declares (a crafted zip): refused, not read on', async () => {
    const file = await handMade('liar.xlsx', `<sheetData>${'<row><c><v>1</v></c></row>'.repeat(2000)}</sheetData>`);
    const buf = readFileSync(file);
    // Lower the central directory's uncompressed size of the sheet part.
    for (let i = buf.length - 46; i >= 0; i--) {
      if (buf.readUInt32LE(i) !== 0x02014b50) continue;
      const n = buf.readUInt16LE(i + 28);
      if (buf.toString('utf8', i + 46, i + 46 + n) === 'xl/worksheets/sheet1.xml') buf.writeUInt32LE(1000, i + 24);
    }
    writeFileSync(file, buf);
    await expect(readRawFile(file)).rejects.toThrow(/^liar\.xlsx could not be read as an \.xlsx workbook \(corrupt or incomplete: .*declared/);
  });

  test('a zip without a workbook part', async () => {
    const zip = new JSZip();
    zip.file('hello.txt', 'hi');
    writeFileSync(at('nobook.xlsx'), await zip.generateAsync({ type: 'nodebuffer' }));
    await expect(readRawFile(at('nobook.xlsx'))).rejects.toThrow(/^nobook\.xlsx could not be read as an \.xlsx workbook/);
  });

  test('not a zip, an old .xls, empty: the same checks as before', async () => {
    writeFileSync(at('text.xlsx'), 'just some text');
    writeFileSync(at('old.xlsx'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3, 4]));
    writeFileSync(at('empty.xlsx'), '');
    await expect(readRawFile(at('text.xlsx'))).rejects.toThrow(/is not an \.xlsx workbook/);
    await expect(readRawFile(at('old.xlsx'))).rejects.toThrow(/password-protected or an old \.xls/);
    await expect(readRawFile(at('empty.xlsx'))).rejects.toThrow(/empty or too short/);
  });

  test('more cells than memory allows: refused from the dimension, or while counting when there is none', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c><c r="B${i + 1}"><v>${i}</v></c></row>`).join('');
    const withDim = await handMade('dim.xlsx', `<dimension ref="A1:B50"/><sheetData>${rows}</sheetData>`);
    const noDim = await handMade('nodim.xlsx', `<sheetData>${rows}</sheetData>`);
    await expect(streamWorkbook(withDim, { maxCells: 99 })).rejects.toThrow('Sheet Data & more in dim.xlsx is too large to read: 50 rows × 2 columns = 100 cells (at most 99 cells in all); delete unused rows and columns or split it');
    await expect(streamWorkbook(noDim, { maxCells: 99 })).rejects.toThrow('Sheet Data & more in nodim.xlsx is too large to read: more than 99 cells with values (at most 99 cells in all)');
    expect((await streamWorkbook(noDim, { maxCells: 100 })).raw.sheets[0]!.rows).toHaveLength(50);
  });

  test('merged header cells are still refused without the ExcelJS model', async () => {
    const wb = xlsxOf(clean() as never);
    wb.getWorksheet('Sites')!.mergeCells('A1:B1');
    const file = await writeXlsx(wb, at('merged.xlsx'));
    const r = await runMain('validate', file);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toBe('ctms-collect: Sheet Sites has merged header cells (A1:B1); unmerge them so each column has its own header');
  });
});

test('readRawFile: streamed without the model, ExcelJS with it; the same rows either way', async () => {
  const file = at('clean2.xlsx');
  await writeXlsx(xlsxOf(clean() as never), file);
  const streamed = await readRawFile(file);
  const model = await readRawFile(file, { model: true });
  expect(streamed.wb).toBeNull();
  expect(model.wb).not.toBeNull();
  expect(streamed.raw).toEqual(model.raw);
});
