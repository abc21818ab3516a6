import type { CellValue } from '../core/model/sheet';
import type { RawSheet, RawWorkbook } from '../core/mapping/types';
import { TRANSLATIONS_SHEET } from '../core/translate/sheet';
import { INSTRUCTIONS_SHEET, LISTS_SHEET } from '../core/template/plan';
import { QC_SHEET } from '../core/qc/sheet';
import { QC_CHECKLIST_SHEET, QC_LISTS_SHEET, QC_PLAN_SHEET } from '../core/qc/workbook';
import { ISSUES_SHEET } from '../core/qc/tracker';
import { AUDIT_SHEET } from '../core/audit/trail';
import { DASHBOARD_SHEET } from './dashboard';
import type { ExcelHost } from './host';
import { isEmptyRow, readBlocks, rowOf, type Block, type ReadProgress } from './read';

/**
 * Reading a partner's workbook as it arrived, before anything is known of its
 * layout: every visible sheet that is not one the add-in writes for itself,
 * every non-empty row with its Excel row number. The blocks are read the way
 * readWorkbook reads the standard's sheets (a few syncs, each request within
 * the payload budget).
 */

/** Sheets the add-in makes for itself: never a partner's data, even when visible. */
const OWN_SHEETS = new Set([
  TRANSLATIONS_SHEET, INSTRUCTIONS_SHEET, LISTS_SHEET, QC_SHEET, QC_CHECKLIST_SHEET, QC_LISTS_SHEET, QC_PLAN_SHEET,
  ISSUES_SHEET, AUDIT_SHEET, DASHBOARD_SHEET,
]);

export interface RawReadOptions {
  /** Read at most this many rows of each sheet (a sample for the layout check); all rows when absent. */
  maxRows?: number;
  onProgress?: ReadProgress;
}

export async function readRawWorkbook(host: ExcelHost, opts: RawReadOptions = {}): Promise<RawWorkbook & { truncated: boolean }> {
  return host.run(async (ctx) => {
    const all = ctx.workbook.worksheets.load('items/name, items/visibility');
    await ctx.sync();
    const visible = all.items.filter((w) => w.visibility === 'Visible' && !OWN_SHEETS.has(w.name) && !w.name.startsWith('_'));
    const used = visible.map((w) => ({ name: w.name, range: w.getUsedRangeOrNullObject(true).load('rowIndex, rowCount, columnIndex, columnCount') }));
    await ctx.sync();

    const sheets = new Map<string, RawSheet>();
    const blocks: Block[] = [];
    let totalRows = 0;
    let truncated = false;
    for (const { name, range } of used) {
      sheets.set(name, { name, rows: [], rowNumbers: [] });
      if (range.isNullObject) continue;
      let lastRow = range.rowIndex + range.rowCount;
      if (opts.maxRows !== undefined && lastRow > opts.maxRows) { lastRow = opts.maxRows; truncated = true; }
      blocks.push({ sheet: name, firstRow: 1, lastRow, cols: range.columnIndex + range.columnCount });
      totalRows += lastRow;
    }
    let done = 0;
    await readBlocks(ctx, blocks, (b, d) => {
      const s = sheets.get(b.sheet)!;
      for (let i = 0; i < d.values.length; i++) {
        const row: CellValue[] = rowOf(d, i, false);
        if (isEmptyRow(row)) continue;
        s.rows.push(row);
        s.rowNumbers.push(b.firstRow + i);
      }
      done += d.values.length;
      opts.onProgress?.(done, totalRows);
    });
    return { sheets: [...sheets.values()], truncated };
  });
}
