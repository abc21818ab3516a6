import { EXTERNAL_ID_FIELD, type TransferPlan } from '../core/transfer';
import { idParamFor } from '../core/target-profile';
import { UseCaseError } from './errors';

/**
 * Before anything is written (and in the dry run): read the target's metadata of every object
 * the submission writes and check that each field it will send exists and each picklist value
 * it will send is one of the target's values. A real Vault refuses such records one by one,
 * after their parents were already created; finding it first means nothing half-done.
 */

/** What preflight needs of a field's metadata (the connector's FieldMetadata has it). */
export interface TargetField {
  name: string;
  type?: string;
  picklist?: string[];
  required?: boolean;
  /** The object an object field points at. */
  references?: string;
}

export interface DescribingTarget {
  describeObject(object: string): Promise<TargetField[]>;
}

export interface PreflightProblem {
  sheet: string;
  object: string;
  field?: string;
  value?: string;
  message: string;
}

const SHOWN_VALUES = 8;

function valuesText(values: string[]): string {
  return values.length ? `${values.slice(0, SHOWN_VALUES).join(', ')}${values.length > SHOWN_VALUES ? ` and ${values.length - SHOWN_VALUES} more` : ''}` : 'none';
}

export async function preflightSubmission(plan: TransferPlan, target: DescribingTarget, upsertKeys?: Readonly<Record<string, string>>): Promise<PreflightProblem[]> {
  const problems: PreflightProblem[] = [];
  for (const e of plan.entities) {
    if (!e.records.length) continue;
    let meta: TargetField[];
    try {
      meta = await target.describeObject(e.object);
    } catch (err) {
      problems.push({ sheet: e.sheet, object: e.object, message: `the target has no object ${e.object} it lets us read (${err instanceof Error ? err.message : String(err)})` });
      continue;
    }
    const byName = new Map(meta.map((f) => [f.name, f]));
    const idParam = idParamFor(upsertKeys, e.object);
    // Field → distinct values sent, as run.ts will send them (the external id under the object's upsert key).
    const sent = new Map<string, Set<string>>();
    const add = (field: string, v: unknown) => {
      const set = sent.get(field) ?? sent.set(field, new Set()).get(field)!;
      if (v !== null && v !== undefined && v !== '') set.add(String(v));
    };
    for (const r of e.records) {
      for (const [k, v] of Object.entries(r.fields)) add(k === EXTERNAL_ID_FIELD ? idParam : k, v);
      for (const k of Object.keys(r.refs)) add(k, null);
    }
    for (const [field, values] of sent) {
      if (field.includes('.')) {
        await checkLookup(e, field, byName, target, problems);
        continue;
      }
      const f = byName.get(field);
      if (!f) {
        problems.push({ sheet: e.sheet, object: e.object, field, message: `${e.object} has no field ${field}` });
        continue;
      }
      if (!f.picklist) continue;
      const allowed = new Set(f.picklist);
      for (const v of values) {
        if (!allowed.has(v)) problems.push({ sheet: e.sheet, object: e.object, field, value: v, message: `"${v}" is not a value of ${e.object}.${field}; the target has ${valuesText(f.picklist)}` });
      }
    }
    // A field the target requires and nothing sends would refuse every record.
    const covered = new Set([...sent.keys()].map((k) => (k.includes('.') ? k.split('.')[0]!.replace(/r$/, '') : k)));
    for (const f of meta) {
      if (f.required && f.name !== 'id' && !covered.has(f.name)) problems.push({ sheet: e.sheet, object: e.object, field: f.name, message: `${e.object} requires ${f.name}, which nothing sends` });
    }
  }
  return problems;
}

/** A lookup column `{relationship}.{unique_field}`: its field must be an object field, and the unique field exist on that object. */
async function checkLookup(e: TransferPlan['entities'][number], column: string, byName: Map<string, TargetField>, target: DescribingTarget, problems: PreflightProblem[]): Promise<void> {
  const [rel, unique] = column.split('.') as [string, string];
  const f = byName.get(rel.replace(/r$/, ''));
  if (!f || !f.references) {
    problems.push({ sheet: e.sheet, object: e.object, field: column, message: `${e.object} has no object field behind ${rel}, so ${column} cannot be looked up` });
    return;
  }
  let meta: TargetField[];
  try {
    meta = await target.describeObject(f.references);
  } catch {
    problems.push({ sheet: e.sheet, object: e.object, field: column, message: `${f.name} points at ${f.references}, which the target does not let us read` });
    return;
  }
  if (!meta.some((m) => m.name === unique)) problems.push({ sheet: e.sheet, object: e.object, field: column, message: `${f.references} has no field ${unique} to look ${f.name} up by` });
}

/** The target does not match what would be sent: nothing was sent. */
export class PreflightFailed extends UseCaseError {
  constructor(readonly problems: PreflightProblem[]) {
    super(`The target does not accept what would be sent, so nothing was sent:\n${problems.map((p) => `  - ${p.sheet}: ${p.message}`).join('\n')}`);
    this.name = 'PreflightFailed';
  }
}

/** Runs the preflight and stops with the report when anything does not match. */
export async function requirePreflight(plan: TransferPlan, target: DescribingTarget, upsertKeys?: Readonly<Record<string, string>>): Promise<void> {
  const problems = await preflightSubmission(plan, target, upsertKeys);
  if (problems.length) throw new PreflightFailed(problems);
}
