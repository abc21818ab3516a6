import { EXTERNAL_ID_FIELD, type TransferPlan } from '../core/transfer';
import { idParamFor } from '../core/target-profile';
import { UseCaseError } from './errors';
import { fieldProblems, type SentAs, type TargetField } from './preflight-fields';

export type { TargetField };

/**
 * Before anything is written (and in the dry run): read the target's metadata of every object
 * the submission writes and check that each field it will send exists and is editable, each
 * value is of the field's type, each reference goes to an object field (and a lookup's object
 * exists), each picklist value is one of the target's values, and every field the target
 * requires is sent. A real Vault refuses such records one by one,
 * after their parents were already created; finding it first means nothing half-done.
 */

export interface DescribingTarget {
  describeObject(object: string): Promise<TargetField[]>;
}

export interface PreflightProblem {
  sheet: string;
  object: string;
  field?: string;
  /** The sheet's column behind `field`, when the standard names one (what people look for). */
  column?: string;
  value?: string;
  message: string;
}

const SHOWN_VALUES = 8;

function valuesText(values: string[]): string {
  return values.length ? `${values.slice(0, SHOWN_VALUES).join(', ')}${values.length > SHOWN_VALUES ? ` and ${values.length - SHOWN_VALUES} more` : ''}` : 'none';
}

/** `columns` names the sheet's column behind a target field (see readBackOf), so the report can say where to look. */
export async function preflightSubmission(plan: TransferPlan, target: DescribingTarget, upsertKeys?: Readonly<Record<string, string>>, columns?: ColumnNames): Promise<PreflightProblem[]> {
  const problems: PreflightProblem[] = [];
  const objectOf = new Map(plan.entities.map((e) => [e.entity, e.object]));
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
    // Field → distinct values sent and how, as run.ts will send them (the external id under the object's upsert key).
    const sent = new Map<string, { values: Set<string>; as: SentAs; refersTo?: string }>();
    const add = (field: string, v: unknown, as: SentAs, refersTo?: string) => {
      const s = sent.get(field) ?? sent.set(field, { values: new Set(), as, ...(refersTo ? { refersTo } : {}) }).get(field)!;
      if (v !== null && v !== undefined && v !== '') s.values.add(String(v));
    };
    for (const r of e.records) {
      for (const [k, v] of Object.entries(r.fields)) add(k === EXTERNAL_ID_FIELD ? idParam : k, v, k.includes('.') ? 'lookup' : 'value');
      for (const [k, [entity]] of Object.entries(r.refs)) add(k, null, 'recordId', objectOf.get(entity));
    }
    for (const [field, { values, as, refersTo }] of sent) {
      if (as === 'lookup') {
        await checkLookup(e, field, byName, target, problems);
        continue;
      }
      const f = byName.get(field);
      if (!f) {
        problems.push({ sheet: e.sheet, object: e.object, field, message: `${e.object} has no field ${field}` });
        continue;
      }
      const typed = fieldProblems(f, `${e.object}.${field}`, values, as, refersTo);
      for (const p of typed) problems.push({ sheet: e.sheet, object: e.object, field, ...p });
      if (typed.length || !f.picklist || as !== 'value') continue;
      const allowed = new Set(f.picklist);
      for (const v of values) {
        if (!allowed.has(v)) problems.push({ sheet: e.sheet, object: e.object, field, value: v, message: `"${v}" is not a value of ${e.object}.${field}; the target has ${valuesText(f.picklist)}` });
      }
    }
    // A field the target requires and nothing sends would refuse every record.
    const covered = new Set([...sent.keys()].map((k) => (k.includes('.') ? k.split('.')[0]!.replace(/r$/, '') : k)));
    for (const f of meta) {
      if (f.required && f.name !== 'id' && !covered.has(f.name)) problems.push({ sheet: e.sheet, object: e.object, field: f.name, message: `${e.object} requires ${f.name}, but no column of ${e.sheet} is mapped to it, so every record would be refused` });
    }
  }
  if (!columns) return problems;
  const entityOf = new Map(plan.entities.map((e) => [e.object, e.entity]));
  return problems.map((p) => {
    const column = p.field && entityOf.has(p.object) ? columns.column(entityOf.get(p.object)!, p.field) : undefined;
    return column ? { ...p, column } : p;
  });
}

/** The sheet's column behind a target field of an entity (a ReadBack has it). */
export interface ColumnNames { column(entity: string, field: string): string | undefined }

/** A lookup column `{relationship}.{unique_field}`: its field must be an object field, and the unique field exist on that object. */
async function checkLookup(e: TransferPlan['entities'][number], column: string, byName: Map<string, TargetField>, target: DescribingTarget, problems: PreflightProblem[]): Promise<void> {
  const [rel, unique] = column.split('.') as [string, string];
  const f = byName.get(rel.replace(/r$/, ''));
  if (!f || !f.references) {
    problems.push({ sheet: e.sheet, object: e.object, field: column, message: `${e.object} has no object field behind ${rel}, so ${column} cannot be looked up` });
    return;
  }
  const own = fieldProblems(f, `${e.object}.${f.name}`, new Set(), 'lookup');
  if (own.length) {
    for (const p of own) problems.push({ sheet: e.sheet, object: e.object, field: column, ...p });
    return;
  }
  let meta: TargetField[];
  try {
    meta = await target.describeObject(f.references);
  } catch {
    problems.push({ sheet: e.sheet, object: e.object, field: column, message: `${f.name} points at ${f.references}, which the target does not let us read` });
    return;
  }
  const key = meta.find((m) => m.name === unique);
  if (!key) problems.push({ sheet: e.sheet, object: e.object, field: column, message: `${f.references} has no field ${unique} to look ${f.name} up by` });
  // A lookup must find one record: Vault resolves it on a unique field only.
  else if (key.unique === false) problems.push({ sheet: e.sheet, object: e.object, field: column, message: `${f.references}.${unique} is not unique on the target, so ${f.name} cannot be looked up by it` });
}

/** The target does not match what would be sent: nothing was sent. */
export class PreflightFailed extends UseCaseError {
  constructor(readonly problems: PreflightProblem[]) {
    super(`The target does not accept what would be sent, so nothing was sent:\n${problems.map((p) => `  - ${p.sheet}${p.column ? ` (column ${p.column})` : ''}: ${p.message}`).join('\n')}`);
    this.name = 'PreflightFailed';
  }
}

/** Runs the preflight and stops with the report when anything does not match. */
export async function requirePreflight(plan: TransferPlan, target: DescribingTarget, upsertKeys?: Readonly<Record<string, string>>, columns?: ColumnNames): Promise<void> {
  const problems = await preflightSubmission(plan, target, upsertKeys, columns);
  if (problems.length) throw new PreflightFailed(problems);
}
