/**
 * Classification of source rows against the records already in the target
 * CTMS: create (no match), reuse (identical) or update (field differences).
 */
import type { Standard, Entity, Field } from '../standard/schema';
import type { WorkbookData, SheetData } from '../model/sheet';
import { fieldColumns, cellText, sameSheetName } from './headers';
import { normaliseEmail, normaliseOrgName, simplify } from './normalize';

export type TargetValue = string | number | boolean | null;

/** What a connector hands over: per entity key, the target's records with fields by standard key. */
export interface TargetRecords {
  [entityKey: string]: { id: string; fields: Record<string, TargetValue> }[];
}

export interface TargetClassification {
  sheet: string;
  row: number;
  action: 'create' | 'reuse' | 'update';
  targetId?: string;
  /** field key → [target value, source value] */
  changes?: Record<string, [TargetValue, TargetValue]>;
}

export function entityForSheet(standard: Standard, name: string): Entity | undefined {
  return standard.entities.find((e) => sameSheetName(e.sheet, name));
}

function externalId(entity: Entity, get: (key: string) => string): string {
  const id = entity.externalId.replace(/\{([a-z_0-9]+)\}/g, (_, k: string) => get(k));
  return entity.externalIdLowerCase ? id.trim().toLowerCase() : id.trim();
}

/** The standard's duplicate key for the entity (email or normalised organization), if any. */
function duplicateKey(standard: Standard, entity: Entity, get: (key: string) => string): string | null {
  const dk = standard.duplicateKeys.find((d) => d.entity === entity.key);
  if (!dk) return null;
  const values = dk.fields.map(get);
  if (values.every((v) => v === '')) return null;
  if (dk.normalise === 'email') return values.map(normaliseEmail).join('|');
  return [normaliseOrgName(values[0]), ...values.slice(1).map(simplify)].join('|');
}

/** Values compare as the target would store them: emails case-free, text space-collapsed, numbers by value. */
function sameValue(field: Field, target: TargetValue, source: string): boolean {
  const t = target === null || target === undefined ? '' : String(target).trim();
  if (field.type === 'email' || field.caseInsensitive) return t.toLowerCase() === source.toLowerCase();
  if (field.type === 'int') return t !== '' && Number(t) === Number(source);
  if (field.type === 'date') return t.slice(0, 10) === source.slice(0, 10);
  if (field.type === 'country') return t.toUpperCase() === source.toUpperCase();
  return t.replace(/\s+/g, ' ') === source.replace(/\s+/g, ' ');
}

function sourceValue(field: Field, text: string): TargetValue {
  if (field.type === 'int' && /^-?\d+$/.test(text)) return Number(text);
  return text;
}

function classifySheet(standard: Standard, entity: Entity, sheet: SheetData, existing: TargetRecords): TargetClassification[] {
  const records = existing[entity.key] ?? [];
  const byExternal = new Map<string, (typeof records)[number]>();
  const byDuplicate = new Map<string, (typeof records)[number]>();
  for (const r of records) {
    const get = (k: string) => cellText(r.fields[k] as string | number | boolean | null);
    byExternal.set(externalId(entity, get), r);
    const dk = duplicateKey(standard, entity, get);
    if (dk !== null && !byDuplicate.has(dk)) byDuplicate.set(dk, r);
  }
  const cols = fieldColumns(entity, sheet);
  const out: TargetClassification[] = [];
  sheet.rows.forEach((row, ri) => {
    const get = (k: string) => { const c = cols.get(k); return c === undefined ? '' : cellText(row[c]); };
    const rowNumber = sheet.rowNumbers[ri];
    const dk = duplicateKey(standard, entity, get);
    const match = byExternal.get(externalId(entity, get)) ?? (dk !== null ? byDuplicate.get(dk) : undefined);
    if (!match) { out.push({ sheet: sheet.name, row: rowNumber, action: 'create' }); return; }
    const changes: Record<string, [TargetValue, TargetValue]> = {};
    for (const f of entity.fields) {
      if (!cols.has(f.key)) continue;
      const src = get(f.key);
      // A blank source cell leaves the target's value alone; it is not a change.
      if (src === '') continue;
      // A field the target did not return (an unresolvable reference) cannot be compared.
      if (!(f.key in match.fields)) continue;
      const tgt = match.fields[f.key] ?? null;
      if (!sameValue(f, tgt, src)) changes[f.key] = [tgt, sourceValue(f, src)];
    }
    out.push(Object.keys(changes).length
      ? { sheet: sheet.name, row: rowNumber, action: 'update', targetId: match.id, changes }
      : { sheet: sheet.name, row: rowNumber, action: 'reuse', targetId: match.id });
  });
  return out;
}

/** One entry per data row of every sheet the standard knows. */
export function classifyAgainstTarget(standard: Standard, workbook: WorkbookData, existing: TargetRecords): TargetClassification[] {
  const out: TargetClassification[] = [];
  for (const sheet of workbook.sheets) {
    const entity = entityForSheet(standard, sheet.name);
    if (entity) out.push(...classifySheet(standard, entity, sheet, existing));
  }
  return out;
}
