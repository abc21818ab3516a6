import type { Entity, Standard } from '../standard/schema';
import type { CellValue, SheetData, WorkbookData } from '../model/sheet';
import { a1 } from '../sheet/address';
import { matchColumns, findSheet, type ColumnMatch } from '../sheet/headers';
import { analyzeCell, analyzePhone, dayNumber, newTextEntry, noteClean, createAnalyzeContext, dateOutcome, effectiveIsLowerCase, numberOutcome, planField, type AnalyzeContext, type CellOutcome, type DecidedValues, type Effective } from '../transform/cell';
import type { DateOrder } from '../transform/dates';
import type { Issue, Proposal } from '../model/issue';
import { holds } from './conditions';
import { checkBusinessRules } from './rules';
import { codeOf, effAt, ensureRows, KEY_SEP, makeIssue, setEff, spillCode, type SheetState } from './sheet-state';

export { KEY_SEP, type SheetState };
import { tidyText } from '../transform/text';
import { romanizePlan, romanizeRow, type RomanizePlan } from '../transform/romanize/row';
import type { Romanizers } from '../transform/romanize/load';

export interface VerifyOptions {
  dateOrder?: DateOrder;
  /** ISO date used by "not in the future" (defaults to today, UTC). */
  today?: string;
  /** Keys that already exist in the target CTMS, per entity (joined with \u0001 for composite keys). */
  targetKeys?: Record<string, Set<string>>;
  onProgress?: (done: number, total: number) => void;
  /** Romanization libraries (loadRomanizers), when the workbook has names in other scripts: T-ROMANIZE proposals. */
  romanizers?: Romanizers;
  /** Approved translations by source text (core/translate's glossary): T-TRANSLATE proposals wherever the text occurs. */
  glossary?: ReadonlyMap<string, { english: string }>;
  /** A person's picklist value mappings (core/mapping's decidedValues): proposals wherever the spelling occurs. */
  values?: DecidedValues;
}

/** A sheet after verification, read by field key; see VerifySession.verifiedSheet. */
export interface VerifiedSheet {
  entity: Entity;
  sheet: SheetData;
  value(r: number, key: string): Effective;
}

export interface VerifySummary {
  sheets: number;
  rows: number;
  cells: number;
  errors: number;
  warnings: number;
  infos: number;
  proposals: number;
}

export interface VerifyResult {
  standard: { id: string; name: string; version: string };
  issues: Issue[];
  proposals: Proposal[];
  summary: VerifySummary;
}

function toIssueValue(v: CellValue): Issue['value'] {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString().slice(0, 10);
  return v ?? null;
}

/** Record what one (non-phone) cell's analysis found; returns true when the blank waits for a derivation. */
function recordCell(s: SheetState, r: number, fi: number, raw: CellValue, out: CellOutcome): boolean {
  const plan = s.plans[fi]!;
  if (out.blank) {
    if (plan.mapRule?.derive) return true;
    if (plan.field.required) pushIssue(s, r, makeIssue(s, r, fi, 'required', 'required', 'error', null, {}));
    return false;
  }
  const f = out.finding;
  if (f) pushIssue(s, r, makeIssue(s, r, fi, f.family, f.family, f.severity, toIssueValue(raw), f.params));
  if (out.proposal) pushProposal(s, r, proposalOf(s, r, fi, raw, out.proposal));
  return false;
}

function pushIssue(s: SheetState, r: number, i: Issue): void {
  const list = s.rowIssues.get(r);
  if (list) list.push(i); else s.rowIssues.set(r, [i]);
}

function pushProposal(s: SheetState, r: number, p: Proposal): void {
  const list = s.rowProposals.get(r);
  if (list) list.push(p); else s.rowProposals.set(r, [p]);
}

/**
 * The whole sheet, column by column: one field's plan and cache stay hot for
 * all its cells, and a clean cell costs a cache look-up and a store.
 */
function analyzeSheet(s: SheetState, ctx: AnalyzeContext, progress?: (rowsDone: number) => void): void {
  const rows = s.sheet.rows;
  const n = rows.length;
  const fields = s.entity.fields;
  for (let fi = 0; fi < fields.length; fi++) {
    const col = s.match.colOfField[fi]!;
    if (col < 0) continue;
    const plan = s.plans[fi]!;
    if (plan.field.type === 'phone') continue;
    switch (plan.field.type) {
      case 'date': scanDateColumn(s, fi, col, ctx); break;
      case 'int': scanNumberColumn(s, fi, col, ctx); break;
      default: scanTextColumn(s, fi, col, ctx);
    }
    progress?.(Math.round(((fi + 1) / fields.length) * n));
  }
  // Column by column too: all phones before any derivation, as finishRow does for one row.
  for (const fi of s.phoneFields) for (let r = 0; r < n; r++) analyzePhoneCell(s, fi, r);
  for (const fi of s.deriveFields) {
    const codes = s.codes[fi]!;
    for (let r = 0; r < n; r++) if (codes[r] === -1) deriveCell(s, fi, r, ctx);
  }
  if (ctx.romanizers && s.romanize) for (let r = 0; r < n; r++) romanizeCells(s, r, s.romanize, ctx.romanizers);
}

/** T-ROMANIZE proposals for the row's name fields flagged for their script. */
function romanizeCells(s: SheetState, r: number, plan: RomanizePlan, romanizers: Romanizers): void {
  const issues = s.rowIssues.get(r);
  if (issues === undefined) return;
  let flagged: Set<number> | undefined;
  // A cell with an approved translation already has its proposal.
  const translated = new Set((s.rowProposals.get(r) ?? []).map((p) => p.field));
  for (const i of issues) {
    if (i.family !== 'charset' || translated.has(i.field)) continue;
    const fi = s.fieldIndex.get(i.field)!;
    if (plan.fields.has(fi)) (flagged ??= new Set()).add(fi);
  }
  if (flagged === undefined) return;
  const row = s.sheet.rows[r]!;
  const text = (fi: number) => {
    const v = row[s.match.colOfField[fi]!];
    return v === null || v === undefined ? '' : tidyText(String(v));
  };
  const country = effOf(s, 'country', r);
  for (const p of romanizeRow(plan, flagged, text, typeof country === 'string' ? country : null, romanizers)) {
    pushProposal(s, r, proposalOf(s, r, p.fi, row[s.match.colOfField[p.fi]!] ?? null, { to: p.to, toType: 'text', steps: [plan.ruleId], reason: p.reason }));
  }
}

/*
 * One loop per kind of column, each with the cached reader for the values the
 * column usually holds inline (anything else goes through analyzeCell): the
 * reads and calls in each loop then see one kind of value, which V8 inlines.
 */

function scanTextColumn(s: SheetState, fi: number, col: number, ctx: AnalyzeContext): void {
  const rows = s.sheet.rows, codes = s.codes[fi]!, plan = s.plans[fi]!, cache = plan.cache, required = plan.field.required;
  for (let r = 0; r < rows.length; r++) {
    const raw = rows[r]![col];
    let hit = typeof raw === 'string' ? cache.get(raw) : undefined;
    if (hit === undefined) hit = typeof raw === 'string' ? newTextEntry(plan, raw, ctx) : analyzeCell(plan, raw, ctx);
    // A number: the text stands as it is (the commonest cell), nothing to record; -1 past the bound on distinct texts.
    if (typeof hit === 'number') { codes[r] = hit >= 0 ? hit : spillCode(s, fi, raw as string); continue; }
    const out = hit;
    codes[r] = codeOf(s, fi, out);
    if (out.proposal !== undefined || out.finding !== undefined || (out.blank && required)) recordCell(s, r, fi, raw ?? null, out);
  }
}

function scanNumberColumn(s: SheetState, fi: number, col: number, ctx: AnalyzeContext): void {
  const rows = s.sheet.rows, codes = s.codes[fi]!, plan = s.plans[fi]!, clean = plan.cleanCodes, required = plan.field.required;
  for (let r = 0; r < rows.length; r++) {
    const raw = rows[r]![col];
    let slot = -1;
    // A count seen clean before: its value number, with no outcome to read.
    if (typeof raw === 'number' && raw >= 0 && raw < clean.length && (raw | 0) === raw) {
      slot = raw;
      const c = clean[raw]! - 1;
      if (c >= 0) { codes[r] = c; continue; }
    }
    const out = typeof raw === 'number' ? numberOutcome(plan, raw, ctx) : analyzeCell(plan, raw, ctx);
    const code = codes[r] = codeOf(s, fi, out);
    noteClean(plan, slot, out, code);
    if (out.proposal !== undefined || out.finding !== undefined || (out.blank && required)) recordCell(s, r, fi, raw ?? null, out);
  }
}

function scanDateColumn(s: SheetState, fi: number, col: number, ctx: AnalyzeContext): void {
  const rows = s.sheet.rows, codes = s.codes[fi]!, plan = s.plans[fi]!, clean = plan.cleanCodes, required = plan.field.required;
  for (let r = 0; r < rows.length; r++) {
    const raw = rows[r]![col];
    let slot = -1;
    if (raw instanceof Date) {
      // A day seen clean before: its value number, with no outcome to read.
      slot = dayNumber(raw);
      const c = slot >= 0 ? clean[slot]! - 1 : -1;
      if (c >= 0) { codes[r] = c; continue; }
    }
    const out = raw instanceof Date ? dateOutcome(plan, raw, ctx) : analyzeCell(plan, raw, ctx);
    const code = codes[r] = codeOf(s, fi, out);
    noteClean(plan, slot, out, code);
    if (out.proposal !== undefined || out.finding !== undefined || (out.blank && required)) recordCell(s, r, fi, raw ?? null, out);
  }
}

/** One row (live re-validation of edited rows). */
function analyzeRow(s: SheetState, r: number, ctx: AnalyzeContext): void {
  const row = s.sheet.rows[r]!;
  s.rowIssues.delete(r);
  s.rowProposals.delete(r);
  const fields = s.entity.fields;
  for (let fi = 0; fi < fields.length; fi++) {
    const col = s.match.colOfField[fi]!;
    if (col < 0) { s.codes[fi]![r] = -1; continue; }
    const plan = s.plans[fi]!;
    if (plan.field.type === 'phone') continue;
    const raw = row[col] ?? null;
    const out = analyzeCell(plan, raw, ctx);
    s.codes[fi]![r] = codeOf(s, fi, out);
    recordCell(s, r, fi, raw, out);
  }
  finishRow(s, r, ctx);
}

/** Cells that depend on other cells of the row: phones (the row's country) and derived values. */
function finishRow(s: SheetState, r: number, ctx: AnalyzeContext): void {
  for (const fi of s.phoneFields) analyzePhoneCell(s, fi, r);
  for (const fi of s.deriveFields) if (s.codes[fi]![r] === -1) deriveCell(s, fi, r, ctx);
  if (ctx.romanizers && s.romanize) romanizeCells(s, r, s.romanize, ctx.romanizers);
}

function analyzePhoneCell(s: SheetState, fi: number, r: number): void {
  const plan = s.plans[fi]!;
  const ci = s.fieldIndex.get('country');
  const country = ci === undefined ? null : (effAt(s, ci, r) as string | null);
  const raw = s.sheet.rows[r]![s.match.colOfField[fi]!] ?? null;
  const out = analyzePhone(plan, raw, country);
  s.codes[fi]![r] = codeOf(s, fi, out);
  if (out.blank) {
    if (plan.field.required) pushIssue(s, r, makeIssue(s, r, fi, 'required', 'required', 'error', null, {}));
    return;
  }
  if (out.finding) pushIssue(s, r, makeIssue(s, r, fi, out.finding.family, out.finding.family, out.finding.severity, toIssueValue(raw), out.finding.params));
  if (out.proposal) pushProposal(s, r, proposalOf(s, r, fi, raw, out.proposal));
}

/** A cell with no effective value: derived when it is blank (a filled one was mapped or flagged by the column pass). */
function deriveCell(s: SheetState, fi: number, r: number, ctx: AnalyzeContext): void {
  const plan = s.plans[fi]!;
  if (!analyzeCell(plan, s.sheet.rows[r]![s.match.colOfField[fi]!] ?? null, ctx).blank) return;
  const t = plan.mapRule!;
  const hit = t.when?.find((d) => d.when.every((c) => holds(c, effOf(s, c.field, r))));
  if (hit) {
    setEff(s, fi, r, hit.value);
    const why = hit.when.length ? `derived: ${hit.when.map((c) => c.field).join(', ')} set` : 'derived: no dates or enrolment yet';
    pushProposal(s, r, proposalOf(s, r, fi, null, { to: hit.value, toType: 'text', steps: [t.id], reason: why }));
  } else if (plan.field.required) {
    pushIssue(s, r, makeIssue(s, r, fi, 'required', 'required', 'error', null, {}));
  }
}

function effOf(s: SheetState, field: string, r: number): Effective {
  const fi = s.fieldIndex.get(field);
  return fi === undefined ? null : effAt(s, fi, r);
}

function proposalOf(s: SheetState, r: number, fi: number, raw: CellValue, p: { to: string | number; toType: Proposal['toType']; steps: string[]; reason?: string }): Proposal {
  const out: Proposal = {
    sheet: s.sheet.name, row: s.sheet.rowNumbers[r]!, col: s.match.colOfField[fi]!, field: s.entity.fields[fi]!.key,
    ruleId: p.steps[p.steps.length - 1] ?? 'T-TRIM', steps: p.steps, from: raw, to: p.to, toType: p.toType,
  };
  if (p.reason) out.reason = p.reason;
  return out;
}

function structureIssues(s: SheetState): Issue[] {
  const out: Issue[] = [];
  const name = s.sheet.name;
  const nextCol = s.sheet.headers.length;
  for (const f of s.match.missing) {
    if (!f.required) continue;
    out.push({ sheet: name, row: 1, col: -1, field: f.key, ruleId: 'required', family: 'required', severity: 'error',
      cells: [a1(nextCol, 1)], value: null, params: { column: true, sheet: name, header: f.header } });
  }
  for (const x of [...s.match.extra, ...s.match.repeated]) {
    out.push({ sheet: name, row: 1, col: x.col, field: '', ruleId: 'extraColumn', family: 'structure', severity: 'info',
      cells: [a1(x.col, 1)], value: x.header, params: { kind: 'extraColumn', header: x.header, sheet: name } });
  }
  // T-FSFV: a recorded mapping decision; the column is marked for review, the values are never shifted.
  s.plans.forEach((p, fi) => {
    const col = s.match.colOfField[fi]!;
    if (!p.decisionRule || col < 0) return;
    if (!hasValue(s, fi)) return;
    out.push({ sheet: name, row: 1, col, field: p.field.key, ruleId: p.decisionRule.id, family: 'structure', severity: 'info',
      cells: [a1(col, 1)], value: p.field.header, params: { kind: 'decision', header: p.field.header, sheet: name, description: `${p.field.header}: ${p.decisionRule.reason}` } });
  });
  return out;
}

function hasValue(s: SheetState, fi: number): boolean {
  const codes = s.codes[fi]!;
  for (let r = 0; r < s.sheet.rows.length; r++) if (codes[r] !== -1) return true;
  return false;
}

export function newSheetState(std: Standard, entity: Entity, sheet: SheetData, values?: DecidedValues): SheetState {
  const match = matchColumns(entity, sheet);
  const n = sheet.rows.length;
  const plans = entity.fields.map((f) => planField(std, entity, f));
  if (values) for (const p of plans) p.decided = values.get(`${entity.key}.${p.field.key}`);
  return {
    entity, sheet, match,
    plans,
    fieldIndex: new Map(entity.fields.map((f, i) => [f.key, i])),
    // A present column's pass writes every row's code (analyzeSheet); only an absent column needs its -1s here.
    codes: entity.fields.map((_, fi) => (match.colOfField[fi]! >= 0 ? new Int32Array(n) : new Int32Array(n).fill(-1))),
    spill: entity.fields.map(() => []),
    rowIssues: new Map(),
    rowProposals: new Map(),
    structure: [],
    phoneFields: plans.flatMap((p, fi) => (p.field.type === 'phone' && match.colOfField[fi]! >= 0 ? [fi] : [])),
    deriveFields: plans.flatMap((p, fi) => (p.mapRule?.derive && p.field.type !== 'phone' && match.colOfField[fi]! >= 0 ? [fi] : [])),
    romanize: presentRomanizePlan(std, entity, match),
  };
}

function presentRomanizePlan(std: Standard, entity: Entity, match: ColumnMatch): RomanizePlan | undefined {
  const plan = romanizePlan(std, entity);
  if (!plan) return undefined;
  const fields = new Set([...plan.fields].filter((fi) => match.colOfField[fi]! >= 0));
  if (!fields.size) return undefined;
  const both = plan.family !== undefined && plan.given !== undefined && fields.has(plan.family) && fields.has(plan.given);
  return { ruleId: plan.ruleId, fields, family: both ? plan.family : undefined, given: both ? plan.given : undefined };
}

function checkUnique(s: SheetState, out: Issue[]): void {
  const n = s.sheet.rows.length;
  const keys: { fis: number[]; ci: boolean }[] = [];
  s.entity.fields.forEach((f, fi) => { if (f.unique && s.match.colOfField[fi]! >= 0) keys.push({ fis: [fi], ci: mustLower(s, fi, !!f.caseInsensitive) }); });
  for (const uk of s.entity.uniqueKeys) {
    const fis = uk.map((k) => s.fieldIndex.get(k)!);
    if (fis.every((fi) => s.match.colOfField[fi]! >= 0)) keys.push({ fis, ci: false });
  }
  for (const { fis, ci } of keys) {
    for (const rows of repeatedGroups(s, fis, ci, n)) {
      const shown = fis.map((fi) => String(effAt(s, fi, rows[0]!))).join(' / ');
      const rowList = rows.map((r) => s.sheet.rowNumbers[r]).join(', ');
      for (const r of rows) {
        out.push(makeIssue(s, r, fis[fis.length - 1]!, 'unique', 'unique', 'error', shown,
          { value: shown, count: rows.length, rows: rowList }, fis));
      }
    }
  }
}

/**
 * Rows sharing the same values in `fis`, in groups of two or more, in the
 * order their second row appears. Each field's values are numbered first (a
 * small map per field: a column has far fewer distinct values than rows), and
 * the numbers of a row's fields are folded into one number per distinct
 * combination; equal keys are then equal numbers, found with typed arrays.
 * No key string and no per-key map or array is built for the (usual) unique rows.
 */
function repeatedGroups(s: SheetState, fis: number[], ci: boolean, n: number): number[][] {
  let key = valueIds(s, fis[0]!, ci, n);
  for (let l = 1; l < fis.length; l++) key = combineIds(key, valueIds(s, fis[l]!, ci, n), n);
  const { ids, count } = key;
  const first = new Int32Array(count).fill(-1);
  const groups: number[][] = [];
  let groupOf: Map<number, number[]> | undefined;
  for (let r = 0; r < n; r++) {
    const id = ids[r]!;
    if (id < 0) continue;
    const seen = first[id]!;
    if (seen < 0) { first[id] = r; continue; }
    groupOf ??= new Map();
    const group = groupOf.get(id);
    if (group) group.push(r);
    else { const g = [seen, r]; groupOf.set(id, g); groups.push(g); }
  }
  return groups;
}

/** A number per row for its value (-1 when blank), counting from 0; `count` distinct values. */
interface Ids { ids: Int32Array; count: number }

/**
 * The column's value numbers are the key's numbers already when equal keys
 * are equal values: values of one type, compared with their case. Otherwise
 * the numbers are renumbered once per distinct value (lowered, or a number
 * meeting its text), and a spilled value is numbered by its key.
 */
function valueIds(s: SheetState, fi: number, ci: boolean, n: number): Ids {
  const codes = s.codes[fi]!, values = s.plans[fi]!.values, spill = s.spill[fi]!;
  const oneType = values.every((v) => typeof v === 'string') || values.every((v) => typeof v === 'number');
  // Read only: the column's own codes serve (rows past n are never read).
  if (!ci && oneType && spill.length === 0) return { ids: codes, count: values.length };
  const ids = new Int32Array(n);
  const numbering = new Map<string, number>();
  const number = (v: string | number) => {
    const k = uniqueKey(v, ci);
    let id = numbering.get(k);
    if (id === undefined) { id = numbering.size; numbering.set(k, id); }
    return id;
  };
  const renumbered = Int32Array.from(values, number);
  for (let r = 0; r < n; r++) {
    const c = codes[r]!;
    ids[r] = c >= 0 ? renumbered[c]! : c === -1 ? -1 : number(spill[-2 - c]!);
  }
  return { ids, count: numbering.size };
}

/** Numbers for pairs (a, b), renumbered from 0 so that folding further fields stays in range. */
function combineIds(a: Ids, b: Ids, n: number): Ids {
  const ids = new Int32Array(n);
  const pairs = a.count * b.count;
  // Few enough possible pairs: number them through an array; else through a map of pair numbers.
  const dense = pairs <= 4 * n + 1024 ? new Int32Array(pairs).fill(-1) : undefined;
  const sparse = dense ? undefined : new Map<number, number>();
  let count = 0;
  for (let r = 0; r < n; r++) {
    const x = a.ids[r]!, y = b.ids[r]!;
    if (x < 0 || y < 0) { ids[r] = -1; continue; }
    const pair = x * b.count + y;
    let id = dense ? dense[pair]! : sparse!.get(pair) ?? -1;
    if (id < 0) { id = count++; if (dense) dense[pair] = id; else sparse!.set(pair, id); }
    ids[r] = id;
  }
  return { ids, count };
}

function uniqueKey(v: string | number, ci: boolean): string {
  return ci ? String(v).toLowerCase() : typeof v === 'string' ? v : String(v);
}

/** Keys of an entity's rows, for references into it. */
export function keySet(s: SheetState, fields: string[], lower: boolean): Set<string> {
  const fis = fields.map((f) => s.fieldIndex.get(f)!);
  const lowerField = fis.map((fi) => mustLower(s, fi, lower));
  const set = new Set<string>();
  const n = s.sheet.rows.length;
  if (fis.length === 1) return singleKeySet(s, fis[0]!, lowerField[0]!, set);
  for (let r = 0; r < n; r++) {
    let k = '';
    let ok = true;
    for (let l = 0; l < fis.length; l++) {
      const v = effAt(s, fis[l]!, r);
      if (v === null) { ok = false; break; }
      k += (k ? KEY_SEP : '') + (lowerField[l] ? String(v).toLowerCase() : String(v));
    }
    if (ok) set.add(k);
  }
  return set;
}

/** One field's keys: each distinct value once. */
function singleKeySet(s: SheetState, fi: number, lower: boolean, set: Set<string>): Set<string> {
  const codes = s.codes[fi]!, values = s.plans[fi]!.values;
  const seen = new Uint8Array(values.length);
  const add = (v: string | number) => set.add(lower ? String(v).toLowerCase() : String(v));
  for (let r = 0; r < s.sheet.rows.length; r++) {
    const c = codes[r]!;
    if (c >= 0) { if (seen[c] === 0) { seen[c] = 1; add(values[c]!); } }
    else if (c !== -1) add(s.spill[fi]![-2 - c]!);
  }
  return set;
}

function checkReferences(states: Map<string, SheetState>, opts: VerifyOptions, out: Issue[]): void {
  const cache = new Map<string, Set<string>>();
  for (const s of states.values()) {
    s.entity.fields.forEach((f, fi) => {
      const ref = f.reference;
      if (!ref || s.match.colOfField[fi]! < 0) return;
      const lower = !!ref.caseInsensitive;
      const target = states.get(ref.entity);
      const ck = `${ref.entity}|${ref.fields.join(',')}|${lower}`;
      let keys = cache.get(ck);
      if (!keys) { keys = target ? keySet(target, ref.fields, lower) : new Set(); cache.set(ck, keys); }
      const known = opts.targetKeys?.[ref.entity];
      const local = (ref.localFields ?? [f.key]).map((k) => s.fieldIndex.get(k)!);
      const missing = (r: number, k: string) => {
        const shown = k.split(KEY_SEP).join(' / ');
        out.push(makeIssue(s, r, fi, 'reference', 'reference', 'error', shown,
          { value: shown, targetSheet: target?.entity.sheet ?? ref.entity, checkedTarget: !!known }, local));
      };
      // An empty set (target sheet absent, or no target keys given) is not consulted at all.
      const sets = [keys, known].filter((x): x is Set<string> => !!x && x.size > 0);
      if (local.length === 1) checkSingleReference(s, local[0]!, mustLower(s, local[0]!, lower), sets, missing);
      else checkCompositeReference(s, local, lower, sets, missing);
    });
  }
}

/** A case-insensitive comparison lowers values, unless the field's effective values are lower-case already (emails). */
function mustLower(s: SheetState, fi: number, caseInsensitive: boolean): boolean {
  return caseInsensitive && !effectiveIsLowerCase(s.plans[fi]!);
}

/**
 * A one-field reference looks the (usually shared) value itself up in each
 * key set: no key string is built, so its cached hash is reused. A row with a
 * text number reuses the answer for its number: each distinct value is looked
 * up once, not once per row.
 */
function checkSingleReference(s: SheetState, fi: number, lower: boolean, sets: Set<string>[], missing: (r: number, k: string) => void): void {
  const [a, b] = sets;
  const codes = s.codes[fi]!, values = s.plans[fi]!.values, spill = s.spill[fi]!;
  const keyOf = (v: string | number): string => lower ? String(v).toLowerCase() : typeof v === 'string' ? v : String(v);
  const known = (k: string) => (a !== undefined && a.has(k)) || (b !== undefined && b.has(k));
  // Per value number: 0 not yet looked up, 1 found, 2 missing (its key in missingKey).
  const verdict = new Uint8Array(values.length);
  const missingKey: string[] = [];
  const n = s.sheet.rows.length;
  for (let r = 0; r < n; r++) {
    const id = codes[r]!;
    if (id >= 0) {
      let v = verdict[id]!;
      if (v === 0) {
        const k = keyOf(values[id]!);
        v = verdict[id] = known(k) ? 1 : 2;
        if (v === 2) missingKey[id] = k;
      }
      if (v === 2) missing(r, missingKey[id]!);
      continue;
    }
    if (id === -1) continue;
    const k = keyOf(spill[-2 - id]!);
    if (!known(k)) missing(r, k);
  }
}

function checkCompositeReference(s: SheetState, local: number[], lower: boolean, sets: Set<string>[], missing: (r: number, k: string) => void): void {
  const n = s.sheet.rows.length;
  for (let r = 0; r < n; r++) {
    let k = '';
    let ok = true;
    for (const li of local) {
      const v = effAt(s, li, r);
      if (v === null) { ok = false; break; }
      k += (k ? KEY_SEP : '') + (lower ? String(v).toLowerCase() : String(v));
    }
    if (!ok || sets.some((set) => set.has(k))) continue;
    missing(r, k);
  }
}

function rowIndex(s: SheetState): Map<number, number> {
  if (!s.rowIndexByNumber) {
    const index = new Map<number, number>();
    const numbers = s.sheet.rowNumbers;
    for (let r = 0; r < numbers.length; r++) index.set(numbers[r]!, r);
    s.rowIndexByNumber = index;
  }
  return s.rowIndexByNumber;
}

/** Appends the per-row lists, in row order (and within a row, in the order they were found). */
function gather<T>(perRow: Map<number, T[]>, out: T[]): void {
  const rows = Int32Array.from(perRow.keys()).sort();
  for (let k = 0; k < rows.length; k++) {
    const list = perRow.get(rows[k]!)!;
    for (let j = 0; j < list.length; j++) out.push(list[j]!);
  }
}

function sortIssues(issues: Issue[], order: Map<string, number>): Issue[] {
  return issues.sort((a, b) => (order.get(a.sheet)! - order.get(b.sheet)!) || a.row - b.row || a.col - b.col);
}

/**
 * A verification that can be updated row by row (live re-validation in Excel):
 * field checks run only for changed rows; set-level checks (uniqueness,
 * references, business rules across rows and sheets) run again from the
 * cached effective values, which costs map look-ups, not re-parsing.
 */
export class VerifySession {
  readonly states = new Map<string, SheetState>();
  private readonly ctx: AnalyzeContext;
  private readonly order = new Map<string, number>();
  private missingSheets: Issue[] = [];
  result!: VerifyResult;
  /** Where the time went: single-field checks and transformations vs set-level checks (benchmarks read these). */
  readonly timings = { fieldsMs: 0, setsMs: 0 };

  constructor(readonly std: Standard, wb: WorkbookData, readonly opts: VerifyOptions = {}) {
    this.ctx = createAnalyzeContext(std, opts.dateOrder);
    this.ctx.romanizers = opts.romanizers;
    this.ctx.glossary = opts.glossary;
    const total = std.entities.reduce((n, e) => n + (findSheet(wb.sheets, e)?.rows.length ?? 0), 0);
    let done = 0;
    const t0 = performance.now();
    std.entities.forEach((e, i) => {
      const sheet = findSheet(wb.sheets, e);
      this.order.set(sheet?.name ?? e.sheet, i);
      if (!sheet) {
        this.missingSheets.push({ sheet: e.sheet, row: 1, col: -1, field: '', ruleId: 'missingSheet', family: 'structure', severity: 'info', cells: ['A1'], value: null, params: { kind: 'missingSheet', sheet: e.sheet } });
        return;
      }
      const s = newSheetState(std, e, sheet, opts.values);
      this.states.set(e.key, s);
      const before = done;
      analyzeSheet(s, this.ctx, opts.onProgress ? (d) => opts.onProgress!(before + d, total) : undefined);
      done += sheet.rows.length;
      s.structure = structureIssues(s);
    });
    const t1 = performance.now();
    this.result = this.collect();
    this.timings.fieldsMs = t1 - t0;
    this.timings.setsMs = performance.now() - t1;
    opts.onProgress?.(total, total);
  }

  /**
   * One verified sheet as its values will be sent: each cell's effective
   * value (after its transformations), by field key. Undefined when the
   * workbook has no sheet for the entity.
   */
  verifiedSheet(entityKey: string): VerifiedSheet | undefined {
    const s = this.states.get(entityKey);
    if (!s) return undefined;
    return {
      entity: s.entity,
      sheet: s.sheet,
      value: (r, key) => {
        const fi = s.fieldIndex.get(key);
        return fi === undefined || r >= s.sheet.rows.length ? null : effAt(s, fi, r);
      },
    };
  }

  /** Replace (or add) rows of one sheet and re-verify. Returns the new result. */
  updateRows(sheetName: string, rows: { rowNumber: number; values: CellValue[] }[]): VerifyResult {
    const s = [...this.states.values()].find((x) => x.sheet.name === sheetName);
    if (!s) return this.result;
    const index = rowIndex(s);
    for (const { rowNumber, values } of rows) {
      let r = index.get(rowNumber);
      if (r === undefined) {
        r = s.sheet.rows.length;
        s.sheet.rows.push(values);
        s.sheet.rowNumbers.push(rowNumber);
        index.set(rowNumber, r);
        ensureRows(s, r + 1);
      } else {
        s.sheet.rows[r] = values;
      }
      analyzeRow(s, r, this.ctx);
    }
    s.structure = structureIssues(s);
    this.result = this.collect();
    return this.result;
  }

  private collect(): VerifyResult {
    const issues: Issue[] = [...this.missingSheets];
    const proposals: Proposal[] = [];
    let rows = 0;
    let cells = 0;
    for (const s of this.states.values()) {
      issues.push(...s.structure);
      const matched = s.match.colOfField.filter((c) => c >= 0).length;
      rows += s.sheet.rows.length;
      cells += s.sheet.rows.length * matched;
      gather(s.rowIssues, issues);
      gather(s.rowProposals, proposals);
      checkUnique(s, issues);
    }
    checkReferences(this.states, this.opts, issues);
    checkBusinessRules(this.std, this.states, this.opts.today ?? new Date().toISOString().slice(0, 10), issues);
    sortIssues(issues, this.order);
    let errors = 0, warnings = 0, infos = 0;
    for (const i of issues) {
      if (i.severity === 'error') errors++;
      else if (i.severity === 'warning') warnings++;
      else infos++;
    }
    return {
      standard: { id: this.std.id, name: this.std.name, version: this.std.version },
      issues, proposals,
      summary: { sheets: this.states.size, rows, cells, errors, warnings, infos, proposals: proposals.length },
    };
  }
}

export function verifyWorkbook(std: Standard, wb: WorkbookData, opts: VerifyOptions = {}): VerifyResult {
  return new VerifySession(std, wb, opts).result;
}

export function createVerifySession(std: Standard, wb: WorkbookData, opts: VerifyOptions = {}): VerifySession {
  return new VerifySession(std, wb, opts);
}

