import type { Entity, Field } from '../standard/schema';
import type { SheetData } from '../model/sheet';

/** Header matching ignores case, spacing and punctuation: "state / province" = "State/Province". */
export function normalizeHeader(h: unknown): string {
  return String(h ?? '').normalize('NFKD').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Columns the product itself manages (submission results written back): never reported as extra. */
export const MANAGED_HEADERS = ['CTMS Status', 'CTMS Target ID'] as const;
const MANAGED = new Set<string>(MANAGED_HEADERS.map((h) => normalizeHeader(h)));

export interface ColumnMatch {
  /** Field index (in entity.fields) → 0-based column, or -1 when the column is absent. */
  colOfField: number[];
  /** Columns that are not part of the standard (kept, reported once). */
  extra: { col: number; header: string }[];
  /** Fields whose column is absent. */
  missing: Field[];
  /** Columns that repeat a header already matched (the first one wins). */
  repeated: { col: number; header: string }[];
}

export function matchColumns(entity: Entity, sheet: Pick<SheetData, 'headers'>): ColumnMatch {
  const byNorm = new Map<string, number>();
  entity.fields.forEach((f, i) => byNorm.set(normalizeHeader(f.header), i));
  const colOfField = entity.fields.map(() => -1);
  const extra: ColumnMatch['extra'] = [];
  const repeated: ColumnMatch['repeated'] = [];
  sheet.headers.forEach((h, col) => {
    const label = String(h ?? '').trim();
    if (label === '') return;
    const norm = normalizeHeader(label);
    const fi = byNorm.get(norm);
    if (fi === undefined) { if (!MANAGED.has(norm)) extra.push({ col, header: label }); }
    else if (colOfField[fi] !== -1) repeated.push({ col, header: label });
    else colOfField[fi] = col;
  });
  const missing = entity.fields.filter((_, i) => colOfField[i] === -1);
  return { colOfField, extra, missing, repeated };
}

/** Find the workbook sheet for an entity: exact name first, then a name that normalises the same. */
export function findSheet<T extends Pick<SheetData, 'name'>>(sheets: T[], entity: Entity): T | undefined {
  return sheets.find((s) => s.name === entity.sheet)
    ?? sheets.find((s) => normalizeHeader(s.name) === normalizeHeader(entity.sheet));
}
