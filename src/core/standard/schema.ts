import { z } from 'zod';

/**
 * The schema every data standard must satisfy. The shipped v1 standard and any
 * customer standard loaded from JSON go through it, so template generation,
 * verification, transformation, mastering and submission read one definition.
 */

export const FIELD_TYPES = ['text', 'int', 'date', 'email', 'country', 'phone', 'pick'] as const;
/** Value readers a map transformation can name: a grammar instead of a list of spellings (see transform/parsers). */
export const VALUE_PARSERS = ['phase', 'status', 'role'] as const;
export const TRANSFORM_KINDS = ['trim', 'lowercase', 'map', 'country', 'date', 'phone', 'deriveStatus', 'decision', 'inert', 'romanize', 'translate'] as const;

const identifier = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower_snake_case');

export const ReferenceSchema = z.object({
  entity: identifier,
  /** Fields of the referenced entity, matched in order against `localFields` (or the field itself). */
  fields: z.array(identifier).min(1),
  /** For composite references: the fields of this row that form the key (defaults to the field alone). */
  localFields: z.array(identifier).optional(),
  caseInsensitive: z.boolean().optional(),
});

export const FieldSchema = z.object({
  key: identifier,
  header: z.string().min(1),
  /** Other names partners give this column (synonyms, abbreviations, other spellings): matched when mapping a partner's file. */
  aliases: z.array(z.string().min(1)).optional(),
  type: z.enum(FIELD_TYPES),
  required: z.boolean().default(false),
  maxLength: z.number().int().positive().optional(),
  pattern: z.string().optional().refine((p) => {
    if (p === undefined) return true;
    try { new RegExp(p); return true; } catch { return false; }
  }, 'is not a valid regular expression'),
  picklist: z.array(z.string().min(1)).optional(),
  min: z.number().optional(),
  unique: z.boolean().optional(),
  /** Uniqueness and references compare case-insensitively (emails). */
  caseInsensitive: z.boolean().optional(),
  latinOnly: z.boolean().optional(),
  reference: ReferenceSchema.optional(),
  help: z.string().default(''),
  targetField: z.string().optional(),
  /** A second target field that carries the plain value when targetField takes a target id (site staff email). */
  targetCopyField: z.string().optional(),
  /** How the target expects the value: a target id of the referenced entity, or the value itself. */
  targetValue: z.enum(['value', 'targetId']).optional(),
}).superRefine((f, ctx) => {
  if (f.type === 'pick' && (!f.picklist || f.picklist.length === 0)) {
    ctx.addIssue({ code: 'custom', message: 'a pick field needs a non-empty picklist', path: ['picklist'] });
  }
});

export const EntitySchema = z.object({
  key: identifier,
  sheet: z.string().min(1).max(31),
  /** Other names partners give this sheet: matched when mapping a partner's file. */
  aliases: z.array(z.string().min(1)).optional(),
  targetObject: z.string().min(1),
  /** Template for the record's external id, e.g. "{study_number}-{site_number}". */
  externalId: z.string().min(1),
  /** Lower-case the external id (emails). */
  externalIdLowerCase: z.boolean().optional(),
  description: z.string().default(''),
  fields: z.array(FieldSchema).min(1),
  /** Composite keys that must be unique within the sheet. */
  uniqueKeys: z.array(z.array(identifier).min(2)).default([]),
});

const op = z.enum(['<', '<=', '>', '>=', '==', '!=']);

export const ConditionSchema = z.union([
  z.object({ field: identifier, in: z.array(z.string()).min(1) }),
  z.object({ field: identifier, op, value: z.union([z.number(), z.string()]) }),
  z.object({ field: identifier, blank: z.literal(true) }),
  z.object({ field: identifier, present: z.literal(true) }),
]);

const ruleBase = {
  id: z.string().regex(/^R-[A-Z]+-\d{2}$/, 'must look like R-XXX-01'),
  entity: identifier,
  severity: z.enum(['error', 'warning', 'info']).default('error'),
  description: z.string().min(1),
};

export const BusinessRuleSchema = z.discriminatedUnion('kind', [
  /** left OP right, checked when both are present. */
  z.object({ ...ruleBase, kind: z.literal('compare'), left: identifier, op, right: identifier }),
  /** A date that must not lie after today. */
  z.object({ ...ruleBase, kind: z.literal('notFuture'), field: identifier }),
  /** A row where every condition holds is a violation; `flag` names the cells shown. */
  z.object({ ...ruleBase, kind: z.literal('forbid'), when: z.array(ConditionSchema).min(1), flag: z.array(identifier).min(1) }),
  /** Within a group, rows matching `where` must not have overlapping [start, end] periods (blank end = open). */
  z.object({ ...ruleBase, kind: z.literal('noOverlap'), groupBy: z.array(identifier).min(1), where: z.array(ConditionSchema).default([]), start: identifier, end: identifier, flag: z.array(identifier).min(1) }),
  /** A row of `entity` needs a row in `in` whose fields match (pairs [local, other]) and that satisfies `where`. */
  z.object({ ...ruleBase, kind: z.literal('exists'), in: identifier, match: z.array(z.tuple([identifier, identifier])).min(1), where: z.array(ConditionSchema).default([]), flag: z.array(identifier).min(1) }),
  /** `field` must equal `otherField` of the row that `via` references in `in`. */
  z.object({ ...ruleBase, kind: z.literal('equalsReferenced'), field: identifier, via: identifier, in: identifier, key: identifier, otherField: identifier }),
]);

export const TransformationSchema = z.object({
  id: z.string().regex(/^T-[A-Z0-9-]+$/, 'must look like T-XXX'),
  kind: z.enum(TRANSFORM_KINDS),
  title: z.string().min(1),
  reason: z.string().min(1),
  /** Which fields: by type, by entity.field, or all text-like fields. */
  appliesTo: z.object({
    types: z.array(z.enum(FIELD_TYPES)).optional(),
    fields: z.array(z.string().regex(/^[a-z_]+\.[a-z_]+$/, 'must be entity.field')).optional(),
  }),
  /** For `map`: source spelling → standard value; matching ignores case, spacing and punctuation. */
  map: z.record(z.string(), z.string()).optional(),
  /**
   * For `map` and `deriveStatus`: read source spellings with this grammar. A value becomes the picklist value
   * the reader gives the same meaning, or the map's value for a spelling of that meaning (the map then holds
   * business decisions, not spellings).
   */
  parser: z.enum(VALUE_PARSERS).optional(),
  /**
   * For `romanize`, per entity: which fields hold the family and the given name. A full name found in one of
   * them (as Chinese, Korean and Japanese names often are) is split into both; without it each field is
   * romanized where it stands.
   */
  nameParts: z.record(identifier, z.object({ family: identifier, given: identifier })).optional(),
  /** For `deriveStatus`: when the value is blank, the first entry whose conditions all hold gives it. */
  derive: z.array(z.object({ when: z.array(ConditionSchema), value: z.string() })).optional(),
  examples: z.array(z.object({ from: z.string(), to: z.string() })).default([]),
});

export const DuplicateKeySchema = z.object({
  entity: identifier,
  /** Exact key after normalisation. */
  fields: z.array(identifier).min(1),
  normalise: z.enum(['email', 'organization']),
  description: z.string().default(''),
});

/** Manual quality control (source data verification) of a sample of records. */
export const QcSchema = z.object({
  /** "entity.field" checked on every sampled record, even when the QC sheet is limited to critical fields. */
  criticalFields: z.array(z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, 'must be entity.field')).default([]),
  /** Root-cause categories a reviewer picks for each failure (the list in the QC sheet and the issues tracker). */
  causeCategories: z.array(z.string().min(1).max(255)).min(1).default([
    'Source data wrong', 'Mapping rule wrong', 'Transformation wrong', 'Target configuration', 'Manual entry',
  ]),
});

/**
 * What a cell must not hold whatever its field: Excel's error values, text
 * broken by a wrong encoding, and text a spreadsheet would run as a formula
 * when the target's data is exported later. Defaults apply to standards
 * written before these checks existed.
 */
export const EXCEL_ERROR_VALUES = ['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#SPILL!', '#CALC!', '#FIELD!', '#BLOCKED!', '#CONNECT!', '#BUSY!', '#UNKNOWN!'] as const;

export const CellContentSchema = z.object({
  /** Exact cell texts (case ignored) that are Excel error values: errors, never sent. */
  excelErrors: z.array(z.string().regex(/^#/, 'must start with #')).default([...EXCEL_ERROR_VALUES]),
  /** U+FFFD and UTF-8 text read as Windows-1252 ("MÃ¼ller") are errors. */
  brokenText: z.boolean().default(true),
  /** Characters that make a spreadsheet run free text as a formula (warning on text fields; the `inert` transformation proposes the fix). */
  formulaPrefixes: z.array(z.string().length(1)).default(['=', '+', '-', '@']),
});

export const StandardSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  version: z.string().min(1),
  entities: z.array(EntitySchema).min(1),
  rules: z.array(BusinessRuleSchema).default([]),
  transformations: z.array(TransformationSchema).default([]),
  /** Extra country spellings → alpha-2 on top of the ISO names the engine knows. */
  countryAliases: z.record(z.string(), z.string().regex(/^[A-Z]{2}$/)).default({}),
  duplicateKeys: z.array(DuplicateKeySchema).default([]),
  cellContent: CellContentSchema.prefault({}),
  /** Order in which entities are submitted (parents first). */
  submitOrder: z.array(identifier).default([]),
  qc: QcSchema.optional(),
});

export type FieldType = (typeof FIELD_TYPES)[number];
export type Field = z.infer<typeof FieldSchema>;
export type Entity = z.infer<typeof EntitySchema>;
export type Condition = z.infer<typeof ConditionSchema>;
export type BusinessRule = z.infer<typeof BusinessRuleSchema>;
export type Transformation = z.infer<typeof TransformationSchema>;
export type QcSettings = z.infer<typeof QcSchema>;
export type CellContent = z.infer<typeof CellContentSchema>;
export type Standard = z.infer<typeof StandardSchema>;
export type StandardInput = z.input<typeof StandardSchema>;
