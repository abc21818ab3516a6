import { columnLetter } from '../core/sheet/address';
import { TEXT_FORMAT } from '../core/template/plan';
import {
  APPROVED_COLUMN, isWorklistHeader, readWorklistGrid, TRANSLATIONS_SHEET, WORKLIST_WIDTHS, worklistGrid, type WorklistRow,
} from '../core/translate';
import { ACTION_COST, Batch, jsonLength, PAYLOAD_BUDGET } from './budget';
import { withEventsOff, type ExcelHost } from './host';
import { charsToPoints } from './template';

/**
 * The Translations sheet in the open workbook: the worklist a translator
 * fills (one row per distinct text in another script), read back for the
 * approved English. Rewriting it keeps what the translator entered: the
 * store carries every approval into the new rows before it writes.
 */

export class TranslationsConflictError extends Error {
  constructor() {
    super(`This workbook already has a sheet named "${TRANSLATIONS_SHEET}" that is not a translation worklist. Rename it to write the worklist; nothing was changed.`);
    this.name = 'TranslationsConflictError';
  }
}

/** Rows per write: a worklist of thousands of texts stays well inside Excel on the web's 5 MB request limit. */
const CHUNK_ROWS = 500;
const HEADER_FILL = '#1F6F78';
const INPUT_FILL = '#FFF8E1';

/** `budget`: bytes per request (tests lower it with the fake's limit). */
export async function writeTranslations(host: ExcelHost, rows: WorklistRow[], budget = PAYLOAD_BUDGET): Promise<{ sheet: string; rows: number }> {
  return host.run(async (ctx) => {
    let ws = ctx.workbook.worksheets.getItemOrNullObject(TRANSLATIONS_SHEET);
    await ctx.sync();
    let previous: Excel.Range | null = null;
    if (!ws.isNullObject) {
      const used = ws.getUsedRangeOrNullObject(true).load(['values', 'rowIndex']);
      const formatted = ws.getUsedRangeOrNullObject().load('address');
      await ctx.sync();
      // An empty sheet of that name is reused; one holding anything but a worklist is the user's, never replaced.
      if (!used.isNullObject && (used.rowIndex !== 0 || !isWorklistHeader(used.values[0] ?? []))) throw new TranslationsConflictError();
      if (!formatted.isNullObject) previous = formatted;
    }
    const grid = worklistGrid(rows).map((r) => r.map(String));
    const last = columnLetter(grid[0]!.length - 1);
    await withEventsOff(host, ctx, async () => {
      if (ws.isNullObject) ws = ctx.workbook.worksheets.add(TRANSLATIONS_SHEET);
      else previous?.clear('All');
      const batch = new Batch(ctx, budget);
      for (let i = 0; i < grid.length; i += CHUNK_ROWS) {
        const chunk = grid.slice(i, i + CHUNK_ROWS);
        await batch.reserve(2 * jsonLength(chunk) + 2 * ACTION_COST);
        const range = ws.getRange(`A${i + 1}:${last}${i + chunk.length}`);
        // Text before values: a source text such as "1-2" or "0012" stays the text the partner wrote.
        range.numberFormat = chunk.map((r) => r.map(() => TEXT_FORMAT));
        range.values = chunk;
      }
      const header = ws.getRange(`A1:${last}1`);
      header.format.font.bold = true;
      header.format.font.color = '#FFFFFF';
      header.format.fill.color = HEADER_FILL;
      ws.freezePanes.freezeRows(1);
      WORKLIST_WIDTHS.forEach((w, i) => { ws.getRange(`${columnLetter(i)}:${columnLetter(i)}`).format.columnWidth = charsToPoints(w); });
      if (grid.length > 1) {
        const col = columnLetter(APPROVED_COLUMN);
        const input = ws.getRange(`${col}2:${col}${grid.length}`);
        input.format.fill.color = INPUT_FILL;
        input.format.protection.locked = false;
      }
      ws.activate();
      await ctx.sync();
    });
    return { sheet: TRANSLATIONS_SHEET, rows: rows.length };
  });
}

/** The worklist as filled: null when the workbook has no Translations sheet; throws when the sheet is not a worklist. */
export async function readTranslations(host: ExcelHost): Promise<{ source: string; approved: string | null }[] | null> {
  return host.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItemOrNullObject(TRANSLATIONS_SHEET);
    await ctx.sync();
    if (ws.isNullObject) return null;
    const used = ws.getUsedRangeOrNullObject(true).load(['values', 'rowIndex', 'columnIndex']);
    await ctx.sync();
    if (used.isNullObject) return [];
    // Padded to the sheet's own rows and columns: the header must be on row 1 for the columns to be found.
    const values = [...Array.from({ length: used.rowIndex }, () => []), ...used.values.map((r) => [...Array.from({ length: used.columnIndex }, () => null), ...r])];
    return readWorklistGrid(values);
  });
}
