/**
 * Manual overrides of flags: the user says "this value is right as it is" and
 * gives a reason. An overridden issue no longer counts as an error or warning,
 * no longer holds its row back from submission and no longer fails the KPIs;
 * it is still listed (apart) so it can be reviewed and withdrawn.
 *
 * What may be overridden: warnings (advice, by definition a judgement call)
 * and errors of the checks the product itself adds on top of the target's
 * own constraints — business rules (crossField), references, uniqueness and
 * Latin script (charset). Refused: `required` and `type` (the target would
 * reject the record anyway, so an override would only move the failure to
 * submission time), the field constraints the target also enforces
 * (maxLength, pattern, picklist), infos (they block nothing) and sheet-level
 * findings (a missing column or sheet is fixed in the workbook).
 *
 * Stable keys: an override names its flag by what the row says, not where it
 * sits — sheet + rule + field + the row's external-id values (the standard's
 * entity.externalId template) — so inserting or sorting rows does not move it
 * onto another record. Values are read after their pending proposal (the
 * value T-DATE / T-ROLE would write), and compared ignoring case, spacing
 * and accents, so accepting a proposal does not orphan the override. The row
 * number is kept as a hint: it tells apart rows with equal ids (a uniqueness
 * flag on both copies) and stands in for the id when the row has none.
 *
 * Pure: no Excel, no storage. The pane keeps the list in workbook settings
 * (src/excel/overrides.ts); `submit` on the command line reads them from the
 * saved .xlsx (src/cli/addin-settings.ts) and applies them. Keys use the
 * verification's own sheet names (the standard's), on a partner's layout too.
 */
import type { OverrideDecision } from '../model/decision';
import { findSheet, matchColumns, normalizeHeader } from '../sheet/headers';
import type { CellValue, SheetData, WorkbookData } from '../model/sheet';
import type { Entity, Standard } from '../standard/schema';
import type { VerifyResult } from './engine';
import type { Issue, Proposal, RuleFamily, Severity } from '../model/issue';
import { encodeStoredList, isInt, isStr, storedListItems } from '../stored-list';

export interface FlagOverride {
  /** Sheet + rule + field + the row's identifying values (see overrideKey). */
  key: string;
  sheet: string;
  /** Excel row when overridden: a hint, re-located through `key`. */
  row: number;
  /** The issue's cells when overridden (A1), main one first. */
  cells: string[];
  ruleId: string;
  severity: Severity;
  /** The flagged value: an override is for that value, not for whatever is typed there next. */
  value: Issue['value'];
  /** Why the flag is wrong or accepted; required. */
  reason: string;
  by: string;
  /** UTC ISO time. */
  at: string;
}

/** An issue that a stored override currently covers. Still an Issue, so lists and KPIs take it as is. */
export interface OverriddenIssue extends Issue {
  override: FlagOverride;
}

export interface StaleOverride {
  override: FlagOverride;
  /** gone: the flag no longer occurs (fixed, or the row removed); changed: it occurs with another value or severity. */
  why: 'gone' | 'changed';
  /** For `changed`: the flag as it is now (it counts again until overridden anew). */
  now?: Issue;
}

export interface AppliedOverrides {
  /** The result without the overridden issues, and with counts to match. */
  result: VerifyResult;
  overridden: OverriddenIssue[];
  stale: StaleOverride[];
}

const BLOCKING_FAMILIES: ReadonlySet<RuleFamily> = new Set(['required', 'type']);
const OVERRIDABLE_ERRORS: ReadonlySet<RuleFamily> = new Set(['crossField', 'reference', 'unique', 'charset']);

/** Null when the issue may be overridden; otherwise the sentence that says why not. */
/** Where the overrides live in the workbook: the add-in's document settings, under this key. */
export const OVERRIDES_SETTING = 'ctmsCollect.overrides';

export function whyNotOverridable(issue: Pick<Issue, 'family' | 'severity' | 'row'>): string | null {
  if (issue.row < 2 || issue.family === 'structure') return 'A sheet-level finding is fixed in the workbook (add the column or sheet), not overridden.';
  if (BLOCKING_FAMILIES.has(issue.family)) return 'The target would reject the record without a valid value, so this cannot be overridden: correct the cell.';
  if (issue.severity === 'info') return 'Information only: it blocks nothing.';
  if (issue.severity === 'warning' || OVERRIDABLE_ERRORS.has(issue.family)) return null;
  return 'The target enforces this rule itself and would reject the value, so it cannot be overridden: correct the cell.';
}

export const canOverride = (issue: Pick<Issue, 'family' | 'severity' | 'row'>): boolean => whyNotOverridable(issue) === null;

/** Case, spacing and accents are ignored: T-TRIM and T-EMAIL rewrite exactly those. */
function keyText(v: CellValue | string | number | undefined): string {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? (Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10)) : String(v);
  return s.trim().toLowerCase().normalize('NFKD').replace(/\p{M}+/gu, '').replace(/\s+/g, ' ');
}

const SEP = '\u0001';

/**
 * Reading identifying values for many issues of a workbook: sheets, columns
 * and row indexes are worked out once per sheet, only for sheets asked about.
 */
class KeyReader {
  private readonly sheets = new Map<string, { entity: Entity | undefined; sheet: SheetData | undefined; cols: number[]; index: Map<number, number> | null }>();
  private proposed: Map<string, string | number> | null = null;

  constructor(private readonly std: Standard, private readonly wb: WorkbookData, private readonly proposals: readonly Proposal[]) {}

  private sheetInfo(name: string) {
    let info = this.sheets.get(name);
    if (!info) {
      const sheet = this.wb.sheets.find((s) => s.name === name) ?? this.wb.sheets.find((s) => normalizeHeader(s.name) === normalizeHeader(name));
      const entity = this.std.entities.find((e) => findSheet([{ name }], e) !== undefined);
      const fields = entity ? [...entity.externalId.matchAll(/\{([a-z_0-9]+)\}/g)].map((m) => m[1]!) : [];
      const match = entity && sheet ? matchColumns(entity, sheet) : null;
      const cols = entity && match ? fields.map((k) => match.colOfField[entity.fields.findIndex((f) => f.key === k)] ?? -1) : [];
      info = { entity, sheet, cols, index: null };
      this.sheets.set(name, info);
    }
    return info;
  }

  /** The standard's name for the sheet: a sheet renamed to another spelling keeps its overrides. */
  canonicalSheet(name: string): string {
    return this.sheetInfo(name).entity?.sheet ?? name;
  }

  key(issue: Pick<Issue, 'sheet' | 'row' | 'ruleId' | 'field'>): string {
    const info = this.sheetInfo(issue.sheet);
    const head = [this.canonicalSheet(issue.sheet), issue.ruleId, issue.field];
    const { sheet, cols } = info;
    if (!sheet || !cols.length || cols.some((c) => c < 0)) return JSON.stringify([...head, `#${issue.row}`]);
    if (!info.index) info.index = new Map(sheet.rowNumbers.map((rn, i) => [rn, i]));
    const r = info.index.get(issue.row);
    if (r === undefined) return JSON.stringify([...head, `#${issue.row}`]);
    const values = cols.map((c) => {
      const p = this.proposedAt(sheet.name, issue.row, c);
      return keyText(p !== undefined ? p : sheet.rows[r]?.[c]);
    });
    // An incomplete id identifies nothing: such a row is known only by its number (as stable as the rows).
    if (values.some((v) => v === '')) return JSON.stringify([...head, `#${issue.row}`]);
    return JSON.stringify([...head, ...values]);
  }

  private proposedAt(sheet: string, row: number, col: number): string | number | undefined {
    if (!this.proposed) {
      this.proposed = new Map();
      for (const p of this.proposals) this.proposed.set(`${p.sheet}${SEP}${p.row}${SEP}${p.col}`, p.to);
    }
    return this.proposed.get(`${sheet}${SEP}${row}${SEP}${col}`);
  }
}

/**
 * The stable key of an issue. Pass the result's proposals (as applyOverrides
 * does) so that values waiting for a transformation read as they will be.
 */
export function overrideKey(std: Standard, issue: Pick<Issue, 'sheet' | 'row' | 'ruleId' | 'field'>, workbook: WorkbookData, proposals: readonly Proposal[] = []): string {
  return new KeyReader(std, workbook, proposals).key(issue);
}

export interface OverrideInput {
  reason: string;
  by: string;
  at?: Date;
}

/** A new override of `issue`; throws when the issue may not be overridden or the reason or author is missing. */
export function makeOverride(std: Standard, issue: Issue, workbook: WorkbookData, proposals: readonly Proposal[], input: OverrideInput): FlagOverride {
  const refused = whyNotOverridable(issue);
  if (refused) throw new Error(refused);
  const reason = input.reason.trim();
  if (!reason) throw new Error('An override needs a reason.');
  const by = input.by.trim();
  if (!by) throw new Error('An override needs who made it.');
  return {
    key: overrideKey(std, issue, workbook, proposals), sheet: issue.sheet, row: issue.row, cells: [...issue.cells],
    ruleId: issue.ruleId, severity: issue.severity, value: issue.value, reason, by, at: (input.at ?? new Date()).toISOString(),
  };
}

const sameOverride = (a: FlagOverride, b: FlagOverride) => a.key === b.key && a.row === b.row && a.at === b.at;

/** Add an override, replacing one of the same flag at the same row (a flag has one current reason). */
export function withOverride(list: FlagOverride[], o: FlagOverride): FlagOverride[] {
  return [...list.filter((x) => !(x.key === o.key && x.row === o.row)), o];
}

export function withoutOverride(list: FlagOverride[], o: FlagOverride): FlagOverride[] {
  return list.filter((x) => !sameOverride(x, o));
}

/**
 * Take the overridden issues out of a result. Each override claims at most
 * one issue: of those with its key and the same value and severity, the one
 * nearest its row hint. An override that finds none is reported stale, never
 * silently dropped and never moved to a different value.
 */
export function applyOverrides(result: VerifyResult, overrides: readonly FlagOverride[], std: Standard, workbook: WorkbookData): AppliedOverrides {
  if (!overrides.length) return { result, overridden: [], stale: [] };
  const reader = new KeyReader(std, workbook, result.proposals);
  // Only issues that could match some override get a key: computing one reads the row.
  const heads = new Set(overrides.map((o) => `${reader.canonicalSheet(o.sheet)}${SEP}${o.ruleId}`));
  const byKey = new Map<string, Issue[]>();
  for (const i of result.issues) {
    if (!heads.has(`${reader.canonicalSheet(i.sheet)}${SEP}${i.ruleId}`) || !canOverride(i)) continue;
    const k = reader.key(i);
    const list = byKey.get(k);
    if (list) list.push(i); else byKey.set(k, [i]);
  }
  const claimed = new Map<Issue, FlagOverride>();
  const stale: StaleOverride[] = [];
  const nearest = (list: Issue[], row: number) => list.reduce<Issue | null>((best, i) => (best === null || Math.abs(i.row - row) < Math.abs(best.row - row) ? i : best), null);
  for (const o of overrides) {
    const free = (byKey.get(o.key) ?? []).filter((i) => !claimed.has(i));
    const same = nearest(free.filter((i) => i.value === o.value && i.severity === o.severity), o.row);
    if (same) { claimed.set(same, o); continue; }
    const other = nearest(free, o.row);
    stale.push(other ? { override: o, why: 'changed', now: other } : { override: o, why: 'gone' });
  }
  if (!claimed.size) return { result, overridden: [], stale };
  const issues: Issue[] = [];
  const overridden: OverriddenIssue[] = [];
  let errors = 0, warnings = 0, infos = 0;
  for (const i of result.issues) {
    const o = claimed.get(i);
    if (o) { overridden.push({ ...i, override: o }); continue; }
    issues.push(i);
    if (i.severity === 'error') errors++; else if (i.severity === 'warning') warnings++; else infos++;
  }
  return { result: { ...result, issues, summary: { ...result.summary, errors, warnings, infos } }, overridden, stale };
}

/** The result as verified, overridden issues included (what computeKpis counts `overridden` from). */
export function withOverriddenIssues(result: VerifyResult, overridden: readonly Issue[]): VerifyResult {
  if (!overridden.length) return result;
  const issues = [...result.issues, ...overridden];
  const count = (s: Severity) => issues.filter((i) => i.severity === s).length;
  return { ...result, issues, summary: { ...result.summary, errors: count('error'), warnings: count('warning'), infos: count('info') } };
}

/**
 * The audit trail's and the KPIs' form of an override, at the issue's current
 * place (computeKpis matches sheet, row, first cell and rule).
 */
export function overrideDecision(issue: Pick<Issue, 'sheet' | 'row' | 'cells' | 'ruleId' | 'value'>, o: FlagOverride): OverrideDecision {
  return { kind: 'override', sheet: issue.sheet, row: issue.row, cell: issue.cells[0] ?? 'A1', ruleId: issue.ruleId, value: issue.value, note: o.reason, who: o.by, at: o.at };
}

const SEVERITIES: readonly unknown[] = ['error', 'warning', 'info'];

/**
 * Stored overrides as found in the workbook: anything malformed (an older
 * version, a hand edit) is dropped, never trusted — at worst the flag shows
 * again and is overridden anew.
 */
export function parseOverrides(raw: unknown): FlagOverride[] {
  const out: FlagOverride[] = [];
  for (const x of storedListItems(raw, 'overrides')) {
    const { key, sheet, row, cells, ruleId, severity, value, reason, by, at } = x;
    if (!isStr(key) || !isStr(sheet) || !isInt(row) || !isStr(ruleId) || !isStr(by) || !isStr(at)) continue;
    if (!isStr(reason) || !reason.trim() || !SEVERITIES.includes(severity)) continue;
    if (!Array.isArray(cells) || !cells.every(isStr)) continue;
    if (!(value === null || ['string', 'number', 'boolean'].includes(typeof value))) continue;
    out.push({ key, sheet, row, cells: [...cells] as string[], ruleId, severity: severity as Severity, value: value as Issue['value'], reason, by, at });
  }
  return out;
}

/** The stored form: versioned, so a later format can tell an old list from its own. */
export function encodeOverrides(overrides: readonly FlagOverride[]): string {
  return encodeStoredList('overrides', overrides);
}
