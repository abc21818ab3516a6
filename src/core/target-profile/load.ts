import type { z } from 'zod';
import type { Standard } from '../standard/schema';
import { TargetProfileSchema, type EntityProfile, type ReferenceSend, type TargetProfile } from './schema';
import vaultCtmsV1 from './vault-ctms-v1.json';

/** The upsert key every object uses unless a profile names another. */
export const DEFAULT_ID_PARAM = 'external_id__v';

export class TargetProfileError extends Error {
  constructor(public readonly problems: string[], source = 'The target profile') {
    super(`${source} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'TargetProfileError';
  }
}

function pathText(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`;
  return s || '(root)';
}

function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((i) => `${pathText(i.path)}: ${i.message}`);
}

/** Checks a parsed JSON value; a malformed profile is refused with each problem's path. */
export function parseTargetProfile(json: unknown, source?: string): TargetProfile {
  const parsed = TargetProfileSchema.safeParse(json);
  if (!parsed.success) throw new TargetProfileError(problemsOf(parsed.error), source);
  return parsed.data;
}

/** The shipped profile for a Vault CTMS configured as Veeva ships it (see SOURCES.md). */
export function defaultTargetProfile(): TargetProfile {
  return parseTargetProfile(vaultCtmsV1, 'The default target profile');
}

/** The shipped profile when it maps this standard; a plan for another standard goes unmapped. */
export function defaultProfileFor(std: Pick<Standard, 'id'>): TargetProfile | null {
  const p = defaultTargetProfile();
  return p.standard === std.id ? p : null;
}

/**
 * Names that must point into the standard: entities, field keys and picklist labels. A profile
 * for another standard, or one with a typo in a key, would otherwise silently send nothing.
 */
export function checkProfileAgainstStandard(profile: TargetProfile, std: Standard): string[] {
  const problems: string[] = [];
  if (profile.standard !== std.id) problems.push(`standard: the profile maps "${profile.standard}", the standard in use is "${std.id}"`);
  for (const [ek, ep] of Object.entries(profile.entities)) {
    const entity = std.entities.find((e) => e.key === ek);
    if (!entity) { problems.push(`entities.${ek}: not an entity of ${std.id}`); continue; }
    // Records still go to the standard's objects; a profile naming others cannot be honoured yet.
    if (ep.object !== entity.targetObject) problems.push(`entities.${ek}.object: ${ep.object} differs from ${entity.targetObject}, the object the standard writes ${entity.key} to`);
    for (const fk of Object.keys(ep.fields)) {
      if (!entity.fields.some((f) => f.key === fk)) problems.push(`entities.${ek}.fields.${fk}: not a field of ${entity.key}`);
    }
    for (const [fk, map] of Object.entries(ep.picklists)) {
      const field = entity.fields.find((f) => f.key === fk);
      if (!field) continue;
      for (const label of field.picklist ?? []) if (!(label in map)) problems.push(`entities.${ek}.picklists.${fk}: no value name for "${label}"`);
      for (const label of Object.keys(map)) if (!field.picklist?.includes(label)) problems.push(`entities.${ek}.picklists.${fk}: "${label}" is not a value of ${entity.key}.${fk}`);
    }
  }
  for (const [dk, d] of Object.entries(profile.derived)) {
    const entity = std.entities.find((e) => e.key === d.from);
    if (!entity) { problems.push(`derived.${dk}.from: ${d.from} is not an entity of ${std.id}`); continue; }
    if (!profile.entities[d.from]) problems.push(`derived.${dk}.from: ${d.from} has no entry in entities`);
    for (const fk of Object.keys(d.fields)) {
      if (!entity.fields.some((f) => f.key === fk)) problems.push(`derived.${dk}.fields.${fk}: not a field of ${entity.key}`);
    }
  }
  return problems;
}

/** Object → upsert key, for every object the profile writes. */
export function upsertKeysOf(profile: TargetProfile): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ep of Object.values(profile.entities)) out[ep.object] = ep.idParam;
  for (const d of Object.values(profile.derived)) out[d.object] = d.idParam;
  return out;
}

/** The upsert key of an object: the profile's, else the default. */
export function idParamFor(keys: Readonly<Record<string, string>> | undefined, object: string): string {
  return keys?.[object] ?? DEFAULT_ID_PARAM;
}

/** The column a lookup reference is sent in, e.g. `country__vr.name__v`. */
export function lookupColumn(field: string, ref: Extract<ReferenceSend, { send: 'lookup' }>): string {
  return `${ref.relationship ?? `${field}r`}.${ref.uniqueField}`;
}

/** The profile entry of the entity writing `object`, if any. */
export function entityForObject(profile: TargetProfile, object: string): [string, EntityProfile] | undefined {
  return Object.entries(profile.entities).find(([, ep]) => ep.object === object);
}
