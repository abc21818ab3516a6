import type { Entity } from '../standard/schema';
import type { SheetData } from '../model/sheet';
import type { Issue, Proposal, RuleFamily, Severity } from '../model/issue';
import { a1 } from '../sheet/address';
import type { ColumnMatch } from '../sheet/headers';
import { valueId, type CellOutcome, type Effective, type FieldPlan } from '../transform/cell';
import type { RomanizePlan } from '../transform/romanize/row';

/** Everything known about one sheet of the standard while verifying. */
export interface SheetState {
  entity: Entity;
  sheet: SheetData;
  match: ColumnMatch;
  plans: FieldPlan[];
  fieldIndex: Map<string, number>;
  /**
   * Effective values by field, then row, kept as numbers (read them with
   * effAt): a number >= 0 is the value's number among its field plan's
   * `values`, -1 is no value, and -2 - k the row's own value at spill[k]
   * (past the plan's bound on distinct values). A column of 100,000 rows is
   * then 400 KB that the garbage collector never scans, and set checks work
   * on each distinct value once. Longer than the rows after live updates.
   */
  codes: Int32Array[];
  spill: Effective[][];
  /**
   * Each row's issues and proposals, by row index; only rows that have any
   * are keys (a few thousand of 100,000 rows), so nothing is kept for a clean
   * row, and a live update replaces one row's lists.
   */
  rowIssues: Map<number, Issue[]>;
  rowProposals: Map<number, Proposal[]>;
  /** Excel row number → index in rows; built on the first live update, since a full verification never needs it. */
  rowIndexByNumber?: Map<number, number>;
  structure: Issue[];
  /** Present columns whose cells need the rest of their row: phones (country) and derived values. */
  phoneFields: number[];
  deriveFields: number[];
  /** T-ROMANIZE's fields of this sheet; family and given only when both columns are present (a split needs both). */
  romanize?: RomanizePlan;
}

export const KEY_SEP = '\u0001';

export function makeIssue(s: SheetState, r: number, fi: number, family: RuleFamily, ruleId: string, severity: Severity,
  value: Issue['value'], params: Issue['params'], otherFields: number[] = []): Issue {
  const row = s.sheet.rowNumbers[r]!;
  const col = s.match.colOfField[fi]!;
  const cells = [a1(col, row)];
  for (const o of otherFields) {
    const c = s.match.colOfField[o]!;
    if (c >= 0 && o !== fi) cells.push(a1(c, row));
  }
  return { sheet: s.sheet.name, row, col, field: s.entity.fields[fi]!.key, ruleId, family, severity, cells, value, params };
}


/** The row's effective value of field fi. */
export function effAt(s: SheetState, fi: number, r: number): Effective {
  const c = s.codes[fi]![r]!;
  return c >= 0 ? s.plans[fi]!.values[c]! : c === -1 ? null : s.spill[fi]![-2 - c]!;
}

/** Keeps the row's effective value of field fi. */
export function setEff(s: SheetState, fi: number, r: number, v: Effective): void {
  s.codes[fi]![r] = v === null ? -1 : codeOfValue(s, fi, v);
}

function codeOfValue(s: SheetState, fi: number, v: string | number): number {
  const id = valueId(s.plans[fi]!, v);
  return id >= 0 ? id : spillCode(s, fi, v);
}

/** Code of a value kept by the row itself. */
export function spillCode(s: SheetState, fi: number, v: string | number): number {
  return -2 - (s.spill[fi]!.push(v) - 1);
}

/** Code of an outcome's effective value; the outcome remembers its value's number for the next cell that shares it. */
export function codeOf(s: SheetState, fi: number, out: CellOutcome): number {
  if (out.id >= 0) return out.id;
  const v = out.eff;
  if (v === null) return -1;
  const id = valueId(s.plans[fi]!, v);
  if (id < 0) return spillCode(s, fi, v);
  out.id = id;
  return id;
}

/** Room for rows up to n (live updates append rows); new rows have no values. */
export function ensureRows(s: SheetState, n: number): void {
  for (let fi = 0; fi < s.codes.length; fi++) {
    const old = s.codes[fi]!;
    if (old.length >= n) continue;
    const next = new Int32Array(Math.max(n, old.length * 2)).fill(-1);
    next.set(old);
    s.codes[fi] = next;
  }
}

/**
 * The rows where a test of the field's effective value holds, as a byte per
 * row (1 holds, 0 not), narrowed from `within` when given (a rule's earlier
 * conditions). The test is asked once per distinct value (business rules on a
 * status column ask 7 times, not 100,000), and the row loop reads typed arrays
 * only, with no call per row.
 */
export function rowsWhere(s: SheetState, fi: number, test: (v: Effective) => boolean, within?: Uint8Array): Uint8Array {
  const n = s.sheet.rows.length;
  const codes = s.codes[fi]!, values = s.plans[fi]!.values, spill = s.spill[fi]!;
  // Per value number: 0 not asked yet, 1 holds, 2 does not.
  const memo = new Uint8Array(values.length);
  const blank = test(null) ? 1 : 0;
  const out = within ?? new Uint8Array(n).fill(1);
  for (let r = 0; r < n; r++) {
    if (out[r] === 0) continue;
    const c = codes[r]!;
    if (c >= 0) {
      let m = memo[c]!;
      if (m === 0) m = memo[c] = test(values[c]!) ? 1 : 2;
      out[r] = m === 1 ? 1 : 0;
    } else {
      out[r] = c === -1 ? blank : test(spill[-2 - c]!) ? 1 : 0;
    }
  }
  return out;
}
