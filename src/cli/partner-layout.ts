import type { WorkbookMapping } from '../core/mapping';

/**
 * The engine and the transfer speak of the standard's sheets ("Sites"); a
 * partner's file calls them its own ("Centres") with the header on its own
 * row. These say where a standard sheet is in the file, for what is printed
 * and written back.
 */
export function partnerSheetName(mapping: WorkbookMapping, standardSheet: string): string {
  return mapping.sheets.find((s) => s.sheet === standardSheet)?.source ?? standardSheet;
}

/** Standard sheet → the partner's sheet and header row (submit's status and target-id write-back). */
export function partnerLayout(mapping: WorkbookMapping): Map<string, { sheet: string; headerRow: number }> {
  return new Map(mapping.sheets.map((s) => [s.sheet, { sheet: s.source, headerRow: s.headerRow }]));
}

/** A copy of a report's records with each standard `sheet` named as in the partner's file. */
export function inPartnerSheets<T extends { sheet: string }>(items: readonly T[], mapping: WorkbookMapping): T[] {
  return items.map((i) => ({ ...i, sheet: partnerSheetName(mapping, i.sheet) }));
}
