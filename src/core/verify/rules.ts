import type { BusinessRule, Standard } from '../standard/schema';
import type { Effective } from '../transform/cell';
import type { Issue } from '../model/issue';
import { comparator, holds, predicate } from './conditions';
import { effAt, rowsWhere, KEY_SEP, makeIssue, type SheetState } from './sheet-state';

/**
 * Business rules of the supported kinds, evaluated on effective values (so a
 * country written "USA" compares as "US", and a blank status compares as the
 * status the standard derives for it).
 */

type Out = Issue[];

function fi(s: SheetState, key: string): number {
  return s.fieldIndex.get(key)!;
}

function present(s: SheetState, key: string): boolean {
  return s.match.colOfField[fi(s, key)]! >= 0;
}

function paramValue(v: Effective): string | number | null {
  return v ?? null;
}

function checkCompare(s: SheetState, rule: Extract<BusinessRule, { kind: 'compare' }>, out: Out): void {
  if (!present(s, rule.left) || !present(s, rule.right)) return;
  const li = fi(s, rule.left), ri = fi(s, rule.right);
  const ok = comparator(rule.op);
  const allowed = orderBits(rule.op);
  const n = s.sheet.rows.length;
  const A = s.codes[li]!, B = s.codes[ri]!;
  const ranks = sharedRanks(s.plans[li]!.values, s.plans[ri]!.values, n);
  for (let r = 0; r < n; r++) {
    const ca = A[r]!, cb = B[r]!;
    if (ranks !== undefined && ca >= 0 && cb >= 0) {
      const d = ranks.a[ca]! - ranks.b[cb]!;
      if ((allowed & (d < 0 ? LESS : d === 0 ? EQUAL : GREATER)) !== 0) continue;
    } else {
      const a = effAt(s, li, r), b = effAt(s, ri, r);
      if (a === null || b === null) continue;
      if (typeof a !== typeof b) continue;
      if (ok(a, b)) continue;
    }
    const a = effAt(s, li, r)!, b = effAt(s, ri, r)!;
    out.push(makeIssue(s, r, li, 'crossField', rule.id, rule.severity, a, { left: a, right: b, description: rule.description }, [ri]));
  }
}

const LESS = 1, EQUAL = 2, GREATER = 4;

/** The orders of two values that satisfy op, as bits: rank comparisons then cost no call per row. */
function orderBits(op: string): number {
  switch (op) {
    case '<': return LESS;
    case '<=': return LESS | EQUAL;
    case '>': return GREATER;
    case '>=': return GREATER | EQUAL;
    case '==': return EQUAL;
    case '!=': return LESS | GREATER;
    default: return 0;
  }
}

/**
 * Ranks of two fields' values in one order, when all are of one type and
 * few (counts, days): comparing two rows' ranks then answers as comparing
 * their values would, with no value read per row. Undefined otherwise.
 */
function sharedRanks(a: readonly (string | number)[], b: readonly (string | number)[], rows: number): { a: Int32Array; b: Int32Array } | undefined {
  if (a.length + b.length > rows / 8) return undefined;
  const type = typeof (a[0] ?? b[0]);
  if (!a.every((v) => typeof v === type) || !b.every((v) => typeof v === type)) return undefined;
  // The default sort orders text by UTF-16 code units, as < does, without a call per comparison; numbers go through a typed array.
  const order: ArrayLike<string | number> = type === 'number'
    ? Float64Array.from(new Set([...a, ...b]) as Set<number>).sort()
    : [...new Set([...a, ...b])].sort();
  const rank = new Map<string | number, number>();
  for (let i = 0; i < order.length; i++) rank.set(order[i]!, i);
  return { a: Int32Array.from(a, (v) => rank.get(v)!), b: Int32Array.from(b, (v) => rank.get(v)!) };
}

function checkNotFuture(s: SheetState, rule: Extract<BusinessRule, { kind: 'notFuture' }>, today: string, out: Out): void {
  if (!present(s, rule.field)) return;
  const i = fi(s, rule.field);
  const future = rowsWhere(s, i, (v) => typeof v === 'string' && v > today);
  const n = s.sheet.rows.length;
  for (let r = 0; r < n; r++) {
    if (future[r] === 0) continue;
    const v = effAt(s, i, r)!;
    out.push(makeIssue(s, r, i, 'crossField', rule.id, rule.severity, v, { left: v, today, description: rule.description }));
  }
}

function checkForbid(s: SheetState, rule: Extract<BusinessRule, { kind: 'forbid' }>, out: Out): void {
  // A condition on a column the sheet lacks cannot be judged: skip rather than guess.
  if (!rule.when.every((c) => present(s, c.field))) return;
  const flags = rule.flag.map((f) => fi(s, f)).filter((i) => s.match.colOfField[i]! >= 0);
  if (!flags.length) return;
  const statusCond = rule.when.find((c) => 'in' in c);
  const countCond = rule.when.find((c) => 'op' in c);
  const n = s.sheet.rows.length;
  // No conditions: every row.
  let rows: Uint8Array | undefined;
  for (const c of rule.when) rows = rowsWhere(s, fi(s, c.field), predicate(c), rows);
  for (let r = 0; r < n; r++) {
    if (rows !== undefined && rows[r] === 0) continue;
    const status = statusCond ? paramValue(effAt(s, fi(s, statusCond.field), r)) : null;
    const count = countCond ? paramValue(effAt(s, fi(s, countCond.field), r)) : null;
    out.push(makeIssue(s, r, flags[0]!, 'crossField', rule.id, rule.severity, paramValue(effAt(s, flags[0]!, r)),
      { status, count, description: rule.description }, flags));
  }
}

function checkNoOverlap(s: SheetState, rule: Extract<BusinessRule, { kind: 'noOverlap' }>, out: Out): void {
  if (![...rule.groupBy, rule.start, ...rule.where.map((c) => c.field)].every((k) => present(s, k))) return;
  const groups = new Map<string, number[]>();
  const n = s.sheet.rows.length;
  const g = rule.groupBy.map((k) => fi(s, k));
  const si = fi(s, rule.start);
  const start = (r: number) => effAt(s, si, r);
  const ei = present(s, rule.end) ? fi(s, rule.end) : -1;
  const end = (r: number) => (ei < 0 ? null : effAt(s, ei, r));
  for (let r = 0; r < n; r++) {
    if (!rule.where.every((c) => holds(c, effAt(s, fi(s, c.field), r)))) continue;
    if (start(r) === null) continue;
    let k = '';
    let ok = true;
    for (const gi of g) { const v = effAt(s, gi, r); if (v === null) { ok = false; break; } k += KEY_SEP + String(v); }
    if (!ok) continue;
    const list = groups.get(k);
    if (list) list.push(r); else groups.set(k, [r]);
  }
  const flags = rule.flag.map((f) => fi(s, f)).filter((i) => s.match.colOfField[i]! >= 0);
  for (const [k, rows] of groups) {
    if (rows.length < 2) continue;
    const flagged = new Set<number>();
    rows.sort((a, b) => String(start(a)).localeCompare(String(start(b))));
    for (let i = 0; i < rows.length; i++) {
      for (let j = i + 1; j < rows.length; j++) {
        const a = rows[i]!, b = rows[j]!;
        const endA = end(a);
        // Sorted by start: b starts on/after a; they overlap unless a ended before b started.
        if (endA === null || String(start(b)) <= String(endA)) { flagged.add(a); flagged.add(b); }
      }
    }
    if (!flagged.size) continue;
    const [, study, site] = k.split(KEY_SEP);
    const rowList = [...flagged].map((r) => s.sheet.rowNumbers[r]).sort((x, y) => x! - y!).join(', ');
    for (const r of flagged) {
      out.push(makeIssue(s, r, flags[0]!, 'crossField', rule.id, rule.severity, paramValue(effAt(s, flags[0]!, r)),
        { study: study ?? null, site: site ?? null, rows: rowList, description: rule.description }, flags));
    }
  }
}

function checkExists(s: SheetState, other: SheetState | undefined, rule: Extract<BusinessRule, { kind: 'exists' }>, out: Out): void {
  // Without the other sheet there is nothing to look in: its absence is reported once, not per row.
  if (!other || !rule.match.every(([l]) => present(s, l))) return;
  const keys = new Set<string>();
  if (rule.match.every(([, o]) => present(other, o)) && rule.where.every((c) => present(other, c.field))) {
    const cols = rule.match.map(([, o]) => fi(other, o));
    for (let r = 0; r < other.sheet.rows.length; r++) {
      if (!rule.where.every((c) => holds(c, effAt(other, fi(other, c.field), r)))) continue;
      keys.add(cols.map((c) => String(effAt(other, c, r) ?? '')).join(KEY_SEP));
    }
  }
  const local = rule.match.map(([l]) => fi(s, l));
  const flags = rule.flag.map((f) => fi(s, f));
  for (let r = 0; r < s.sheet.rows.length; r++) {
    if (local.some((c) => effAt(s, c, r) === null)) continue;
    const k = local.map((c) => String(effAt(s, c, r))).join(KEY_SEP);
    if (keys.has(k)) continue;
    out.push(makeIssue(s, r, flags[0]!, 'crossField', rule.id, rule.severity, paramValue(effAt(s, flags[0]!, r)),
      { email: paramValue(effAt(s, local[local.length - 1]!, r)), study: paramValue(effAt(s, local[0]!, r)), site: local[1] === undefined ? null : paramValue(effAt(s, local[1], r)), description: rule.description }, flags));
  }
}

function checkEqualsReferenced(s: SheetState, other: SheetState | undefined, rule: Extract<BusinessRule, { kind: 'equalsReferenced' }>, out: Out): void {
  if (!other || !present(s, rule.field) || !present(s, rule.via) || !present(other, rule.key) || !present(other, rule.otherField)) return;
  const lookup = new Map<string, Effective>();
  const ki = fi(other, rule.key), vi = fi(other, rule.otherField);
  for (let r = 0; r < other.sheet.rows.length; r++) {
    const k = effAt(other, ki, r), v = effAt(other, vi, r);
    if (k !== null && v !== null) lookup.set(String(k), v);
  }
  const fli = fi(s, rule.field), via = fi(s, rule.via);
  for (let r = 0; r < s.sheet.rows.length; r++) {
    const f = effAt(s, fli, r), org = effAt(s, via, r);
    if (f === null || org === null) continue;
    const theirs = lookup.get(String(org));
    if (theirs === undefined || theirs === f) continue;
    out.push(makeIssue(s, r, fli, 'crossField', rule.id, rule.severity, f,
      { left: f, right: theirs, org, description: rule.description }, [via]));
  }
}

export function checkBusinessRules(std: Standard, states: Map<string, SheetState>, today: string, out: Out): void {
  for (const rule of std.rules) {
    const s = states.get(rule.entity);
    if (!s) continue;
    switch (rule.kind) {
      case 'compare': checkCompare(s, rule, out); break;
      case 'notFuture': checkNotFuture(s, rule, today, out); break;
      case 'forbid': checkForbid(s, rule, out); break;
      case 'noOverlap': checkNoOverlap(s, rule, out); break;
      case 'exists': checkExists(s, states.get(rule.in), rule, out); break;
      case 'equalsReferenced': checkEqualsReferenced(s, states.get(rule.in), rule, out); break;
    }
  }
}
