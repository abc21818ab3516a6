import { a1, parseA1 } from '../core/sheet/address';
import { cellKey } from '../../testing/fake-excel';
import { MAX_COLS } from '../../testing/fake-excel/address';
import { formatText } from '../../testing/fake-excel/model';
import type { HarnessWorkbook } from './workbookStore';
import { generateTemplate, tableName } from '../excel';
import { defaultStandard } from '../core/standard/load';
import { buildTemplatePlan } from '../core/template/plan';
import { SAMPLE_ROWS } from '../../samples/sample-rows';
import { PARTNER_SHEETS } from '../../samples/partner-rows';

/**
 * window.__harness: what an end-to-end test (or a person in the console) uses
 * to act as the Excel user and to look at the grid, without reaching into
 * React. Everything the pane does still goes through the adapter.
 */
export interface CellInfo {
  value: string | number | boolean | null;
  text: string;
  fill: string | null;
  note: string | null;
  bold: boolean;
}

export interface HarnessApi {
  /** Paste rows (array of arrays) into a sheet from a top-left cell (default A2), as a user would. */
  loadRows(sheet: string, rows: unknown[][], topLeft?: string): Promise<void>;
  /** Type one value into a cell. */
  setCell(sheet: string, address: string, value: unknown): Promise<void>;
  getCell(sheet: string, address: string): CellInfo | null;
  /** Active sheet and the selected area (null until something selected a cell). */
  selected(): { sheet: string; address: string | null } | null;
  sheets(): string[];
  /** Every cell with a fill, by sheet: { 'Sites': { 'F3': '#F4B6B6' } }. */
  fills(): Record<string, Record<string, string>>;
  activate(sheet: string): void;
  stats(): { syncCount: number; maxRequestBytes: number; notes: number; comments: number };
  /**
   * The template, then the rows of samples/sample-migration.xlsx typed in, as a person would try the pane.
   * Whatever the template's sheets held before (the template, an earlier sample, typed rows) is deleted first.
   */
  loadSample(): Promise<void>;
  /**
   * The sample as a partner hands it back (samples/partner-rows.ts): its own sheet names and headers, a title
   * row, extra columns, its own list spellings; typed in from A1 of each sheet (sheets added when missing).
   */
  loadPartnerSample(): Promise<void>;
}

export function createHarnessApi(hw: HarnessWorkbook): HarnessApi {
  const wb = () => hw.workbook;
  return {
    async loadRows(sheet, rows, topLeft = 'A2') {
      if (!rows.length) return;
      const { col, row } = parseA1(topLeft);
      const width = Math.max(...rows.map((r) => r.length));
      const padded = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
      await hw.type(sheet, `${a1(col, row)}:${a1(col + width - 1, row + rows.length - 1)}`, padded);
    },
    async setCell(sheet, address, value) {
      await hw.type(sheet, address, [[value]]);
    },
    getCell(sheetName, address) {
      const s = wb().sheet(sheetName);
      if (!s) return null;
      const { col, row } = parseA1(address);
      const r = row - 1;
      const v = s.get(r, col);
      const k = cellKey(r, col);
      const fill = s.fills.get(k);
      return {
        value: v === undefined ? null : typeof v === 'object' ? v.error : v,
        text: formatText(v, s.numberFormat(r, col)),
        fill: fill && fill.pattern !== 'None' ? fill.color : null,
        note: wb().noteAt(s.id, r, col)?.content ?? wb().commentAt(s.id, r, col)?.content ?? null,
        bold: !!s.bold.get(k),
      };
    },
    selected() {
      const w = wb();
      const s = w.sheetById(w.activeSheetId ?? '') ?? w.sheets[0];
      return s ? { sheet: s.name, address: s.selection } : null;
    },
    sheets: () => wb().sheets.map((s) => s.name),
    fills() {
      const out: Record<string, Record<string, string>> = {};
      for (const s of wb().sheets) {
        for (const [k, f] of s.fills) {
          if (f.pattern === 'None') continue;
          (out[s.name] ??= {})[a1(k % MAX_COLS, Math.floor(k / MAX_COLS) + 1)] = f.color;
        }
      }
      return out;
    },
    activate: (sheet) => hw.activate(sheet),
    async loadSample() {
      const std = defaultStandard();
      // The template refuses sheets of its names that hold values ("Create template" pressed first, or the
      // sample loaded twice): delete their contents first, as a person would, so the pane hears of it.
      const plan = buildTemplatePlan(std);
      // A template made before left its tables, which a new template will not overlap: "Convert to Range" first.
      await hw.host.run(async (ctx) => {
        const tables = plan.sheets.map((s) => ctx.workbook.tables.getItemOrNullObject(tableName(s.name)));
        await ctx.sync();
        for (const t of tables) if (!t.isNullObject) t.convertToRange();
        await ctx.sync();
      });
      for (const name of [plan.instructions.name, ...plan.sheets.map((s) => s.name), plan.lists.name]) {
        const used = wb().sheet(name)?.usedRect(true);
        if (!used) continue;
        const blanks = Array.from({ length: used.r1 - used.r0 + 1 }, () => Array.from({ length: used.c1 - used.c0 + 1 }, () => ''));
        await hw.type(name, `${a1(used.c0, used.r0 + 1)}:${a1(used.c1, used.r1 + 1)}`, blanks);
      }
      // The template first: its "@" columns keep "02114" and "+1617…" as text, as in the .xlsx.
      await generateTemplate(hw.host, std);
      for (const [sheet, rows] of Object.entries(SAMPLE_ROWS)) {
        const { col, row } = parseA1('A2');
        const width = Math.max(...rows.map((r) => r.length));
        await hw.type(sheet, `${a1(col, row)}:${a1(col + width - 1, row + rows.length - 1)}`, rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? '')));
      }
    },
    async loadPartnerSample() {
      for (const p of PARTNER_SHEETS) {
        if (!wb().sheet(p.name)) { wb().addSheet(p.name); hw.changed(); }
        const used = wb().sheet(p.name)!.usedRect(true);
        if (used) {
          const blanks = Array.from({ length: used.r1 - used.r0 + 1 }, () => Array.from({ length: used.c1 - used.c0 + 1 }, () => ''));
          await hw.type(p.name, `${a1(used.c0, used.r0 + 1)}:${a1(used.c1, used.r1 + 1)}`, blanks);
        }
        const width = Math.max(...p.rows.map((r) => r.length));
        await hw.type(p.name, `A1:${a1(width - 1, p.rows.length)}`, p.rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? '')));
      }
      hw.activate(PARTNER_SHEETS[0]!.name);
    },
    stats: () => ({ syncCount: hw.fake.stats.syncCount, maxRequestBytes: hw.fake.stats.maxRequestBytes, notes: wb().notes.length, comments: wb().comments.length }),
  };
}
