import type { DerivedProfile, EntityProfile, TargetProfile } from '../target-profile/schema';
import { DEFAULT_ID_PARAM as EXTERNAL_ID_FIELD, lookupColumn } from '../target-profile/load';
import type { TargetScalar } from '../model/transfer-log';

/**
 * The one place where a plan in the standard's terms becomes what a target stores, driven by
 * the target profile alone: picklist labels become value names, lookup references become
 * `{relationship}.{unique_field}` columns, and derived objects (Study Country) are made from
 * the records they hang under and sent just before them. Record-id references stay in `refs`
 * and are resolved when sending, as before.
 */

// The plan's shapes, structurally (plan.ts calls this module, so it cannot be imported back).
interface PlannedRecord { sheet: string; row: number; entity: string; object: string; externalId: string; fields: Record<string, TargetScalar>; refs: Record<string, [string, string]> }
interface EntityPlan { entity: string; sheet: string; object: string; records: PlannedRecord[]; heldBack: unknown[] }
interface TransferPlan { entities: EntityPlan[] }

/** Label → value name, per target field of one entity. */
function picklistsByTargetField(ep: EntityProfile): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const [k, map] of Object.entries(ep.picklists)) {
    const field = ep.fields[k];
    if (field) out.set(field, map);
  }
  return out;
}

/** Target field → lookup column, per entity. */
function lookupsByTargetField(fields: Record<string, string>, references: EntityProfile['references']): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, ref] of Object.entries(references)) {
    const field = fields[k];
    if (field && ref.send === 'lookup') out.set(field, lookupColumn(field, ref));
  }
  return out;
}

function mapFields(fields: Record<string, TargetScalar>, picklists: Map<string, Record<string, string>>, lookups: Map<string, string>): Record<string, TargetScalar> {
  const out: Record<string, TargetScalar> = {};
  for (const [field, v] of Object.entries(fields)) {
    const map = picklists.get(field);
    // A label the map does not know goes as written: the preflight names it, and a target refuses it.
    const value = map && typeof v === 'string' && Object.prototype.hasOwnProperty.call(map, v) ? map[v]! : v;
    out[lookups.get(field) ?? field] = value;
  }
  return out;
}

/** One derived record per distinct external id; each source record references its own. */
function derive(key: string, d: DerivedProfile, source: EntityPlan, sourceProfile: EntityProfile): EntityPlan {
  const lookups = lookupsByTargetField(d.fields, d.references);
  const plan: EntityPlan = { entity: key, sheet: d.label, object: d.object, records: [], heldBack: [] };
  const byId = new Map<string, PlannedRecord>();
  for (const rec of source.records) {
    const values = new Map<string, { value: string; ref?: [string, string] }>();
    for (const k of Object.keys(d.fields)) {
      const field = sourceProfile.fields[k];
      const ref = field ? rec.refs[field] : undefined;
      const v = field ? (ref ? ref[1] : rec.fields[field]) : undefined;
      if (v !== null && v !== undefined && v !== '') values.set(k, { value: String(v), ...(ref ? { ref } : {}) });
    }
    // A record missing one of the parts has nothing to hang under; the target refuses it by name.
    if (values.size < Object.keys(d.fields).length) continue;
    const externalId = d.externalId.replace(/\{([a-z_0-9]+)\}/g, (_, k: string) => values.get(k)?.value ?? '');
    rec.refs[d.referencedBy] = [key, externalId];
    if (byId.has(externalId)) continue;
    const out: PlannedRecord = { sheet: d.label, row: rec.row, entity: key, object: d.object, externalId, fields: { [EXTERNAL_ID_FIELD]: externalId }, refs: {} };
    for (const [k, field] of Object.entries(d.fields)) {
      const { value, ref } = values.get(k)!;
      if (ref) out.refs[field] = ref;
      else out.fields[lookups.get(field) ?? field] = value;
    }
    byId.set(externalId, out);
    plan.records.push(out);
  }
  return plan;
}

/** The plan as the profile's target stores it. Entities the profile does not name are sent as planned. */
export function applyTargetProfile<P extends TransferPlan>(plan: P, profile: TargetProfile): P {
  const entities: P['entities'] = [];
  for (const e of plan.entities) {
    const ep = profile.entities[e.entity];
    const records = e.records.map((r) => ({ ...r, fields: { ...r.fields }, refs: { ...r.refs } }));
    const mapped = { ...e, records };
    if (ep) {
      for (const [key, d] of Object.entries(profile.derived)) if (d.from === e.entity) entities.push(derive(key, d, mapped, ep));
      const picklists = picklistsByTargetField(ep);
      const lookups = lookupsByTargetField(ep.fields, ep.references);
      for (const r of records) r.fields = mapFields(r.fields, picklists, lookups);
    }
    entities.push(mapped);
  }
  return { ...plan, entities };
}

/**
 * The other way: a value name read back from the target as the label the workbook holds, for
 * comparisons and for people. Values the profile does not map come back as they are.
 */
export function labelsOf(profile: TargetProfile, object: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const ep of Object.values(profile.entities)) {
    if (ep.object !== object) continue;
    for (const [field, map] of picklistsByTargetField(ep)) out.set(field, new Map(Object.entries(map).map(([label, name]) => [name, label])));
  }
  return out;
}
