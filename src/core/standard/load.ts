import { StandardSchema, type Standard, type Entity, type Field } from './schema';
import v1Json from './ctms-standard-v1.json';

export class StandardError extends Error {
  constructor(public readonly problems: string[]) {
    super(`The standard is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'StandardError';
  }
}

function pathText(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`;
  return s || '(root)';
}

/** Checks that go beyond shape: names that must point at something that exists. */
function crossCheck(std: Standard): string[] {
  const problems: string[] = [];
  const entities = new Map(std.entities.map((e) => [e.key, e]));
  const sheets = new Set<string>();
  std.entities.forEach((e, ei) => {
    if (sheets.has(e.sheet)) problems.push(`entities[${ei}].sheet: sheet name "${e.sheet}" is used twice`);
    sheets.add(e.sheet);
    const keys = new Set<string>();
    e.fields.forEach((f, fi) => {
      if (keys.has(f.key)) problems.push(`entities[${ei}].fields[${fi}].key: field "${f.key}" is defined twice in ${e.key}`);
      keys.add(f.key);
      if (f.reference) {
        const target = entities.get(f.reference.entity);
        if (!target) problems.push(`entities[${ei}].fields[${fi}].reference.entity: unknown entity "${f.reference.entity}"`);
        else for (const rf of f.reference.fields) if (!target.fields.some((x) => x.key === rf)) problems.push(`entities[${ei}].fields[${fi}].reference.fields: "${rf}" is not a field of ${target.key}`);
      }
    });
    for (const m of e.externalId.matchAll(/\{([a-z_0-9]+)\}/g)) if (!keys.has(m[1]!)) problems.push(`entities[${ei}].externalId: "{${m[1]}}" is not a field of ${e.key}`);
    e.uniqueKeys.forEach((uk, ui) => uk.forEach((k) => { if (!keys.has(k)) problems.push(`entities[${ei}].uniqueKeys[${ui}]: "${k}" is not a field of ${e.key}`); }));
  });
  const fieldOf = (entity: string, field: string) => entities.get(entity)?.fields.some((f) => f.key === field) ?? false;
  std.rules.forEach((r, ri) => {
    const at = `rules[${ri}] (${r.id})`;
    if (!entities.has(r.entity)) { problems.push(`${at}.entity: unknown entity "${r.entity}"`); return; }
    const need = (f: string, where: string, entity = r.entity) => { if (!fieldOf(entity, f)) problems.push(`${at}.${where}: "${f}" is not a field of ${entity}`); };
    switch (r.kind) {
      case 'compare': need(r.left, 'left'); need(r.right, 'right'); break;
      case 'notFuture': need(r.field, 'field'); break;
      case 'forbid': r.when.forEach((c, i) => need(c.field, `when[${i}].field`)); r.flag.forEach((f, i) => need(f, `flag[${i}]`)); break;
      case 'noOverlap': r.groupBy.forEach((f, i) => need(f, `groupBy[${i}]`)); need(r.start, 'start'); need(r.end, 'end'); r.where.forEach((c, i) => need(c.field, `where[${i}].field`)); break;
      case 'exists':
        if (!entities.has(r.in)) problems.push(`${at}.in: unknown entity "${r.in}"`);
        else { r.match.forEach(([a, b], i) => { need(a, `match[${i}][0]`); need(b, `match[${i}][1]`, r.in); }); r.where.forEach((c, i) => need(c.field, `where[${i}].field`, r.in)); }
        break;
      case 'equalsReferenced':
        need(r.field, 'field'); need(r.via, 'via');
        if (!entities.has(r.in)) problems.push(`${at}.in: unknown entity "${r.in}"`);
        else { need(r.key, 'key', r.in); need(r.otherField, 'otherField', r.in); }
        break;
    }
  });
  std.transformations.forEach((t, ti) => {
    for (const f of t.appliesTo.fields ?? []) {
      const [e, k] = f.split('.') as [string, string];
      if (!fieldOf(e, k)) problems.push(`transformations[${ti}] (${t.id}).appliesTo.fields: "${f}" is not a field of the standard`);
    }
    for (const [e, parts] of Object.entries(t.nameParts ?? {})) {
      for (const k of [parts.family, parts.given]) if (!fieldOf(e, k)) problems.push(`transformations[${ti}] (${t.id}).nameParts: "${e}.${k}" is not a field of the standard`);
    }
    if (t.kind === 'map' && !t.map && !t.parser) problems.push(`transformations[${ti}] (${t.id}).map: a map transformation needs a map or a parser`);
  });
  std.submitOrder.forEach((k, i) => { if (!entities.has(k)) problems.push(`submitOrder[${i}]: unknown entity "${k}"`); });
  std.qc?.criticalFields.forEach((f, i) => {
    const [e, k] = f.split('.') as [string, string];
    if (!fieldOf(e, k)) problems.push(`qc.criticalFields[${i}]: "${f}" is not a field of the standard`);
  });
  return problems;
}

/** Parse and check a standard; throws StandardError naming each path and problem. */
export function parseStandard(input: unknown): Standard {
  const parsed = StandardSchema.safeParse(input);
  if (!parsed.success) {
    throw new StandardError(parsed.error.issues.map((i) => `${pathText(i.path)}: ${i.message}`));
  }
  const problems = crossCheck(parsed.data);
  if (problems.length) throw new StandardError(problems);
  return parsed.data;
}

/** Parse a standard from JSON text (a customer's file). */
export function parseStandardJson(text: string): Standard {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new StandardError([`(file): not valid JSON (${(e as Error).message})`]);
  }
  return parseStandard(data);
}

let v1: Standard | undefined;
/** The shipped default standard (ctms-standard-v1). */
export function defaultStandard(): Standard {
  return (v1 ??= parseStandard(v1Json));
}

export function entityBySheet(std: Standard, sheet: string): Entity | undefined {
  return std.entities.find((e) => e.sheet === sheet);
}

export function entityByKey(std: Standard, key: string): Entity {
  const e = std.entities.find((x) => x.key === key);
  if (!e) throw new Error(`Unknown entity ${key}`);
  return e;
}

export function fieldByKey(entity: Entity, key: string): Field {
  const f = entity.fields.find((x) => x.key === key);
  if (!f) throw new Error(`Unknown field ${entity.key}.${key}`);
  return f;
}
