import type { CellValue } from '../core/model/sheet';
import type { Proposal } from '../core/model/issue';
import { DATE_FORMAT, TEXT_FORMAT } from '../core/template/plan';
import { ACTION_COST, Batch, jsonLength } from './budget';
import { cellAddress } from '../core/sheet/address';
import { withEventsOff, type ExcelHost } from './host';
import { dateToSerial, isDateFormat, needsTextFormat, toCellValue } from './values';

/**
 * Writing accepted proposals. Every cell's value and number format before the
 * write come back in an undo list; a cell whose value changed since the
 * proposal was made is skipped, never overwritten.
 */

export interface UndoEntry {
  sheet: string;
  address: string;
  /** The value as Excel held it (dates as serial numbers, formulas as formulas, so they go back exactly). */
  before: string | number | boolean;
  beforeFormat: string;
}

export interface ApplyResult {
  applied: number;
  undo: UndoEntry[];
  skipped: { sheet: string; address: string; reason: string }[];
}

function sameValue(current: CellValue, from: CellValue): boolean {
  const norm = (v: CellValue) => (v === null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
  return norm(current) === norm(from);
}

async function readCells(ctx: Excel.RequestContext, cells: { sheet: string; address: string }[]): Promise<Excel.Range[]> {
  const batch = new Batch(ctx);
  const ranges: Excel.Range[] = [];
  for (const c of cells) {
    ranges.push(ctx.workbook.worksheets.getItem(c.sheet).getRange(c.address).load('values, numberFormat, valueTypes, formulas'));
    await batch.reserve(ACTION_COST * 3 + 200);
  }
  await batch.flush();
  return ranges;
}

export async function applyProposals(host: ExcelHost, proposals: Proposal[]): Promise<ApplyResult> {
  const result: ApplyResult = { applied: 0, undo: [], skipped: [] };
  if (!proposals.length) return result;
  return host.run(async (ctx) => {
    const cells = proposals.map((p) => ({ sheet: p.sheet, address: cellAddress({ row: p.row, col: p.col }) }));
    const ranges = await readCells(ctx, cells);
    // The 1900 date system (see read.ts).
    const is1904 = false;
    await withEventsOff(host, ctx, async () => {
      const batch = new Batch(ctx);
      const done = new Set<string>();
      for (let i = 0; i < proposals.length; i++) {
        const p = proposals[i]!;
        const { sheet, address } = cells[i]!;
        const r = ranges[i]!;
        const raw = r.values[0]![0] as string | number | boolean;
        const fmt = String(r.numberFormat[0]![0] ?? 'General');
        const current = toCellValue(raw, r.valueTypes[0]![0], fmt, is1904);
        const key = `${sheet}!${address}`;
        if (done.has(key)) { result.skipped.push({ sheet, address, reason: 'another proposal for this cell was applied' }); continue; }
        if (!sameValue(current, p.from)) { result.skipped.push({ sheet, address, reason: 'the cell changed since the proposal was made' }); continue; }
        const target = ctx.workbook.worksheets.getItem(sheet).getRange(address);
        let value: string | number = p.to;
        if (p.toType === 'date') {
          const serial = dateToSerial(String(p.to), is1904);
          if (serial === null) { result.skipped.push({ sheet, address, reason: `"${p.to}" is not a yyyy-mm-dd date` }); continue; }
          target.numberFormat = [[isDateFormat(fmt) ? fmt : DATE_FORMAT]];
          value = serial;
        } else if (p.toType === 'text' && needsTextFormat(String(p.to))) {
          // Set before the value, or Excel parses it: "+4420…" becomes a number, "00123" loses its zeros, "=…" a formula.
          target.numberFormat = [[TEXT_FORMAT]];
          value = String(p.to);
        }
        target.values = [[value]];
        done.add(key);
        const formula = r.formulas[0]![0];
        result.undo.push({ sheet, address, before: typeof formula === 'string' && formula.startsWith('=') ? formula : raw, beforeFormat: fmt });
        result.applied++;
        await batch.reserve(ACTION_COST * 4 + jsonLength(value) + 40);
      }
      await batch.flush();
    });
    return result;
  });
}

/** Put back the values (and formats) an undo list recorded, newest first. */
export async function revertValues(host: ExcelHost, undo: UndoEntry[]): Promise<number> {
  if (!undo.length) return 0;
  return host.run(async (ctx) => {
    await withEventsOff(host, ctx, async () => {
      const batch = new Batch(ctx);
      for (const u of [...undo].reverse()) {
        const r = ctx.workbook.worksheets.getItem(u.sheet).getRange(u.address);
        r.numberFormat = [[u.beforeFormat]];
        r.values = [[u.before]];
        await batch.reserve(ACTION_COST * 4 + jsonLength(u) + 40);
      }
      await batch.flush();
    });
    return undo.length;
  });
}

/** Activate the sheet and select the cell (Excel scrolls it into view). */
export async function selectCell(host: ExcelHost, sheet: string, address: string): Promise<void> {
  await host.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem(sheet);
    ws.activate();
    ws.getRange(address.slice(address.lastIndexOf('!') + 1)).select();
    await ctx.sync();
  });
}
