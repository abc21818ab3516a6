import { TEXT_FORMAT } from '../core/template/plan';
import { ACTION_COST, Batch, jsonLength } from './budget';
import { withEventsOff, type ExcelHost } from './host';
import { INTERNAL_SHEET_VISIBILITY } from './internal-sheet';

/**
 * The mapping profile stored in the workbook, so the pane and the command line
 * share it: the profile's cells (JSON in parts that fit a cell) down column A of
 * a VeryHidden sheet. Every cell is text ("@") before its value is written, so a
 * part that starts with "=" or "-" is never taken for a formula or a number.
 */

/** Cells per write request: parts are at most a cell's 32,767 characters. */
const CELLS_PER_REQUEST = 50;

/** The stored cells, or null when the workbook holds no profile. */
export async function readMappingCells(host: ExcelHost, sheet: string): Promise<string[] | null> {
  return host.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItemOrNullObject(sheet);
    await ctx.sync();
    if (ws.isNullObject) return null;
    const used = ws.getUsedRangeOrNullObject(true).load('rowIndex, rowCount, columnIndex');
    await ctx.sync();
    if (used.isNullObject || used.columnIndex !== 0) return null;
    const range = ws.getRange(`A1:A${used.rowIndex + used.rowCount}`).load('values');
    await ctx.sync();
    return range.values.map((r) => String(r[0] ?? '')).filter((v) => v !== '');
  });
}

/** Replace the stored cells (the sheet is created VeryHidden the first time). */
export async function writeMappingCells(host: ExcelHost, sheet: string, cells: string[]): Promise<void> {
  await host.run(async (ctx) => {
    let ws = ctx.workbook.worksheets.getItemOrNullObject(sheet);
    await ctx.sync();
    await withEventsOff(host, ctx, async () => {
      if (ws.isNullObject) {
        ws = ctx.workbook.worksheets.add(sheet);
        ws.visibility = INTERNAL_SHEET_VISIBILITY;
      } else {
        // A shorter profile leaves no parts of the longer one behind.
        ws.getRange('A:A').clear('Contents');
      }
      const batch = new Batch(ctx);
      for (let r = 0; r < cells.length; r += CELLS_PER_REQUEST) {
        const slice = cells.slice(r, r + CELLS_PER_REQUEST).map((c) => [c]);
        const range = ws.getRange(`A${r + 1}:A${r + slice.length}`);
        range.numberFormat = slice.map(() => [TEXT_FORMAT]);
        range.values = slice;
        await batch.reserve(ACTION_COST * 2 + 2 * jsonLength(slice));
      }
      await batch.flush();
    });
  });
}
