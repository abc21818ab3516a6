/**
 * The checks of one target field against what a submission would send to it: editable, a value
 * of the field's type, a reference sent the way the field takes references. Vault describes a
 * field with `type` (String, LongText, Number, Currency, Percent, Date, DateTime, Boolean,
 * Picklist, Object, ID, ...), `editable` and `max_length` (API reference, "Retrieve Object
 * Metadata" and "Retrieve Object Field Metadata"); a field whose type is not given is not
 * checked for type, as a Vault that does not say cannot be held to it.
 */

/** What preflight needs of a field's metadata (the connector's FieldMetadata has it). */
export interface TargetField {
  name: string;
  type?: string;
  picklist?: string[];
  required?: boolean;
  /** False when the target computes or locks the field (Vault's `editable`); absent counts as editable. */
  editable?: boolean;
  unique?: boolean;
  maxLength?: number;
  /** The object an object field points at. */
  references?: string;
}

/** How the submission sends a field: plain values, target record ids, or a lookup column. */
export type SentAs = 'value' | 'recordId' | 'lookup';

export interface FieldProblem { value?: string; message: string }

const NUMBER_TYPES = new Set(['Number', 'Currency', 'Percent']);
const TEXT_TYPES = new Set(['String', 'LongText', 'RichText']);
const SHOWN_BAD = 3;

const isNumber = (v: string) => /^\s*-?\d+(\.\d+)?\s*$/.test(v);
const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
const isDateTime = (v: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) && !Number.isNaN(Date.parse(v));
const isBoolean = (v: string) => v === 'true' || v === 'false';

/** What a value of the type looks like, and the test for it; null for types that take any text. */
function valueRule(type: string | undefined): { words: string; ok: (v: string) => boolean } | null {
  if (type && NUMBER_TYPES.has(type)) return { words: 'a number', ok: isNumber };
  if (type === 'Date') return { words: 'a date written yyyy-mm-dd', ok: isDate };
  if (type === 'DateTime') return { words: 'a date and time', ok: isDateTime };
  if (type === 'Boolean') return { words: 'true or false', ok: isBoolean };
  return null;
}

/**
 * Every problem of sending `values` to `f` the way `sentAs` says. `qualified` is how the report
 * names the field (object.field); `refersTo` is the object the records sent as ids are.
 */
export function fieldProblems(f: TargetField, qualified: string, values: ReadonlySet<string>, sentAs: SentAs, refersTo?: string): FieldProblem[] {
  if (f.editable === false) return [{ message: `${qualified} cannot be written (the target marks it not editable), yet a value would be sent to it` }];
  const type = f.type;
  if (sentAs !== 'value') {
    if (type && type !== 'Object') return [{ message: `${qualified} is a ${type} field on the target, but a reference to another record would be sent to it` }];
    if (sentAs === 'recordId' && refersTo && f.references && f.references !== refersTo) return [{ message: `${qualified} points at ${f.references} on the target, but the records sent to it are ${refersTo} records` }];
    return [];
  }
  if (type === 'Object') return [{ message: `${qualified} is a reference to ${f.references ?? 'another object'} on the target, but plain text would be sent to it; send it as a record id or a lookup in the target profile` }];
  const rule = valueRule(type);
  if (rule) {
    const bad = [...values].filter((v) => !rule.ok(v));
    return bad.slice(0, SHOWN_BAD).map((v) => ({ value: v, message: `"${v}" would be sent to ${qualified}, which takes ${rule.words}${bad.length > SHOWN_BAD && v === bad[SHOWN_BAD - 1] ? ` (and ${bad.length - SHOWN_BAD} more values like it)` : ''}` }));
  }
  if (type && TEXT_TYPES.has(type) && f.maxLength !== undefined) {
    const max = f.maxLength;
    const long = [...values].filter((v) => v.length > max);
    return long.slice(0, SHOWN_BAD).map((v) => ({ value: v, message: `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}" (${v.length} characters) would be sent to ${qualified}, which holds at most ${max}` }));
  }
  return [];
}
