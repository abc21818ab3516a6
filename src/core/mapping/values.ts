import type { WorkbookData } from '../model/sheet';
import type { Standard } from '../standard/schema';
import { a1 } from '../sheet/address';
import { analyzeCell, createAnalyzeContext, planField, type DecidedValues } from '../transform/cell';
import { matchKey } from '../transform/text';
import { toWorkbookData } from './apply';
import type { RawWorkbook, SheetMapping, WorkbookMapping } from './types';

/**
 * Value mapping: the partner's own spellings in picklist columns that the
 * standard cannot read (neither the picklist nor any of its transformations),
 * each listed once for a person to map to a picklist value. The decisions are
 * the profile's `values` and come back as proposals (see decidedValues), so
 * every cell holding the spelling follows and each change is accepted and
 * audited like any other proposal.
 */
export interface ValueWorkItem {
  /** The partner's sheet name. */
  sheet: string;
  entity: string;
  field: string;
  /** Column letter in the partner's sheet. */
  column: string;
  /** The value as written (tidied of surrounding spaces). */
  value: string;
  count: number;
  /** The partner's row numbers, in order. */
  rows: number[];
  /** A picklist value close to it, when one is. */
  suggestion?: string;
  /** The picklist value a person has already mapped it to (the profile's values). */
  decided?: string;
}

export interface WorklistOptions {
  /** Leave out the values already decided (default: keep them, marked `decided`). */
  openOnly?: boolean;
  /** The mapped rows (toWorkbookData) when the caller has them already: a large workbook is not copied twice. */
  data?: WorkbookData;
}

const letter = (col: number) => a1(col, 1).replace(/\d+$/, '');

/** A sheet's decision for a spelling, found the way the engine finds it (by match key). */
function decisionOf(s: SheetMapping, field: string, value: string): string | undefined {
  const table = s.values[field];
  if (!table) return undefined;
  const k = matchKey(value);
  for (const [from, to] of Object.entries(table)) if (to !== '' && matchKey(from) === k) return to;
  return undefined;
}

/**
 * Every picklist column's distinct values that the engine itself would report
 * as not in the picklist, with their count and rows. It asks the engine's own
 * cell reading (planField + analyzeCell), so what is listed here is exactly
 * what validation would flag, whatever transformations the standard has.
 */
export function valueWorklist(std: Standard, raw: RawWorkbook, mapping: WorkbookMapping, opts: WorklistOptions = {}): ValueWorkItem[] {
  const data = opts.data ?? toWorkbookData(std, raw, mapping);
  const ctx = createAnalyzeContext(std);
  const out: ValueWorkItem[] = [];
  for (const s of mapping.sheets) {
    const e = std.entities.find((x) => x.key === s.entity);
    const sheet = data.sheets.find((x) => x.name === s.sheet);
    if (!e || !sheet) continue;
    for (const c of s.columns) {
      const f = e.fields.find((x) => x.key === c.field);
      if (!f || f.type !== 'pick') continue;
      const plan = planField(std, e, f);
      const items = new Map<string, ValueWorkItem>();
      sheet.rows.forEach((row, r) => {
        const v = row[c.col] ?? null;
        const found = analyzeCell(plan, v, ctx).finding;
        if (found?.family !== 'picklist') return;
        const value = String(found.params.value ?? v);
        let item = items.get(value);
        if (!item) {
          item = { sheet: s.source, entity: e.key, field: f.key, column: letter(c.col), value, count: 0, rows: [] };
          const suggestion = found.params.suggestion;
          if (typeof suggestion === 'string') item.suggestion = suggestion;
          const decided = decisionOf(s, f.key, value);
          if (decided !== undefined) item.decided = decided;
          items.set(value, item);
        }
        item.count++;
        item.rows.push(sheet.rowNumbers[r]!);
      });
      for (const item of items.values()) if (!opts.openOnly || item.decided === undefined) out.push(item);
    }
  }
  return out;
}

/** The profile's value decisions of a mapping, as the engine takes them (VerifyOptions.values). */
export function decidedValues(mapping: WorkbookMapping): DecidedValues {
  const out = new Map<string, Map<string, string>>();
  for (const s of mapping.sheets) {
    for (const [field, table] of Object.entries(s.values)) {
      const entries = Object.entries(table);
      if (!entries.length) continue;
      const key = `${s.entity}.${field}`;
      const m = out.get(key) ?? new Map<string, string>();
      for (const [from, to] of entries) if (to !== '') m.set(matchKey(from), to);
      out.set(key, m);
    }
  }
  return out;
}

export interface ValueDecision {
  /** The standard's entity key (or the partner's sheet name). */
  entity: string;
  field: string;
  /** The partner's spelling. */
  value: string;
  /** A picklist value of the field, or null to take the decision back. */
  to: string | null;
}

export class ValueMappingError extends Error {}

/**
 * Record a person's value decisions in the mapping (returns a new mapping; the
 * given one is not changed). Verified with `values: decidedValues(mapping)`,
 * every cell holding the spelling gets a proposal before → after, which the
 * pane accepts through its usual audited path and `validate --fix` applies.
 */
export function applyValueMapping(std: Standard, mapping: WorkbookMapping, decisions: readonly ValueDecision[]): WorkbookMapping {
  const sheets = mapping.sheets.map((s) => ({ ...s, values: Object.fromEntries(Object.entries(s.values).map(([f, t]) => [f, { ...t }])) as SheetMapping['values'] }));
  for (const d of decisions) {
    const s = sheets.find((x) => x.entity === d.entity || x.source === d.entity);
    if (!s) throw new ValueMappingError(`${d.entity} is not a mapped sheet of this workbook`);
    const f = std.entities.find((e) => e.key === s.entity)?.fields.find((x) => x.key === d.field);
    if (!f || f.type !== 'pick' || !f.picklist) throw new ValueMappingError(`${s.sheet}: ${d.field} is not a picklist field`);
    const table = s.values[d.field] ?? {};
    const k = matchKey(d.value);
    for (const from of Object.keys(table)) if (matchKey(from) === k) delete table[from];
    if (d.to !== null) {
      if (!f.picklist.includes(d.to)) throw new ValueMappingError(`${f.header}: "${d.to}" is not one of ${f.picklist.join(', ')}`);
      table[d.value] = d.to;
    }
    if (Object.keys(table).length) s.values[d.field] = table;
    else delete s.values[d.field];
  }
  return { ...mapping, sheets };
}
