import ExcelJS from 'exceljs';
import { defaultStandard } from '../../src/core/standard/load';
import { verifyWorkbook } from '../../src/core/verify/engine';
import { buildTemplateWorkbook, annotateWorkbook, applyToWorkbook } from '../../src/cli/xlsx-write';
import { workbookData } from '../../src/cli/xlsx-read';
import { MARK_COLORS } from '../../src/core/verify/messages';

/**
 * ExcelJS shares one style object between cells read with the same style: a
 * fill set on one flagged cell must not repaint its neighbours or the header.
 */
async function reread(wb: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const again = new ExcelJS.Workbook();
  await again.xlsx.load(await wb.xlsx.writeBuffer());
  return again;
}

const argbOf = (c: ExcelJS.Cell) => (c.fill && c.fill.type === 'pattern' ? c.fill.fgColor?.argb ?? null : null);

test('annotating a filled template colours only the flagged cells', async () => {
  const std = defaultStandard();
  const wb = buildTemplateWorkbook(std);
  const ws = wb.getWorksheet('Organizations')!;
  ws.addRow(['ORG-1', 'General Hospital', 'Hospital', '', 'Boston', '', '', 'US', '+16175550100']);
  ws.addRow(['ORG-2', 'Royal Hospital', 'Hospital', '', 'London', '', '', 'United Kingdom', '']);
  const loaded = await reread(wb);
  const std2 = std;
  const result = verifyWorkbook(std2, workbookData(loaded, std2, 't.xlsx'));
  expect(result.proposals.map((p) => `${p.ruleId}@${p.row}`)).toEqual(['T-COUNTRY@3']);
  annotateWorkbook(loaded, std2, result);
  const out = (await reread(loaded)).getWorksheet('Organizations')!;
  const proposal = `FF${MARK_COLORS.proposal.slice(1).toUpperCase()}`;
  expect(argbOf(out.getCell('H3'))).toBe(proposal);
  expect(out.getCell('H3').note).toBeTruthy();
  expect(argbOf(out.getCell('H2'))).not.toBe(proposal);
  expect(argbOf(out.getCell('I2'))).not.toBe(proposal);
  expect(argbOf(out.getCell('H1'))).not.toBe(proposal);
  expect(argbOf(out.getCell('H4'))).not.toBe(proposal);
});

test('applying proposals sets a text format on that cell only', async () => {
  const std = defaultStandard();
  const wb = buildTemplateWorkbook(std);
  wb.getWorksheet('Organizations')!.addRow(['ORG-1', 'General Hospital', 'Hospital', '', 'Boston', '', '', 'US', '(617) 555-0100']);
  const loaded = await reread(wb);
  const result = verifyWorkbook(std, workbookData(loaded, std, 't.xlsx'));
  applyToWorkbook(loaded, result.proposals);
  const out = (await reread(loaded)).getWorksheet('Organizations')!;
  expect(out.getCell('I2').value).toBe('+16175550100');
  expect(out.getCell('I2').numFmt).toBe('@');
  expect(out.getCell('H2').value).toBe('US');
});
