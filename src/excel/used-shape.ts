import { columnLetter } from '../core/sheet/address';
import { INTERNAL_SHEET_VISIBILITY } from './internal-sheet';

export interface UsedShape { ws: Excel.Worksheet; rows: number; cols: number }

/** The sheet's used extent (rows and columns up to its last used cell), or null when there is no such sheet. */
export async function usedShape(ctx: Excel.RequestContext, name: string): Promise<UsedShape | null> {
  const ws = ctx.workbook.worksheets.getItemOrNullObject(name);
  await ctx.sync();
  // Asked only once the sheet is known to exist: a null object's methods throw.
  if (ws.isNullObject) return null;
  const used = ws.getUsedRangeOrNullObject(true).load('rowIndex, rowCount, columnIndex, columnCount');
  await ctx.sync();
  if (used.isNullObject) return { ws, rows: 0, cols: 0 };
  return { ws, rows: used.rowIndex + used.rowCount, cols: used.columnIndex + used.columnCount };
}

/**
 * Adds one of the add-in's own hidden sheets (the transfer log, its steps) with its header row,
 * and gives its shape as usedShape would: the header alone.
 */
export async function addInternalSheet(ctx: Excel.RequestContext, name: string, header: readonly string[], opts: { bold?: boolean } = {}): Promise<UsedShape> {
  const ws = ctx.workbook.worksheets.add(name);
  ws.visibility = INTERNAL_SHEET_VISIBILITY;
  const h = ws.getRange(`A1:${columnLetter(header.length - 1)}1`);
  h.values = [[...header]];
  if (opts.bold) h.format.font.bold = true;
  await ctx.sync();
  return { ws: ctx.workbook.worksheets.getItem(name), rows: 1, cols: header.length };
}
