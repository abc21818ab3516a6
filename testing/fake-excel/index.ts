import { formatRect, parseArea, splitSheet } from './address';
import { FakeContext, type FakeEnv, type FakeStats } from './context';
import { FakeExcelError } from './errors';
import { coerce, cellKey, FakeWorkbook, outValue, valueType } from './model';
import { FakeRange } from './range';
import { FakeRuntime, FakeWorkbookProxy } from './objects';
export { settingsBytes } from './objects';
import { cmpVersion } from './requirements';

/**
 * A fake of the Excel JavaScript API's object model for tests and the browser
 * harness: proxies that throw until loaded and synced, writes applied at
 * sync(), request/response size limits and address-length limits that throw
 * like Excel on the web, and counters of syncs and bytes per request.
 * Pure TypeScript (no Node built-ins, no jest) so a page can import it too.
 */

export { FakeWorkbook, FakeSheet, isoToSerial, serialToIso, isDateFormat, cellKey } from './model';
export type { Stored, FillSpec, NoteSpec, CommentSpec } from './model';
export { FakeExcelError } from './errors';
export { REQUIREMENTS } from './requirements';
export type { FakeStats, SyncStat } from './context';
export { parseArea, formatRect } from './address';
export { chartsOf, type ChartSpec } from './charts';
export { tablesOf, type TableSpec } from './tables';
import { autoExpandTables } from './tables';

export interface FakeExcelOptions {
  /** Highest ExcelApi requirement set the fake host supports, e.g. '1.18' or '1.10' (default: the newest, 1.18). */
  apiVersion?: string;
  /** Same as apiVersion. */
  api?: string;
  payloadLimitBytes?: number;
  maxAddressLength?: number;
  /** Largest settings bag in JSON bytes (default 2 MB, the commonly documented figure). */
  settingsLimitBytes?: number;
}

export const SETTINGS_LIMIT_BYTES = 2 * 1024 * 1024;

export interface FakeChangeArgs {
  type: 'WorksheetChanged';
  worksheetId: string;
  address: string;
  changeType: string;
  source: 'Local' | 'Remote';
  triggerSource?: 'Unknown' | 'ThisLocalAddin';
  details?: { valueBefore: unknown; valueAfter: unknown; valueTypeBefore: string; valueTypeAfter: string };
  getRange(ctx: unknown): unknown;
}

export interface FakeExcel {
  workbook: FakeWorkbook;
  stats: FakeStats;
  /** Same shape as the adapter's ExcelHost: run a batch function against a fresh request context. */
  run<T>(fn: (ctx: Excel.RequestContext) => Promise<T>): Promise<T>;
  isSetSupported(name: string, version: string): boolean;
  /** What a page can install as the global `Office` so code asking Office.js directly gets this host's answer. */
  office: { context: { requirements: { isSetSupported(name: string, version?: string): boolean } } };
  resetStats(): void;
  /** Type into cells as a user would (the cells' formats decide how text is parsed) and raise onChanged. */
  fireChange(sheet: string, address: string, values: unknown[][], source?: 'Local' | 'Remote'): Promise<void>;
  /** Raise onChanged without touching cells (e.g. RowInserted / RowDeleted). */
  fireEvent(sheet: string, address: string, changeType: string): Promise<void>;
  /** Resolves when every event handler started so far has finished. */
  idle(): Promise<void>;
  readonly eventsEnabled: boolean;
}

export function createFakeExcel(workbook: FakeWorkbook = new FakeWorkbook(), opts: FakeExcelOptions = {}): FakeExcel {
  const apiVersion = opts.apiVersion ?? opts.api ?? '1.18';
  const stats: FakeStats = { syncCount: 0, syncs: [], maxRequestBytes: 0, maxResponseBytes: 0, totalRequestBytes: 0, totalResponseBytes: 0 };
  const handlers = new Map<string, Set<(args: Record<string, unknown>) => unknown>>();
  let pending: { sheetId: string; address: string; source: 'Local' | 'Remote'; bySelf: boolean; changeType: string; details?: FakeChangeArgs['details'] }[] = [];
  const running = new Set<Promise<unknown>>();
  const supports = (v: string) => cmpVersion(apiVersion, v) >= 0;

  const dispatch = (): Promise<void> => {
    const events = pending;
    pending = [];
    const started: Promise<unknown>[] = [];
    for (const e of events) {
      const hs = handlers.get(e.sheetId);
      if (!hs) continue;
      const args: FakeChangeArgs = {
        type: 'WorksheetChanged', worksheetId: e.sheetId, address: e.address, changeType: e.changeType, source: e.source,
        ...(supports('1.14') ? { triggerSource: e.bySelf ? 'ThisLocalAddin' : 'Unknown' } : {}),
        ...(e.details && supports('1.9') ? { details: e.details } : {}),
        getRange: (ctx: unknown) => (ctx as { workbook: FakeWorkbookProxy }).workbook.worksheets.getItem(workbook.sheetById(e.sheetId)!.name).getRange(e.address),
      };
      for (const h of hs) {
        // Excel calls handlers asynchronously, after the batch that caused them has returned.
        const p = Promise.resolve().then(() => new Promise((res) => setTimeout(res, 0))).then(() => h(args as unknown as Record<string, unknown>));
        const tracked = p.catch(() => undefined).finally(() => running.delete(tracked));
        running.add(tracked);
        started.push(tracked);
      }
    }
    return Promise.all(started).then(() => undefined);
  };

  const env: FakeEnv = {
    workbook, apiVersion, stats,
    payloadLimitBytes: opts.payloadLimitBytes ?? 5_000_000,
    maxAddressLength: opts.maxAddressLength ?? 8192,
    settingsLimitBytes: opts.settingsLimitBytes ?? SETTINGS_LIMIT_BYTES,
    eventsEnabled: true,
    supports,
    handlers: (id) => {
      let s = handlers.get(id);
      if (!s) handlers.set(id, (s = new Set()));
      return s;
    },
    raiseChange(sheetId, address, source, bySelf) {
      if (!env.eventsEnabled) return;
      pending.push({ sheetId, address, source, bySelf, changeType: 'RangeEdited' });
    },
    afterSync: async () => { void dispatch(); },
  };

  const makeContext = () => {
    const ctx = new FakeContext(env);
    ctx.workbook = new FakeWorkbookProxy(ctx);
    ctx.runtime = new FakeRuntime(ctx);
    return ctx;
  };

  const fake: FakeExcel = {
    workbook, stats,
    get eventsEnabled() { return env.eventsEnabled; },
    async run<T>(fn: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> {
      const ctx = makeContext();
      const out = await fn(ctx as unknown as Excel.RequestContext);
      return out;
    },
    isSetSupported(name: string, version: string) {
      return name === 'ExcelApi' ? supports(version) : false;
    },
    office: { context: { requirements: { isSetSupported: (name: string, version = '1.1') => name === 'ExcelApi' && supports(version) } } },
    resetStats() {
      Object.assign(stats, { syncCount: 0, syncs: [], maxRequestBytes: 0, maxResponseBytes: 0, totalRequestBytes: 0, totalResponseBytes: 0 });
    },
    async fireChange(sheetName, address, values, source = 'Local') {
      const sheet = workbook.sheet(sheetName);
      if (!sheet) throw new FakeExcelError('ItemNotFound', `No sheet ${sheetName}`);
      const rect = parseArea(splitSheet(address).local);
      autoExpandTables(sheet, rect);
      let details: FakeChangeArgs['details'];
      for (let r = rect.r0; r <= rect.r1; r++) {
        for (let c = rect.c0; c <= rect.c1; c++) {
          const before = sheet.get(r, c);
          const { value, formula, autoFormat } = coerce(values[r - rect.r0]?.[c - rect.c0] ?? '', sheet.numberFormat(r, c));
          sheet.set(r, c, value);
          if (formula) sheet.formulas.set(cellKey(r, c), formula);
          if (autoFormat) sheet.formats.set(cellKey(r, c), autoFormat);
          if (rect.r0 === rect.r1 && rect.c0 === rect.c1) {
            details = { valueBefore: outValue(before), valueAfter: outValue(value), valueTypeBefore: valueType(before), valueTypeAfter: valueType(value) };
          }
        }
      }
      if (!env.eventsEnabled) return;
      pending.push({ sheetId: sheet.id, address: formatRect(rect), source, bySelf: false, changeType: 'RangeEdited', details });
      await dispatch();
    },
    async fireEvent(sheetName, address, changeType) {
      const sheet = workbook.sheet(sheetName);
      if (!sheet) throw new FakeExcelError('ItemNotFound', `No sheet ${sheetName}`);
      if (!env.eventsEnabled) return;
      pending.push({ sheetId: sheet.id, address, source: 'Local', bySelf: false, changeType });
      await dispatch();
    },
    async idle() {
      while (running.size) await Promise.all([...running]);
    },
  };
  return fake;
}

export { FakeRange };
