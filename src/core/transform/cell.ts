import type { Condition, Entity, Field, Standard, Transformation } from '../standard/schema';
import type { CellValue } from '../model/sheet';
import { hiddenCharacters, isCleanAscii, tidyText, matchKey } from './text';
import { nonLatinScript } from './charset';
import { isValidEmail, isValidLowerCaseEmail } from './email';
import { createCountryResolver, type CountryResolver } from './country';
import { toE164 } from './phone';
import { brokenTextOf, excelErrorOf, inertText } from './hygiene';
import { readerTable, type ReaderTable } from './parsers';
import type { Romanizers } from './romanize/load';
import { parseDateText, isoFromDate, isoFromSerial, type DateOrder } from './dates';

/**
 * Reads one cell the way the target will: tidies it, maps it through the
 * transformations that apply to its field, and says what is wrong with what
 * remains. The result is the cell's effective value (what business rules and
 * submission see), at most one proposal and at most one single-field finding.
 */

export type Effective = string | number | null;

export interface CellFinding {
  family: 'type' | 'maxLength' | 'pattern' | 'picklist' | 'charset' | 'ambiguousDate' | 'excelError' | 'brokenText' | 'formulaText';
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
  /**
   * The number of eff among its plan's values (see valueId), once a column
   * has asked for it; -1 before. Outcomes live in one plan's caches, so the
   * number is asked for once per distinct outcome, not once per cell.
   */
  id: number;
}

export interface FieldPlan {
  field: Field;
  /** Transformation that maps source spellings of this field (T-ROLE, T-PHASE, T-SITE-STATUS). */
  mapRule?: { id: string; table: Map<string, string>; derive: boolean; when?: { when: Condition[]; value: string }[]; reader?: ReaderTable };
  trimRule?: string;
  lowerRule?: string;
  countryRule?: string;
  dateRule?: string;
  phoneRule?: string;
  decisionRule?: Transformation;
  inertRule?: string;
  translateRule?: string;
  /** The standard's Excel error values, upper-case. */
  excelErrors: ReadonlySet<string>;
  brokenText: boolean;
  /** Leading characters that make free text a formula, joined; '' for fields that are not free text. */
  formulaPrefixes: string;
  pattern?: RegExp;
  picklist?: Set<string>;
  picklistByKey?: Map<string, string>;
  /** A person's value mapping for this field (the mapping profile's values), by match key of the partner's spelling. */
  decided: ReadonlyMap<string, string> | undefined;
  /**
   * Outcomes of earlier identical texts (field-level checks do not depend on
   * the row, phones aside). A text that stands as it is (AS_IS) is kept as its
   * number among `values` instead: the commonest outcome then costs no object,
   * and set-level checks can work on each distinct value once instead of once
   * per row.
   */
  cache: Map<string, CellOutcome | number>;
  /**
   * The field's distinct effective values, by number: a column keeps each
   * row's number, not its value. Equal values have one number (AS_IS texts
   * through `cache`, every other value through `valueIds`).
   */
  values: (string | number)[];
  /** Numbers of the values that are not AS_IS texts of `cache`. */
  valueIds: Map<string | number, number>;
  /** The same for numbers; small whole numbers (counts) by array index. */
  numbers: Map<number, CellOutcome>;
  small: (CellOutcome | undefined)[];
  /**
   * For date and count columns: 1 + the value number of a clean cell (valid,
   * nothing to change), by Excel day number (dates) or by the count itself
   * (below CLEAN_COUNTS: the array's length); 0 where not known yet. The column loops read one
   * typed array element for the commonest cell instead of following a cached
   * outcome object. Filled by the caller with noteClean.
   */
  cleanCodes: Int32Array;
}

function applies(t: Transformation, entity: Entity, f: Field): boolean {
  if (t.appliesTo.types?.includes(f.type)) return true;
  return t.appliesTo.fields?.includes(`${entity.key}.${f.key}`) ?? false;
}

export function planField(std: Standard, entity: Entity, f: Field): FieldPlan {
  // Every property present from the start: all plans then share one hidden class, so the per-cell reads of a plan stay monomorphic.
  const plan: FieldPlan = {
    field: f, mapRule: undefined, trimRule: undefined, lowerRule: undefined, countryRule: undefined, dateRule: undefined,
    phoneRule: undefined, decisionRule: undefined, inertRule: undefined, translateRule: undefined,
    excelErrors: new Set(std.cellContent.excelErrors.map((e) => e.toUpperCase())), brokenText: std.cellContent.brokenText,
    formulaPrefixes: f.type === 'text' ? std.cellContent.formulaPrefixes.join('') : '', pattern: undefined, picklist: undefined, picklistByKey: undefined, decided: undefined,
    cache: new Map(), values: [], valueIds: new Map(), numbers: new Map(), small: [],
    cleanCodes: new Int32Array(f.type === 'date' ? SMALL : f.type === 'int' ? CLEAN_COUNTS : 0),
  };
  for (const t of std.transformations) {
    if (!applies(t, entity, f)) continue;
    switch (t.kind) {
      case 'trim': plan.trimRule = t.id; break;
      case 'lowercase': plan.lowerRule = t.id; break;
      case 'country': plan.countryRule = t.id; break;
      case 'date': plan.dateRule = t.id; break;
      case 'phone': plan.phoneRule = t.id; break;
      case 'decision': plan.decisionRule = t; break;
      case 'inert': plan.inertRule = t.id; break;
      case 'translate': plan.translateRule = t.id; break;
      case 'map':
      case 'deriveStatus': {
        const table = new Map<string, string>();
        for (const [from, to] of Object.entries(t.map ?? {})) table.set(matchKey(from), to);
        const reader = t.parser && f.picklist ? readerTable(t.parser, f.picklist, t.map ?? {}) : undefined;
        plan.mapRule = { id: t.id, table, derive: t.kind === 'deriveStatus', when: t.derive, reader };
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

/** The step of a proposal that comes from a person's value mapping (mapping profile), not from a transformation of the standard. */
export const VALUE_MAPPING_STEP = 'M-VALUE';

/** Value mappings decided by a person: `entity.field` → match key of the partner's spelling → picklist value. */
export type DecidedValues = ReadonlyMap<string, ReadonlyMap<string, string>>;

export interface AnalyzeContext {
  dateOrder?: DateOrder;
  countries: CountryResolver;
  /** Loaded romanization libraries: with them, names in other scripts get T-ROMANIZE proposals. */
  romanizers?: Romanizers;
  /** Approved translations (the glossary), by tidied source text: they become T-TRANSLATE proposals. */
  glossary?: ReadonlyMap<string, { english: string }>;
}

export function createAnalyzeContext(std: Standard, dateOrder?: DateOrder): AnalyzeContext {
  return { dateOrder, countries: createCountryResolver(std.countryAliases), romanizers: undefined, glossary: undefined };
}

/** A signed number such as "-12" or "+3.5" opens as a number, not a formula. */
const PLAIN_NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;

/** Array-cached range: counts below this, and Excel day numbers up to the year 2079. */
const SMALL = 65536;
/** Days from 1899-12-30 (Excel's day 0) to 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25569;
/** Counts below this have a slot in cleanCodes (enrolment figures; larger ones take the cached outcome). */
const CLEAN_COUNTS = 4096;

const DAY_MS = 86400000;

/** Excel's day number of a date at midnight UTC within the array-cached range (a date column's slot in cleanCodes); -1 otherwise (and for an invalid date). */
export function dayNumber(raw: Date): number {
  const t = raw.getTime();
  // Rounding the product (no division) is exact for a midnight, which the check then proves; NaN fails the check.
  const day = Math.round(t * (1 / DAY_MS)) + EXCEL_EPOCH_DAYS;
  return day >= 0 && day < SMALL && t === (day - EXCEL_EPOCH_DAYS) * DAY_MS ? day : -1;
}

/** Remembers a cell's value number in its slot when the outcome is clean (see cleanCodes). */
export function noteClean(plan: FieldPlan, slot: number, out: CellOutcome, code: number): void {
  if (slot >= 0 && code >= 0 && out.finding === undefined && out.proposal === undefined && !out.blank) plan.cleanCodes[slot] = code + 1;
}

/**
 * Every outcome is built here, with all four properties, so all outcomes share
 * one hidden class and the column loops read them monomorphically. Outcomes
 * are cached and shared between cells: never mutate one.
 */
function outcome(eff: Effective, blank: boolean, finding?: CellFinding, proposal?: CellProposal): CellOutcome {
  return { eff, blank, finding, proposal, id: -1 };
}

/** Not frozen: freezing gives an object its own hidden class (see outcome). */
const BLANK: CellOutcome = outcome(null, true);

/**
 * The cached outcome of a text that stands as it is: valid, nothing to change,
 * its effective value the text itself. Most distinct values of an identifier
 * or email column are like that; one shared marker instead of an object per
 * value spares the allocation and the garbage collector's copying. Only
 * callers of cachedText see it; analyzeCell never returns it.
 */
export const AS_IS: CellOutcome = outcome(null, false);

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
  let reason: string | undefined = raw !== tidy && plan.trimRule ? hiddenCharacters(raw) ?? undefined : undefined;
  // An Excel error is no value at all: nothing of it may reach the target or the business rules.
  const excelError = excelErrorOf(tidy, plan.excelErrors);
  if (excelError) return outcome(null, false, { family: 'excelError', severity: 'error', params: { value: excelError } });
  if (plan.brokenText) {
    // The raw text: tidying would drop a misread soft hyphen (the second byte of "í").
    const broken = brokenTextOf(raw);
    if (broken) {
      const params = { value: tidy, repaired: broken.kind === 'misread' ? tidyText(broken.repaired) : null };
      return outcome(tidy, false, { family: 'brokenText', severity: 'error', params });
    }
  }

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
      let mapped = plan.mapRule?.table.get(k) ?? (plan.mapRule ? plan.picklistByKey!.get(k) : undefined);
      const reader = plan.mapRule?.reader;
      if (mapped === undefined && reader) {
        const reading = reader.read(value);
        mapped = reading ? reader.byKey.get(reading.key) : undefined;
        if (mapped !== undefined) reason = reading!.note;
      }
      if (mapped !== undefined && plan.picklist!.has(mapped)) { steps.push(plan.mapRule!.id); value = mapped; break; }
      // Only what the standard cannot read is left to a person's decision, never the other way round.
      const decided = plan.decided?.get(k);
      if (decided !== undefined && plan.picklist!.has(decided)) { steps.push(VALUE_MAPPING_STEP); value = decided; reason = 'the value mapping decided for this partner'; break; }
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
        return outcome(d.iso, false, undefined, { to: d.iso, toType: 'date', steps, reason: d.note });
      }
      if (d.kind === 'ambiguous') {
        return outcome(null, false, { family: 'ambiguousDate', severity: 'warning', params: { value: tidy, optionA: d.a, optionB: d.b } });
      }
      finding = { family: 'type', severity: 'error', params: { expected: 'date', value: tidy, detail: d.detail ?? null } };
      break;
    }
    case 'phone':
      break; // needs the row's country: see analyzePhone
  }
  if (!finding && f.latinOnly) {
    const script = nonLatinScript(value);
    if (script) {
      finding = { family: 'charset', severity: 'error', params: { value, script } };
      const approved = plan.translateRule ? ctx.glossary?.get(value)?.english : undefined;
      if (approved) { steps.push(plan.translateRule!); value = approved; reason = 'the approved translation in the glossary'; }
    }
  }
  if (!finding && plan.formulaPrefixes && !PLAIN_NUMBER.test(value)) {
    const inert = inertText(value, plan.formulaPrefixes);
    // Nothing after the prefix ("-", "--", a placeholder for blank that partner lists use) runs nothing.
    if (inert !== null && inert !== '') {
      finding = { family: 'formulaText', severity: 'warning', params: { value, first: value[0]! } };
      if (plan.inertRule) { steps.push(plan.inertRule); value = inert; }
    }
  }
  const eff = finding && finding.family !== 'charset' && finding.family !== 'maxLength' && finding.family !== 'pattern' && finding.family !== 'formulaText' ? null : value;
  return outcome(eff, false, finding, steps.length ? { to: value, toType: 'text', steps, reason } : undefined);
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

/**
 * A quick yes for the commonest text, which analyzeText would keep unchanged
 * with no finding and no proposal: printable ASCII with nothing to tidy that
 * fits a plain text field (length, pattern; ASCII is Latin), or an address that
 * is valid and lower-case already. A no proves nothing: the caller analyses.
 */
function standsAsIs(plan: FieldPlan, raw: string): boolean {
  const f = plan.field;
  switch (f.type) {
    // A leading # may be an Excel error value, a leading = + - @ a formula: those take the full analysis.
    case 'text': return raw[0] !== '#' && !plan.formulaPrefixes.includes(raw[0] ?? '#') && isCleanAscii(raw) && (f.maxLength === undefined || raw.length <= f.maxLength) && (plan.pattern === undefined || plan.pattern.test(raw));
    // The address pattern admits printable ASCII only, never a space: a valid address is clean ASCII already.
    case 'email': return isValidLowerCaseEmail(raw);
    default: return false;
  }
}

function analyzeNumber(plan: FieldPlan, n: number, ctx: AnalyzeContext, shown: string | number = n): CellOutcome {
  const f = plan.field;
  switch (f.type) {
    case 'int':
      if (!Number.isInteger(n)) return outcome(null, false, { family: 'type', severity: 'error', params: { expected: 'int', value: shown } });
      if (f.min !== undefined && n < f.min) return outcome(null, false, { family: 'type', severity: 'error', params: { expected: 'int', value: shown, detail: 'negative' } });
      return outcome(n, false);
    case 'date': {
      const iso = isoFromSerial(n);
      if (!iso) return outcome(null, false, { family: 'type', severity: 'error', params: { expected: 'date', value: shown } });
      return outcome(iso, false, undefined, { to: iso, toType: 'date', steps: plan.dateRule ? [plan.dateRule] : [], reason: 'Excel serial number' });
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
    if (plan.field.type === 'phone') return raw.trim() === '' ? BLANK : outcome(raw, false);
    const out = cachedText(plan, raw, ctx);
    return out === AS_IS ? outcome(raw, false) : out;
  }
  if (typeof raw === 'number') return numberOutcome(plan, raw, ctx);
  if (raw instanceof Date) return dateOutcome(plan, raw, ctx);
  // Booleans: only text-like fields can take them, as their text.
  return analyzeText(plan, String(raw).toUpperCase(), ctx);
}

export function numberOutcome(plan: FieldPlan, raw: number, ctx: AnalyzeContext): CellOutcome {
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

export function dateOutcome(plan: FieldPlan, raw: Date, ctx: AnalyzeContext): CellOutcome {
  if (plan.field.type !== 'date') return analyzeText(plan, isoFromDate(raw) ?? String(raw), ctx);
  // Asked once per distinct day: the column loop reads a day seen before from cleanCodes.
  const iso = isoFromDate(raw);
  return iso ? outcome(iso, false) : outcome(null, false, { family: 'type', severity: 'error', params: { expected: 'date', value: String(raw) } });
}

/** Bound on the cache, so columns of unique values (emails, titles) do not hold every row twice. */
const MAX_CACHED = 50000;

/**
 * What the cache holds for a text cell's value (not a phone), analysing it on
 * first sight: its outcome, or its number when it stands as it is. A value
 * seen before costs a look-up; a new clean identifier or address is recognised
 * by standsAsIs without the full analysis and its allocations (columns of
 * mostly distinct ids and emails). Past the cache's bound, an AS_IS text gets
 * -1, no number (its effective value is still the text).
 */
export function cachedTextEntry(plan: FieldPlan, raw: string, ctx: AnalyzeContext): CellOutcome | number {
  const seen = plan.cache.get(raw);
  return seen !== undefined ? seen : newTextEntry(plan, raw, ctx);
}

/** cachedTextEntry for a text the cache does not hold (the caller has looked). */
export function newTextEntry(plan: FieldPlan, raw: string, ctx: AnalyzeContext): CellOutcome | number {
  const out = standsAsIs(plan, raw) ? AS_IS : settle(analyzeText(plan, raw, ctx), raw);
  if (plan.cache.size >= MAX_CACHED || (out === AS_IS && plan.values.length >= MAX_CACHED)) return out === AS_IS ? -1 : out;
  // The text may be some other cell's effective value already ("US" for "USA"): it keeps that number.
  const entry = out !== AS_IS ? out : (plan.valueIds.size > 0 ? plan.valueIds.get(raw) : undefined) ?? plan.values.push(raw) - 1;
  plan.cache.set(raw, entry);
  return entry;
}

/**
 * The number of an effective value among the plan's values, numbering it on
 * first sight; -1 past the bound on distinct values (the caller keeps the
 * value itself).
 */
export function valueId(plan: FieldPlan, v: string | number): number {
  if (typeof v === 'string') {
    const seen = plan.cache.get(v);
    if (typeof seen === 'number' && seen >= 0) return seen;
  }
  const id = plan.valueIds.get(v);
  if (id !== undefined) return id;
  if (plan.values.length >= MAX_CACHED) return -1;
  const next = plan.values.push(v) - 1;
  plan.valueIds.set(v, next);
  return next;
}

/** Outcome of a text cell (not a phone), or AS_IS when the text stands as it is: its effective value is the text. */
export function cachedText(plan: FieldPlan, raw: string, ctx: AnalyzeContext): CellOutcome {
  const entry = cachedTextEntry(plan, raw, ctx);
  return typeof entry === 'number' ? AS_IS : entry;
}

/** AS_IS for an outcome that keeps the text unchanged, with nothing to report. */
function settle(out: CellOutcome, raw: string): CellOutcome {
  return out.eff === raw && out.finding === undefined && out.proposal === undefined ? AS_IS : out;
}

export function analyzePhone(plan: FieldPlan, raw: CellValue, country: string | null): CellOutcome {
  if (raw === null || raw === undefined) return BLANK;
  const text = typeof raw === 'number' ? String(raw) : String(raw);
  const tidy = plan.trimRule ? tidyText(text) : text.trim();
  if (tidy === '') return BLANK;
  const excelError = excelErrorOf(tidy, plan.excelErrors);
  if (excelError) return outcome(null, false, { family: 'excelError', severity: 'error', params: { value: excelError } });
  const r = toE164(tidy, country);
  if (!r.ok) return outcome(null, false, { family: 'type', severity: 'error', params: { expected: 'phone', value: tidy, detail: r.reason } });
  const steps = withTrim(plan, text, tidy, []);
  if (r.e164 !== tidy && plan.phoneRule) steps.push(plan.phoneRule);
  const proposal: CellProposal | undefined = steps.length || typeof raw !== 'string' ? { to: r.e164, toType: 'text', steps: steps.length ? steps : [plan.phoneRule ?? 'T-PHONE'] } : undefined;
  return outcome(r.e164, false, undefined, proposal);
}
