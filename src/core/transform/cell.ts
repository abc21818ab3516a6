import type { Condition, Entity, Field, Standard, Transformation } from '../standard/schema';
import type { CellValue } from '../sheet/types';
import { tidyText, matchKey } from './text';
import { nonLatinScript } from './charset';
import { isValidEmail } from './email';
import { createCountryResolver, type CountryResolver } from './country';
import { toE164 } from './phone';
import { parseDateText, isoFromDate, isoFromSerial, type DateOrder } from './dates';

/**
 * Reads one cell the way the target will: tidies it, maps it through the
 * transformations that apply to its field, and says what is wrong with what
 * remains. The result is the cell's effective value (what business rules and
 * submission see), at most one proposal and at most one single-field finding.
 */

export type Effective = string | number | null;

export interface CellFinding {
  family: 'type' | 'maxLength' | 'pattern' | 'picklist' | 'charset' | 'ambiguousDate';
  severity: 'error' | 'warning';
  params: Record<string, string | number | boolean | null>;
}

export interface CellProposal {
  to: string | number;
  toType: 'text' | 'number' | 'date';
  steps: string[];
  reason?: string;
}

export interface CellOutcome {
  eff: Effective;
  blank: boolean;
  finding?: CellFinding;
  proposal?: CellProposal;
}

export interface FieldPlan {
  field: Field;
  /** Transformation that maps source spellings of this field (T-ROLE, T-PHASE, T-SITE-STATUS). */
  mapRule?: { id: string; table: Map<string, string>; derive: boolean; when?: { when: Condition[]; value: string }[] };
  trimRule?: string;
  lowerRule?: string;
  countryRule?: string;
  dateRule?: string;
  phoneRule?: string;
  decisionRule?: Transformation;
  pattern?: RegExp;
  picklist?: Set<string>;
  picklistByKey?: Map<string, string>;
  /** Outcomes of earlier identical values (field-level checks do not depend on the row, phones aside). */
  cache: Map<string, CellOutcome>;
  /** The same for numbers; small whole numbers (counts) and calendar days (dates) by array index. */
  numbers: Map<number, CellOutcome>;
  small: (CellOutcome | undefined)[];
  days: (CellOutcome | undefined)[];
}

function applies(t: Transformation, entity: Entity, f: Field): boolean {
  if (t.appliesTo.types?.includes(f.type)) return true;
  return t.appliesTo.fields?.includes(`${entity.key}.${f.key}`) ?? false;
}

export function planField(std: Standard, entity: Entity, f: Field): FieldPlan {
  const plan: FieldPlan = { field: f, cache: new Map(), numbers: new Map(), small: [], days: [] };
  for (const t of std.transformations) {
    if (!applies(t, entity, f)) continue;
    switch (t.kind) {
      case 'trim': plan.trimRule = t.id; break;
      case 'lowercase': plan.lowerRule = t.id; break;
      case 'country': plan.countryRule = t.id; break;
      case 'date': plan.dateRule = t.id; break;
      case 'phone': plan.phoneRule = t.id; break;
      case 'decision': plan.decisionRule = t; break;
      case 'map':
      case 'deriveStatus': {
        const table = new Map<string, string>();
        for (const [from, to] of Object.entries(t.map ?? {})) table.set(matchKey(from), to);
        plan.mapRule = { id: t.id, table, derive: t.kind === 'deriveStatus', when: t.derive };
        break;
      }
    }
  }
  if (f.pattern) plan.pattern = new RegExp(f.pattern);
  if (f.picklist) {
    plan.picklist = new Set(f.picklist);
    plan.picklistByKey = new Map(f.picklist.map((v) => [matchKey(v), v]));
  }
  return plan;
}

export interface AnalyzeContext {
  dateOrder?: DateOrder;
  countries: CountryResolver;
}

export function createAnalyzeContext(std: Standard, dateOrder?: DateOrder): AnalyzeContext {
  return { dateOrder, countries: createCountryResolver(std.countryAliases) };
}

/** Array-cached range: counts below this, and Excel day numbers up to the year 2079. */
const SMALL = 65536;
/** Days from 1899-12-30 (Excel's day 0) to 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25569;

const BLANK: CellOutcome = Object.freeze({ eff: null, blank: true }) as CellOutcome;

function withTrim(plan: FieldPlan, raw: string, tidy: string, steps: string[]): string[] {
  if (raw !== tidy && plan.trimRule) steps.push(plan.trimRule);
  return steps;
}

function suggestion(plan: FieldPlan, v: string): string | null {
  if (!plan.picklist) return null;
  const k = matchKey(v);
  for (const p of plan.picklist) if (matchKey(p).startsWith(k) || k.startsWith(matchKey(p))) return p;
  return null;
}

function analyzeText(plan: FieldPlan, raw: string, ctx: AnalyzeContext): CellOutcome {
  const f = plan.field;
  const tidy = plan.trimRule ? tidyText(raw) : raw.trim();
  if (tidy === '') return BLANK;
  const steps = withTrim(plan, raw, tidy, []);
  let value = tidy;
  let finding: CellFinding | undefined;
  let reason: string | undefined;

  switch (f.type) {
    case 'email': {
      if (plan.lowerRule) {
        const lower = value.toLowerCase();
        if (lower !== value) { steps.push(plan.lowerRule); value = lower; }
      }
      if (!isValidEmail(value)) finding = { family: 'type', severity: 'error', params: { expected: 'email', value: tidy } };
      break;
    }
    case 'country': {
      const code = ctx.countries.resolve(value);
      if (code === null) finding = { family: 'type', severity: 'error', params: { expected: 'country', value: tidy } };
      else if (code !== value) { if (plan.countryRule) steps.push(plan.countryRule); value = code; }
      break;
    }
    case 'pick': {
      if (plan.picklist!.has(value)) break;
      const k = matchKey(value);
      const mapped = plan.mapRule?.table.get(k) ?? (plan.mapRule ? plan.picklistByKey!.get(k) : undefined);
      if (mapped !== undefined && plan.picklist!.has(mapped)) { steps.push(plan.mapRule!.id); value = mapped; break; }
      finding = { family: 'picklist', severity: 'error', params: { value: tidy, allowed: f.picklist!.join(', '), suggestion: suggestion(plan, value) } };
      break;
    }
    case 'text': {
      if (f.maxLength !== undefined && value.length > f.maxLength) {
        finding = { family: 'maxLength', severity: 'error', params: { value: value.length > 60 ? `${value.slice(0, 57)}…` : value, length: value.length, max: f.maxLength } };
      } else if (plan.pattern && !plan.pattern.test(value)) {
        finding = { family: 'pattern', severity: 'error', params: { value, example: f.help.match(/e\.g\. ([^.;)]+)/)?.[1] ?? f.pattern ?? null } };
      }
      break;
    }
    case 'int': {
      const n = Number(value.replace(/,/g, ''));
      // Thousands separators only in groups of three ("1,200"); "1,2" or "," is not a count.
      if (!/^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?$/.test(value) || !Number.isFinite(n)) finding = { family: 'type', severity: 'error', params: { expected: 'int', value: tidy } };
      else return analyzeNumber(plan, n, ctx, tidy);
      break;
    }
    case 'date': {
      const d = parseDateText(value, ctx.dateOrder);
      if (d.kind === 'date') {
        if (plan.dateRule) steps.push(plan.dateRule);
        return { eff: d.iso, blank: false, proposal: { to: d.iso, toType: 'date', steps, reason: d.note } };
      }
      if (d.kind === 'ambiguous') {
        return { eff: null, blank: false, finding: { family: 'ambiguousDate', severity: 'warning', params: { value: tidy, optionA: d.a, optionB: d.b } } };
      }
      finding = { family: 'type', severity: 'error', params: { expected: 'date', value: tidy, detail: d.detail ?? null } };
      break;
    }
    case 'phone':
      break; // needs the row's country: see analyzePhone
  }
  if (!finding && f.latinOnly) {
    const script = nonLatinScript(value);
    if (script) finding = { family: 'charset', severity: 'error', params: { value, script } };
  }
  const out: CellOutcome = { eff: finding && finding.family !== 'charset' && finding.family !== 'maxLength' && finding.family !== 'pattern' ? null : value, blank: false };
  if (finding) out.finding = finding;
  if (steps.length) out.proposal = { to: value, toType: 'text', steps, reason };
  return out;
}

/**
 * True when every effective value of the field is lower-case: emails under the
 * lower-case transformation, which analyzeText lowers before keeping them (and
 * with no mapping or derivation that could put another value in their place).
 * Case-insensitive set checks then skip lowering them again, row by row.
 */
export function effectiveIsLowerCase(plan: FieldPlan): boolean {
  return plan.field.type === 'email' && plan.lowerRule !== undefined && plan.mapRule === undefined;
}

function analyzeNumber(plan: FieldPlan, n: number, ctx: AnalyzeContext, shown: string | number = n): CellOutcome {
  const f = plan.field;
  switch (f.type) {
    case 'int':
      if (!Number.isInteger(n)) return { eff: null, blank: false, finding: { family: 'type', severity: 'error', params: { expected: 'int', value: shown } } };
      if (f.min !== undefined && n < f.min) return { eff: null, blank: false, finding: { family: 'type', severity: 'error', params: { expected: 'int', value: shown, detail: 'negative' } } };
      return { eff: n, blank: false };
    case 'date': {
      const iso = isoFromSerial(n);
      if (!iso) return { eff: null, blank: false, finding: { family: 'type', severity: 'error', params: { expected: 'date', value: shown } } };
      return { eff: iso, blank: false, proposal: { to: iso, toType: 'date', steps: plan.dateRule ? [plan.dateRule] : [], reason: 'Excel serial number' } };
    }
    default:
      // Numbers in text-like fields (a site number typed as 7, a phase typed as 2) are read as their text.
      return analyzeText(plan, String(n), ctx);
  }
}

/** Analyse one cell. Phones are analysed separately because they depend on the row's country. */
export function analyzeCell(plan: FieldPlan, raw: CellValue, ctx: AnalyzeContext): CellOutcome {
  if (raw === null || raw === undefined) return BLANK;
  if (typeof raw === 'string') {
    if (plan.field.type === 'phone') return raw.trim() === '' ? BLANK : { eff: raw, blank: false };
    let hit = plan.cache.get(raw);
    if (hit === undefined) {
      hit = analyzeText(plan, raw, ctx);
      // Bound the cache so columns of unique values (emails, titles) do not hold every row twice.
      if (plan.cache.size < 50000) plan.cache.set(raw, hit);
    }
    return hit;
  }
  if (typeof raw === 'number') {
    // Counts and serials repeat: one outcome object per distinct number, not one per cell.
    const small = raw >= 0 && raw < SMALL && (raw | 0) === raw;
    let hit = small ? plan.small[raw] : plan.numbers.get(raw);
    if (hit === undefined) {
      hit = analyzeNumber(plan, raw, ctx);
      if (small) plan.small[raw] = hit;
      else if (plan.numbers.size < 50000) plan.numbers.set(raw, hit);
    }
    return hit;
  }
  if (raw instanceof Date) {
    if (plan.field.type === 'date') {
      // Index by Excel day number: dates in a column repeat, and an array index beats hashing a time value.
      const t = raw.getTime();
      const day = Math.floor(t / 86400000) + EXCEL_EPOCH_DAYS;
      const inRange = day >= 0 && day < SMALL && t === (day - EXCEL_EPOCH_DAYS) * 86400000;
      let hit = inRange ? plan.days[day] : undefined;
      if (hit === undefined) {
        const iso = isoFromDate(raw);
        hit = iso ? { eff: iso, blank: false } : { eff: null, blank: false, finding: { family: 'type', severity: 'error', params: { expected: 'date', value: String(raw) } } };
        if (inRange) plan.days[day] = hit;
      }
      return hit;
    }
    return analyzeText(plan, isoFromDate(raw) ?? String(raw), ctx);
  }
  // Booleans: only text-like fields can take them, as their text.
  return analyzeText(plan, String(raw).toUpperCase(), ctx);
}

export function analyzePhone(plan: FieldPlan, raw: CellValue, country: string | null): CellOutcome {
  if (raw === null || raw === undefined) return BLANK;
  const text = typeof raw === 'number' ? String(raw) : String(raw);
  const tidy = plan.trimRule ? tidyText(text) : text.trim();
  if (tidy === '') return BLANK;
  const r = toE164(tidy, country);
  if (!r.ok) return { eff: null, blank: false, finding: { family: 'type', severity: 'error', params: { expected: 'phone', value: tidy, detail: r.reason } } };
  const steps = withTrim(plan, text, tidy, []);
  if (r.e164 !== tidy && plan.phoneRule) steps.push(plan.phoneRule);
  const out: CellOutcome = { eff: r.e164, blank: false };
  if (steps.length || typeof raw !== 'string') out.proposal = { to: r.e164, toType: 'text', steps: steps.length ? steps : [plan.phoneRule ?? 'T-PHONE'] };
  return out;
}
