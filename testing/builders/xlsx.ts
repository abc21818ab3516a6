import type ExcelJS from 'exceljs';
import { defaultStandard } from '../../src/core/standard/load';
import { buildTemplateWorkbook } from '../../src/cli/xlsx-write';
import type { Sheets } from './wb';

const std = defaultStandard();

/** The standard's template filled with these rows, written as an .xlsx file (what a partner hands over). */
export async function writeWorkbook(file: string, sheets: Sheets): Promise<void> {
  const book = buildTemplateWorkbook(std);
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = book.getWorksheet(name)!;
    const cols = new Map<string, number>();
    ws.getRow(1).eachCell((cell, c) => { cols.set(String(cell.value), c); });
    rows.forEach((r, i) => {
      for (const [h, v] of Object.entries(r)) if (v !== null && v !== undefined) ws.getCell(i + 2, cols.get(h)!).value = v as ExcelJS.CellValue;
    });
  }
  await book.xlsx.writeFile(file);
}
