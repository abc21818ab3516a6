import { columnLetter } from '../core/sheet/address';
import type { CellValue, SheetData, WorkbookData } from '../core/model/sheet';
import type { Standard } from '../core/standard/schema';
import { ACTION_COST, PAYLOAD_BUDGET, isPayloadError, jsonLength } from './budget';
import type { ExcelHost } from './host';
import { toCellValue } from './values';

/**
 * Reading sheets into the engine's model: values, valueTypes and number
 * formats in one load per block of rows, as many blocks per sync as fit in
 * the payload budget. The bytes per cell are measured on each block read, so
 * the next block is sized from the sheet's real content.
 */

export type ReadProgress = (doneRows: number, totalRows: number) => void;

/** Start estimate before anything is measured: value + "General" + "String" and JSON punctuation. */
const FIRST_GUESS_BYTES_PER_CELL = 48;
const MIN_BYTES_PER_CELL = 16;

export interface Block { sheet: string; firstRow: number; lastRow: number; cols: number }
export interface BlockData { values: unknown[][]; valueTypes: string[][]; numberFormat: string[][] }

/**
 * Office.js exposes no date-system flag in the ExcelApi sets typed here, so
 * serials are read in the 1900 system (the default of every Excel since 2011).
 */
async function loadDate1904(_host: ExcelHost, _ctx: Excel.RequestContext): Promise<() => boolean> {
  return () => false;
}

/**
 * Read blocks with as few syncs as the budget allows. A block that Excel
 * still refuses as too large is split and read again.
 */
export async function readBlocks(ctx: Excel.RequestContext, blocks: Block[], onBlock: (b: Block, d: BlockData) => void, onSync?: () => void): Promise<void> {
  let bytesPerCell = FIRST_GUESS_BYTES_PER_CELL;
  const queue = [...blocks];
  while (queue.length) {
    // Fill one request: whole blocks while they fit, the first one cut down to fit.
    const batch: { block: Block; range: Excel.Range }[] = [];
    let bytes = 0;
    while (queue.length) {
      const b = queue[0]!;
      const rowBytes = Math.max(1, b.cols) * bytesPerCell;
      const room = Math.floor((PAYLOAD_BUDGET - bytes - ACTION_COST) / rowBytes);
      if (room < 1 && batch.length) break;
      const take = Math.max(1, Math.min(room, b.lastRow - b.firstRow + 1));
      const part: Block = { ...b, lastRow: b.firstRow + take - 1 };
      if (part.lastRow < b.lastRow) queue[0] = { ...b, firstRow: part.lastRow + 1 };
      else queue.shift();
      const range = ctx.workbook.worksheets.getItem(b.sheet).getRange(`A${part.firstRow}:${columnLetter(Math.max(1, b.cols) - 1)}${part.lastRow}`);
      range.load('values, valueTypes, numberFormat');
      batch.push({ block: part, range });
      bytes += ACTION_COST + take * rowBytes;
    }
    try {
      await ctx.sync();
    } catch (e) {
      if (!isPayloadError(e)) throw e;
      // Our estimate was wrong for this content: halve the blocks and try again.
      bytesPerCell *= 2;
      queue.unshift(...batch.map((x) => x.block));
      if (bytesPerCell > 1e6) throw e;
      continue;
    }
    onSync?.();
    let got = 0;
    let cells = 0;
    for (const { block, range } of batch) {
      const d: BlockData = { values: range.values, valueTypes: range.valueTypes as string[][], numberFormat: range.numberFormat as string[][] };
      got += jsonLength(d.values) + jsonLength(d.valueTypes) + jsonLength(d.numberFormat);
      cells += (block.lastRow - block.firstRow + 1) * Math.max(1, block.cols);
      onBlock(block, d);
    }
    // A 25% margin over the measured size keeps the next request under the limit when content varies.
    if (cells) bytesPerCell = Math.max(MIN_BYTES_PER_CELL, (got / cells) * 1.25);
  }
}

export function rowOf(d: BlockData, i: number, date1904: boolean): CellValue[] {
  const vals = d.values[i]!;
  const out: CellValue[] = new Array(vals.length);
  for (let c = 0; c < vals.length; c++) out[c] = toCellValue(vals[c], d.valueTypes[i]?.[c], d.numberFormat[i]?.[c], date1904);
  return out;
}

export const isEmptyRow = (row: CellValue[]) => row.every((v) => v === null || (typeof v === 'string' && v.trim() === ''));

/** Read the standard's sheets (those present) into the engine's model. */
export async function readWorkbook(host: ExcelHost, std: Standard, onProgress?: ReadProgress): Promise<WorkbookData> {
  return host.run(async (ctx) => {
    const wanted = std.entities.map((e) => ctx.workbook.worksheets.getItemOrNullObject(e.sheet).load('name'));
    const date1904 = await loadDate1904(host, ctx);
    await ctx.sync();
    const present = wanted.filter((w) => !w.isNullObject);
    const used = present.map((w) => ({ name: w.name, range: w.getUsedRangeOrNullObject(true).load('rowIndex, rowCount, columnIndex, columnCount') }));
    await ctx.sync();

    const sheets = new Map<string, SheetData>();
    const blocks: Block[] = [];
    let totalRows = 0;
    for (const { name, range } of used) {
      sheets.set(name, { name, headers: [], rows: [], rowNumbers: [] });
      if (range.isNullObject) continue;
      const lastRow = range.rowIndex + range.rowCount;
      const cols = range.columnIndex + range.columnCount;
      blocks.push({ sheet: name, firstRow: 1, lastRow, cols });
      totalRows += lastRow;
    }
    const is1904 = date1904();
    let done = 0;
    await readBlocks(ctx, blocks, (b, d) => {
      const s = sheets.get(b.sheet)!;
      for (let i = 0; i < d.values.length; i++) {
        const rowNumber = b.firstRow + i;
        const row = rowOf(d, i, is1904);
        if (rowNumber === 1) {
          s.headers = row.map((v) => (v === null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v)));
          continue;
        }
        if (isEmptyRow(row)) continue;
        if (s.rows.length === 0) s.numberFormats = d.numberFormat[i]!.map((f) => f ?? null);
        s.rows.push(row);
        s.rowNumbers.push(rowNumber);
      }
      done += d.values.length;
      onProgress?.(done, totalRows);
    });
    return { sheets: [...sheets.values()] };
  });
}

/** Read only the given rows of one sheet (live re-validation). Rows that are now empty come back as all-null. */
export async function readRows(host: ExcelHost, _std: Standard, sheet: string, rowNumbers: number[]): Promise<{ rowNumber: number; values: CellValue[] }[]> {
  const rows = [...new Set(rowNumbers)].filter((r) => r >= 2).sort((a, b) => a - b);
  if (!rows.length) return [];
  return host.run(async (ctx) => {
    const used = ctx.workbook.worksheets.getItem(sheet).getUsedRangeOrNullObject(true).load('columnIndex, columnCount');
    const date1904 = await loadDate1904(host, ctx);
    await ctx.sync();
    const cols = used.isNullObject ? 1 : used.columnIndex + used.columnCount;
    const blocks: Block[] = [];
    for (const r of rows) {
      const last = blocks[blocks.length - 1];
      if (last && last.lastRow === r - 1) last.lastRow = r;
      else blocks.push({ sheet, firstRow: r, lastRow: r, cols });
    }
    const out: { rowNumber: number; values: CellValue[] }[] = [];
    const is1904 = date1904();
    await readBlocks(ctx, blocks, (b, d) => {
      for (let i = 0; i < d.values.length; i++) {
        const row = rowOf(d, i, is1904);
        out.push({ rowNumber: b.firstRow + i, values: isEmptyRow(row) ? row.map(() => null) : row });
      }
    });
    return out;
  });
}
