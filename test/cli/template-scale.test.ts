import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { defaultStandard } from '../../src/core/standard/load';
import { buildTemplatePlan, LAST_ROW } from '../../src/core/template/plan';
import { columnLetter } from '../../src/core/sheet/address';
import { buildTemplateWorkbook } from '../../src/cli/xlsx-write';
import { EXPAND_LIMIT, rangeCells } from '../../src/cli/xlsx-validations';

/**
 * The CLI template's rules reach every row: one data validation per column on
 * the whole column below the header, number formats on the column, and the
 * error alert's style from the standard (warning where a transformation
 * proposes a fix). Read back from the written file, with ExcelJS and as XML.
 */

type Dv = ExcelJS.DataValidation & { sqref?: string };
const std = defaultStandard();
const plan = buildTemplatePlan(std);

let buffer: Buffer;
let wb: ExcelJS.Workbook;
beforeAll(async () => {
  buffer = Buffer.from(await buildTemplateWorkbook(std).xlsx.writeBuffer());
  wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as never);
});

const modelOf = (ws: ExcelJS.Worksheet) => (ws as unknown as { dataValidations: { model: Record<string, Dv> } }).dataValidations.model;

test('each column has one whole-column rule below the header, with the plan\'s alert style and words', () => {
  for (const sheet of plan.sheets) {
    const model = modelOf(wb.getWorksheet(sheet.name)!);
    expect(Object.keys(model).sort()).toEqual(sheet.columns.map((_, i) => `${columnLetter(i)}2:${columnLetter(i)}${LAST_ROW}`).sort());
    sheet.columns.forEach((c, i) => {
      const v = model[`${columnLetter(i)}2:${columnLetter(i)}${LAST_ROW}`]!;
      expect(v.promptTitle).toBe(c.promptTitle);
      if (c.errorAlert) {
        expect(v.showErrorMessage).toBe(true);
        expect(v.errorStyle).toBe(c.errorAlert.style);
        expect(v.error).toBe(c.errorAlert.message);
      } else {
        expect(v.showErrorMessage).toBeFalsy();
      }
    });
  }
});

test('text dates and mapped spellings warn; lists nothing can fix and counts stop', () => {
  const col = (sheet: string, key: string) => plan.sheets.find((s) => s.name === sheet)!.columns.find((c) => c.key === key)!;
  const model = (sheet: string, key: string) => {
    const s = plan.sheets.find((x) => x.name === sheet)!;
    const i = s.columns.findIndex((c) => c.key === key);
    return modelOf(wb.getWorksheet(sheet)!)[`${columnLetter(i)}2:${columnLetter(i)}${LAST_ROW}`]!;
  };
  expect(col('Sites', 'fsfv_date').errorAlert?.style).toBe('warning');
  expect(model('Sites', 'fsfv_date').errorStyle).toBe('warning');
  expect(model('Site Staff', 'role').errorStyle).toBe('warning'); // T-ROLE maps role spellings
  expect(model('Studies', 'phase').errorStyle).toBe('warning'); // T-PHASE
  const counts = plan.sheets.flatMap((s) => s.columns).filter((c) => c.validation?.kind === 'wholeNumber');
  expect(counts.length).toBeGreaterThan(0);
  expect(counts.every((c) => c.errorAlert?.style === 'stop')).toBe(true);
});

test('the file holds each rule once (no per-row copies) and stays small', async () => {
  const zip = await JSZip.loadAsync(buffer);
  const sheetXml = await zip.file('xl/worksheets/sheet4.xml')!.async('string'); // Sites (after Instructions, Organizations, Studies)
  const sites = plan.sheets.find((s) => s.name === 'Sites')!;
  expect((sheetXml.match(/<dataValidation /g) ?? []).length).toBe(sites.columns.length);
  expect(sheetXml).toContain(`sqref="A2:A${LAST_ROW}"`);
  expect(sheetXml).toMatch(/<col [^>]*style=/); // number formats on whole columns
  expect(buffer.length).toBeLessThan(100_000);
});

test('reading a whole-column rule keeps it as one range, and writing it back keeps the range', async () => {
  expect(rangeCells(`B2:B${LAST_ROW}`)).toBeGreaterThan(EXPAND_LIMIT);
  expect(rangeCells('B2:C3')).toBe(4);
  const again = Buffer.from(await wb.xlsx.writeBuffer());
  const zip = await JSZip.loadAsync(again);
  const xml = await zip.file('xl/worksheets/sheet4.xml')!.async('string');
  expect(xml).toContain(`sqref="A2:A${LAST_ROW}"`);
  expect(xml).toMatch(/errorStyle="warning"/);
});

test('small validation ranges are still read cell by cell', async () => {
  const w = new ExcelJS.Workbook();
  const ws = w.addWorksheet('S');
  (ws as unknown as { dataValidations: { add(a: string, v: Dv): void } }).dataValidations.add('B2:B4', { type: 'list', allowBlank: true, formulae: ['"a,b"'] });
  const r = new ExcelJS.Workbook();
  await r.xlsx.load(await w.xlsx.writeBuffer());
  expect(Object.keys(modelOf(r.getWorksheet('S')!)).sort()).toEqual(['B2', 'B3', 'B4']);
});
