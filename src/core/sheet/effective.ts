import type { CellValue, SheetData, WorkbookData } from '../model/sheet';
import type { Proposal } from '../model/issue';
import type { Standard } from '../standard/schema';
import { findSheet, matchColumns } from './headers';

/**
 * A sheet as it will be once its proposed transformations are accepted
 * ("USA" reads as "US"), by field key. KPIs, the dashboard's filters and
 * everything else that groups rows by value read through this one view, so
 * they agree on what a value is.
 */
export interface EffectiveSheet {
  sheet: SheetData;
  /** How many of the entity's fields have a column in the sheet. */
  mappedColumns: number;
  /** The value as text (dates as ISO days, spaces folded), null when blank; email fields lower-cased. */
  get(r: number, key: string): string | null;
}

const SEP = '\u0001';

/** Proposed values by sheet, row and column, to hand to effectiveSheet for every entity of one workbook. */
export type ProposedValues = Map<string, string | number>;

export function proposedValues(proposals: readonly Proposal[]): ProposedValues {
  return new Map(proposals.map((p) => [`${p.sheet}${SEP}${p.row}${SEP}${p.col}`, p.to]));
}

export function plainText(v: CellValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  const s = String(v).replace(/\s+/g, ' ').trim();
  return s === '' ? null : s;
}

export function effectiveSheet(std: Standard, entityKey: string, wb: WorkbookData, proposed: ProposedValues): EffectiveSheet | null {
  const entity = std.entities.find((e) => e.key === entityKey);
  const sheet = entity && findSheet(wb.sheets, entity);
  if (!entity || !sheet) return null;
  const match = matchColumns(entity, sheet);
  const colOf = new Map(entity.fields.map((f, i) => [f.key, match.colOfField[i]!]));
  // Emails compare case-insensitively (T-EMAIL lower-cases them); the field's type says which they are.
  const emailish = new Set(entity.fields.filter((f) => f.type === 'email').map((f) => f.key));
  return {
    sheet,
    mappedColumns: match.colOfField.filter((c) => c >= 0).length,
    get(r, key) {
      const col = colOf.get(key);
      if (col === undefined || col < 0) return null;
      const p = proposed.get(`${sheet.name}${SEP}${sheet.rowNumbers[r]}${SEP}${col}`);
      const v = plainText(p !== undefined ? p : sheet.rows[r]?.[col]);
      return v !== null && emailish.has(key) ? v.toLowerCase() : v;
    },
  };
}
