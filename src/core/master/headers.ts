import type { Entity } from '../standard/schema';
import type { SheetData, CellValue } from '../model/sheet';

/** Header comparison ignores case, spacing and punctuation (the standard's rule). */
export function headerKey(h: string): string {
  return h.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Column index of each of the entity's fields found in the sheet (by header or by field key). */
export function fieldColumns(entity: Entity, sheet: SheetData): Map<string, number> {
  const byHeader = new Map<string, number>();
  sheet.headers.forEach((h, c) => { const k = headerKey(String(h ?? '')); if (!byHeader.has(k)) byHeader.set(k, c); });
  const cols = new Map<string, number>();
  for (const f of entity.fields) {
    const c = byHeader.get(headerKey(f.header)) ?? byHeader.get(headerKey(f.key));
    if (c !== undefined) cols.set(f.key, c);
  }
  return cols;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A cell as text for comparison; dates as yyyy-mm-dd so Excel dates and ISO text agree. */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  return String(v).trim();
}
