/**
 * The engine's view of a worksheet: plain values only, so the same rules run on
 * values read by the Office JavaScript API in the task pane and by ExcelJS on the command line.
 * Dates arrive either as JS Date (ExcelJS), Excel serial numbers, or text.
 */
export type CellValue = string | number | boolean | Date | null;

export interface SheetData {
  /** Sheet name as it appears in the workbook. */
  name: string;
  /** Row 1 as given; index = 0-based column. */
  headers: string[];
  /** Data rows (row 2 onward, empty rows skipped); each row indexed like `headers`. */
  rows: CellValue[][];
  /** Excel row number of each entry of `rows` (kept because empty rows are skipped). */
  rowNumbers: number[];
  /** Optional: number format per column (first data row's), used to read serial dates. */
  numberFormats?: (string | null)[];
}

export interface WorkbookData {
  sheets: SheetData[];
}
