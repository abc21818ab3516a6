import type { StyleChange } from './styles';

export type PatchValue = string | number | boolean | Date | null;

/** One cell's change: a new value, a change to its format, or both. */
export interface CellEdit {
  /** Present when the value changes (null empties the cell). Text is always written as text. */
  value?: { v: PatchValue };
  style?: StyleChange;
}

/**
 * What changes in one sheet. Rows and columns are the sheet's own (row 1-based,
 * column 0-based, as the engine's proposals count them).
 */
export interface SheetPatch {
  cells: Map<number, Map<number, CellEdit>>;
  /** Cell notes by A1 address; a note already on that cell is replaced. */
  notes: Map<string, string>;
  /** Rows added after the sheet's last row. */
  appendRows?: PatchValue[][];
  /** Column widths to set (0-based column → width in characters). */
  widths?: Map<number, number>;
}

/**
 * A sheet written whole: added at the end of the workbook, or, when the
 * workbook already has a sheet of that name, put in its place (same position,
 * its content and visibility replaced).
 */
export interface NewSheet {
  name: string;
  /** 'veryHidden': not listed in Excel's Unhide dialog (the add-in's own data). */
  hidden: boolean | 'veryHidden';
  rows: PatchValue[][];
}

export interface WorkbookPatch {
  sheets: Map<string, SheetPatch>;
  newSheets?: NewSheet[];
}

export function emptySheetPatch(): SheetPatch {
  return { cells: new Map(), notes: new Map() };
}

export function editCell(p: SheetPatch, row: number, col: number, edit: CellEdit): void {
  let r = p.cells.get(row);
  if (!r) p.cells.set(row, (r = new Map()));
  const had = r.get(col);
  r.set(col, had ? { value: edit.value ?? had.value, style: { ...had.style, ...edit.style } } : edit);
}
