/** The sheet's used extent (rows and columns up to its last used cell), or null when there is no such sheet. */
export async function usedShape(ctx: Excel.RequestContext, name: string): Promise<{ ws: Excel.Worksheet; rows: number; cols: number } | null> {
  const ws = ctx.workbook.worksheets.getItemOrNullObject(name);
  await ctx.sync();
  // Asked only once the sheet is known to exist: a null object's methods throw.
  if (ws.isNullObject) return null;
  const used = ws.getUsedRangeOrNullObject(true).load('rowIndex, rowCount, columnIndex, columnCount');
  await ctx.sync();
  if (used.isNullObject) return { ws, rows: 0, cols: 0 };
  return { ws, rows: used.rowIndex + used.rowCount, cols: used.columnIndex + used.columnCount };
}
