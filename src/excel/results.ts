import { columnLetter } from '../core/sheet/address';
import { MANAGED_HEADERS, normalizeHeader } from '../core/sheet/headers';
import { TEXT_FORMAT } from '../core/template/plan';
import { parseTransferLog, rowStatuses, type TransferLog } from '../core/transfer/log';
import { ACTION_COST, Batch, PAYLOAD_BUDGET, jsonLength } from './budget';
import { withEventsOff, type ExcelHost } from './host';
import type { LogChange } from '../core/transfer/journal';
import { appendTransferStep, checkpointTag, clearTransferSteps, loadTransferSteps, withSteps } from './transfer-steps';
import { addInternalSheet, usedShape } from './used-shape';
import type { ResultPlaces } from '../app/workbook-port';

/**
 * Submission results in the workbook, as the command line writes them
 * (src/cli/xlsx-results.ts): a status and a target id column per sheet, and
 * every transfer log in a hidden sheet, so the workbook carries its own
 * history and a transfer interrupted by closing the pane can be resumed.
 */

export const LOG_SHEET = '_ctms_transfers';
/** Excel holds at most 32,767 characters per cell; stay clear of it. */
export const LOG_CELL_CHARS = 32_000;
/** Columns before the JSON parts: transferId, status, startedAt. */
const LOG_META_COLS = 3;
const LOG_HEADER = ['transferId', 'status', 'startedAt', 'log (JSON, split across cells)'];

export interface WriteBackOutcome {
  /** Sheets written, with the number of rows given a status. */
  sheets: { sheet: string; rows: number }[];
}

/** What each row of the log says now, rollbacks included (see rowStatuses). */
export function sheetStatuses(log: TransferLog): Map<string, { status: string; targetId: string | null }> {
  return rowStatuses(log);
}

/** Runs of consecutive rows, so each run is one range write rather than one write per row. */
function runsOf(rows: number[]): number[][] {
  const runs: number[][] = [];
  for (const r of [...rows].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1] === r - 1) last.push(r);
    else runs.push([r]);
  }
  return runs;
}

/**
 * Write each row's status and target id into the managed columns (found by
 * header, else added after the last used column). Target ids go into "@"
 * cells so an id that looks like a number keeps its digits. Writes run with
 * events off: live re-validation must not take them for user edits.
 *
 * `places`: a partner's layout, where the log's standard sheets are (its own sheet, its
 * header row below a title), as the command line's submitted copy has them
 * (src/cli/xlsx-patch/results.ts), so its `rollback --workbook` finds the columns.
 */
export async function writeBackResults(host: ExcelHost, log: TransferLog, places?: ResultPlaces): Promise<WriteBackOutcome> {
  const statuses = sheetStatuses(log);
  const bySheet = new Map<string, Map<number, { status: string; targetId: string | null }>>();
  const headerRows = new Map<string, number>();
  for (const [key, s] of statuses) {
    const [standardSheet, row] = key.split('\u0001') as [string, string];
    const place = places?.get(standardSheet) ?? { sheet: standardSheet, headerRow: 1 };
    headerRows.set(place.sheet, place.headerRow);
    (bySheet.get(place.sheet) ?? bySheet.set(place.sheet, new Map()).get(place.sheet)!).set(Number(row), s);
  }
  const outcome: WriteBackOutcome = { sheets: [] };
  if (!bySheet.size) return outcome;
  return host.run(async (ctx) => {
    const names = [...bySheet.keys()];
    const sheets = names.map((n) => ctx.workbook.worksheets.getItemOrNullObject(n));
    await ctx.sync();
    const used = sheets.map((ws) => (ws.isNullObject ? null : ws.getUsedRangeOrNullObject(true).load('columnIndex, columnCount')));
    await ctx.sync();
    // Columns up to the last one holding a value anywhere on the sheet: new columns go after it,
    // so a column of data with no header (a partner's notes) is never written over.
    const usedCols = used.map((u) => (!u || u.isNullObject ? 1 : u.columnIndex + u.columnCount));
    // Header rows of every sheet in one request.
    const headers = names.map((_, i) => {
      if (!used[i]) return null;
      const cols = usedCols[i]!;
      const h = headerRows.get(names[i]!)!;
      return sheets[i]!.getRange(`A${h}:${columnLetter(cols - 1)}${h}`).load('values');
    });
    await ctx.sync();
    await withEventsOff(host, ctx, async () => {
      for (let i = 0; i < names.length; i++) {
        const header = headers[i];
        if (!header) continue;
        const ws = sheets[i]!;
        const labels = (header.values[0] ?? []).map((v) => normalizeHeader(v));
        let last = labels.length - 1;
        while (last >= 0 && labels[last] === '') last--;
        last = Math.max(last, usedCols[i]! - 1);
        const find = (label: string) => labels.indexOf(normalizeHeader(label));
        let sc = find(MANAGED_HEADERS[0]);
        let ic = find(MANAGED_HEADERS[1]);
        if (sc < 0) sc = ++last;
        if (ic < 0) ic = Math.max(last, sc) + 1;
        const batch = new Batch(ctx);
        const headerRow = headerRows.get(names[i]!)!;
        for (const [c, label] of [[sc, MANAGED_HEADERS[0]], [ic, MANAGED_HEADERS[1]]] as const) {
          const h = ws.getRange(`${columnLetter(c)}${headerRow}`);
          h.values = [[label]];
          h.format.font.bold = true;
          await batch.reserve(ACTION_COST * 3 + 40);
        }
        const rows = bySheet.get(names[i]!)!;
        for (const run of runsOf([...rows.keys()].filter((r) => r > headerRow))) {
          const a = run[0]!, b = run[run.length - 1]!;
          const st = rows;
          const status = ws.getRange(`${columnLetter(sc)}${a}:${columnLetter(sc)}${b}`);
          const statusValues = run.map((r) => [st.get(r)!.status]);
          // "@" first: a status or id must never be read as a formula, number or date.
          status.numberFormat = run.map(() => [TEXT_FORMAT]);
          status.values = statusValues;
          const ids = ws.getRange(`${columnLetter(ic)}${a}:${columnLetter(ic)}${b}`);
          const idValues = run.map((r) => [st.get(r)!.targetId ?? '']);
          ids.numberFormat = run.map(() => [TEXT_FORMAT]);
          ids.values = idValues;
          await batch.reserve(ACTION_COST * 4 + jsonLength(statusValues) + jsonLength(idValues) + run.length * 8);
        }
        // One sync per sheet (more only when a sheet's writes pass the payload budget).
        await batch.flush();
        outcome.sheets.push({ sheet: names[i]!, rows: rows.size });
      }
    });
    return outcome;
  });
}

/** Text as parts of at most LOG_CELL_CHARS characters, one per cell. */
export function splitText(json: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i < json.length; i += LOG_CELL_CHARS) parts.push(json.slice(i, i + LOG_CELL_CHARS));
  return parts;
}

/** The log as text parts of at most LOG_CELL_CHARS characters. */
export const splitLog = (log: TransferLog): string[] => splitText(JSON.stringify(log));

/** Cells per request when every cell may be full: keeps reads and writes of a big log under Excel's payload limit. */
const CELLS_PER_REQUEST = Math.max(1, Math.floor(PAYLOAD_BUDGET / (LOG_CELL_CHARS + 200)));

const logSheetShape = (ctx: Excel.RequestContext) => usedShape(ctx, LOG_SHEET);

/** Every transfer log stored in the workbook, oldest first. A row that does not parse (edited by hand) is skipped. */
export async function loadTransferLogs(host: ExcelHost): Promise<TransferLog[]> {
  return host.run(async (ctx) => {
    const shape = await logSheetShape(ctx);
    if (!shape || shape.rows < 2) return [];
    const { ws, rows, cols } = shape;
    const text = new Map<number, string[]>();
    // Pieces of rows, as many per request as fit when every cell is full.
    type Piece = { row: number; c0: number; c1: number };
    const pieces: Piece[] = [];
    const lastCol = Math.max(cols, LOG_META_COLS + 1);
    for (let r = 2; r <= rows; r++) {
      for (let c = 0; c < lastCol; c += CELLS_PER_REQUEST) pieces.push({ row: r, c0: c, c1: Math.min(lastCol, c + CELLS_PER_REQUEST) - 1 });
    }
    let i = 0;
    while (i < pieces.length) {
      const req: { p: Piece; range: Excel.Range }[] = [];
      let cells = 0;
      while (i < pieces.length && (req.length === 0 || cells + (pieces[i]!.c1 - pieces[i]!.c0 + 1) <= CELLS_PER_REQUEST)) {
        const p = pieces[i++]!;
        cells += p.c1 - p.c0 + 1;
        req.push({ p, range: ws.getRange(`${columnLetter(p.c0)}${p.row}:${columnLetter(p.c1)}${p.row}`).load('values') });
      }
      await ctx.sync();
      for (const { p, range } of req) {
        const list = text.get(p.row) ?? text.set(p.row, []).get(p.row)!;
        list.push(...(range.values[0] ?? []).map((v) => (v === null || v === undefined ? '' : String(v))));
      }
    }
    const out: TransferLog[] = [];
    const steps = await loadTransferSteps(ctx);
    for (const r of [...text.keys()].sort((a, b) => a - b)) {
      const cells = text.get(r)!;
      const json = cells.slice(LOG_META_COLS).join('');
      if (!json) continue;
      try {
        const log = parseTransferLog(JSON.parse(json));
        // A running transfer's row is its checkpoint; the steps written since complete it.
        out.push(log.status === 'running' ? withSteps(log, json, steps) : log);
      } catch {
        // A row someone edited or truncated: not a log we can trust for resume or rollback.
      }
    }
    return out;
  });
}

/** Per workbook: the checkpoint each running transfer's steps follow (only steps this pane wrote). */
const checkpoints = new WeakMap<ExcelHost, Map<string, string>>();

/**
 * Store a log in the workbook. With the step that changed it, while the transfer runs and this
 * pane wrote its checkpoint, only the step is appended (src/excel/transfer-steps.ts). Otherwise
 * the whole log is the new checkpoint: the row of the same transferId is replaced (leftover
 * parts of a longer old version cleared), or a row is added, and the transfer's steps cleared.
 * Every cell is "@", so a JSON part that happens to start with "=" or "-" is never taken for a
 * formula.
 */
export async function saveTransferLog(host: ExcelHost, log: TransferLog, change?: LogChange): Promise<void> {
  const known = checkpoints.get(host) ?? checkpoints.set(host, new Map()).get(host)!;
  const tag = known.get(log.transferId);
  if (change && tag && log.status === 'running') {
    await appendTransferStep(host, log.transferId, tag, change, splitText);
    return;
  }
  const json = JSON.stringify(log);
  await writeLogRow(host, log, splitText(json));
  if (log.status === 'running') known.set(log.transferId, checkpointTag(json));
  else known.delete(log.transferId);
  await clearTransferSteps(host, log.transferId);
}

async function writeLogRow(host: ExcelHost, log: TransferLog, parts: string[]): Promise<void> {
  await host.run(async (ctx) => {
    let shape = await logSheetShape(ctx);
    await withEventsOff(host, ctx, async () => {
      shape ??= await addInternalSheet(ctx, LOG_SHEET, LOG_HEADER, { bold: true });
      const { ws, rows, cols } = shape;
      let row = rows + 1;
      if (rows >= 2) {
        const ids = ws.getRange(`A2:A${rows}`).load('values');
        await ctx.sync();
        const at = ids.values.findIndex((v) => String(v[0] ?? '') === log.transferId);
        if (at >= 0) row = at + 2;
      }
      const cells = [log.transferId, log.status, log.startedAt, ...parts];
      const batch = new Batch(ctx);
      if (row <= rows && cols > cells.length) {
        ws.getRange(`${columnLetter(cells.length)}${row}:${columnLetter(cols - 1)}${row}`).clear('Contents');
        await batch.reserve(ACTION_COST);
      }
      for (let c = 0; c < cells.length; c += CELLS_PER_REQUEST) {
        const slice = cells.slice(c, c + CELLS_PER_REQUEST);
        const range = ws.getRange(`${columnLetter(c)}${row}:${columnLetter(c + slice.length - 1)}${row}`);
        range.numberFormat = [slice.map(() => TEXT_FORMAT)];
        range.values = [slice];
        await batch.reserve(ACTION_COST * 2 + jsonLength(slice) + slice.length * 6);
      }
      await batch.flush();
    });
  });
}
