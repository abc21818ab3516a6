import type { Entity } from '../standard/schema';
import type { SheetData, CellValue } from '../model/sheet';
import { normalizeHeader } from '../sheet/headers';

/**
 * Columns for mastering. Headers are compared the one way the whole engine compares them
 * (core/sheet/headers); mastering also accepts a field's key as its header, as exported
 * target data often carries keys.
 */

/** Column of each field found in the sheet, by header or by field key; the first column of a repeated header wins. */
export function columnsOfFields(sheet: Pick<SheetData, 'headers'>, fields: readonly { key: string; header: string }[]): (number | undefined)[] {
  const byHeader = new Map<string, number>();
  sheet.headers.forEach((h, c) => { const k = normalizeHeader(h); if (!byHeader.has(k)) byHeader.set(k, c); });
  return fields.map((f) => byHeader.get(normalizeHeader(f.header)) ?? byHeader.get(normalizeHeader(f.key)));
}

/** Column index of each of the entity's fields found in the sheet. */
export function fieldColumns(entity: Entity, sheet: Pick<SheetData, 'headers'>): Map<string, number> {
  const cols = new Map<string, number>();
  columnsOfFields(sheet, entity.fields).forEach((c, i) => { if (c !== undefined) cols.set(entity.fields[i]!.key, c); });
  return cols;
}

/** Whether two sheet names name the same sheet (as headers compare). */
export const sameSheetName = (a: string, b: string) => normalizeHeader(a) === normalizeHeader(b);

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A cell as text for comparison; dates as yyyy-mm-dd so Excel dates and ISO text agree. */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  return String(v).trim();
}
