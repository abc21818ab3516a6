import { z } from 'zod';

/**
 * How one target CTMS stores the data the standard describes. The standard says what the
 * data is; a target profile says, per entity, which object receives it, which unique field
 * upserts it, which target field takes each standard field, which value name each picklist
 * label becomes, and how each reference travels. Kept apart from the standard so one
 * standard can feed Vaults configured differently.
 */

/** Vault API names: lower_snake_case with a namespace suffix (`__v`, `__c`, `__sys`, `__clin`, ...). */
const apiName = z.string().regex(/^[a-z][a-z0-9_]*__[a-z]+$/, 'must be a Vault API name such as name__v');
const key = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a lower_snake_case key of the standard');

/** The tool finds the referenced record's target id (parents are sent first) and sends the id. */
const RecordIdReference = z.object({ send: z.literal('recordId') }).strict();

/**
 * The target resolves the reference itself from a lookup column
 * `{relationship}.{uniqueField}`, e.g. `country__vr.name__v`.
 */
const LookupReference = z.object({
  send: z.literal('lookup'),
  /** The object the field points at, e.g. country__v. */
  object: apiName,
  /** The unique field of that object the value is matched against. */
  uniqueField: apiName,
  /** Vault's relationship name; defaults to the field name with `r` appended (country__v → country__vr). */
  relationship: z.string().regex(/^[a-z][a-z0-9_]*__[a-z]+r$/, 'must be a relationship name such as country__vr').optional(),
}).strict();

export const ReferenceSendSchema = z.discriminatedUnion('send', [RecordIdReference, LookupReference]);

export const EntityProfileSchema = z.object({
  object: apiName,
  /** The unique field upserts match on (`?idParam=`). */
  idParam: apiName.default('external_id__v'),
  /** Standard field key → target field. */
  fields: z.record(key, apiName),
  /** Standard field key → (label as the standard writes it → target picklist value name). */
  picklists: z.record(key, z.record(z.string().min(1), apiName)).default({}),
  /** Standard field key → how the reference is sent. */
  references: z.record(key, ReferenceSendSchema).default({}),
}).strict().superRefine((e, ctx) => {
  for (const k of Object.keys(e.picklists)) {
    if (!(k in e.fields)) ctx.addIssue({ code: 'custom', path: ['picklists', k], message: `"${k}" has a picklist map but no entry in fields` });
  }
  for (const k of Object.keys(e.references)) {
    if (!(k in e.fields)) ctx.addIssue({ code: 'custom', path: ['references', k], message: `"${k}" is sent as a reference but has no entry in fields` });
  }
  const seen = new Map<string, string>();
  for (const [k, f] of Object.entries(e.fields)) {
    const other = seen.get(f);
    if (other) ctx.addIssue({ code: 'custom', path: ['fields', k], message: `target field ${f} is already taken by "${other}"` });
    seen.set(f, k);
  }
});

/**
 * An object the target needs that no sheet holds, made from the distinct combinations of some
 * fields of one entity's records (Study Country from the Sites sheet's study and country). It is
 * sent (upserted) just before that entity, and each of that entity's records references it.
 */
export const DerivedProfileSchema = z.object({
  object: apiName,
  /** What people call these records (the transfer log and results list them under it). */
  label: z.string().min(1),
  idParam: apiName.default('external_id__v'),
  /** The entity whose records it is derived from, and sent before. */
  from: key,
  /** External id over standard field keys of `from`, e.g. `{study_number}-{country}`; one record per distinct id. */
  externalId: z.string().regex(/\{[a-z_0-9]+\}/, 'must name at least one field as {field_key}'),
  /** Standard field key of `from` → field of the derived object. */
  fields: z.record(key, apiName),
  /** How each of those fields is sent (a reference `from` sends as a record id stays one). */
  references: z.record(key, ReferenceSendSchema).default({}),
  /** The field of `from`'s object that points at the derived record (sent as its record id). */
  referencedBy: apiName,
}).strict().superRefine((d, ctx) => {
  for (const m of d.externalId.matchAll(/\{([a-z_0-9]+)\}/g)) {
    if (!(m[1]! in d.fields)) ctx.addIssue({ code: 'custom', path: ['externalId'], message: `{${m[1]}} is not one of the derived fields` });
  }
  for (const k of Object.keys(d.references)) {
    if (!(k in d.fields)) ctx.addIssue({ code: 'custom', path: ['references', k], message: `"${k}" is sent as a reference but has no entry in fields` });
  }
});

export const TargetProfileSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  version: z.string().min(1),
  /** The standard this profile maps (its id); checked against the standard in use. */
  standard: z.string().min(1),
  entities: z.record(key, EntityProfileSchema),
  /** Objects made from the sheets' data rather than read from a sheet (Study Country). */
  derived: z.record(key, DerivedProfileSchema).default({}),
  /**
   * Where a transfer may leave a lock marker in the target (an object with the fields
   * external_id__v, transfer__c, holder__c, since__c, keys__c); absent, or an object the
   * target does not have, and the only lock is the one next to the workbook.
   */
  transferLock: z.object({ object: z.string().min(1) }).strict().optional(),
}).strict();

export type ReferenceSend = z.infer<typeof ReferenceSendSchema>;
export type EntityProfile = z.infer<typeof EntityProfileSchema>;
export type DerivedProfile = z.infer<typeof DerivedProfileSchema>;
export type TargetProfile = z.infer<typeof TargetProfileSchema>;
