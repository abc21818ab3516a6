/**
 * Writes samples/sample-migration.xlsx: a small v1 workbook as a partner would
 * send it — mostly clean, with the usual problems (US/EU dates, "USA",
 * "Investigator" roles, a Chinese name, an enrolment that contradicts itself,
 * duplicate investigators and organizations across spellings).
 * Run: npx tsx scripts/make-sample.ts
 */
import ExcelJS from 'exceljs';
import { defaultStandard } from '../src/core/standard/load';
import { buildTemplateWorkbook } from '../src/cli/xlsx-write';
import { SAMPLE_ROWS } from '../samples/sample-rows';

const rows = SAMPLE_ROWS;

async function main(): Promise<void> {
  const wb: ExcelJS.Workbook = buildTemplateWorkbook(defaultStandard());
  for (const [sheet, data] of Object.entries(rows)) {
    const ws = wb.getWorksheet(sheet)!;
    data.forEach((r, i) => r.forEach((v, c) => { ws.getCell(i + 2, c + 1).value = v as ExcelJS.CellValue; }));
  }
  await wb.xlsx.writeFile('samples/sample-migration.xlsx');
  console.log('samples/sample-migration.xlsx written');
}
void main();
