import ExcelJS from 'exceljs';
import { defaultStandard } from '../../src/core/standard/load';
import type { Sheets } from './wb';

const std = defaultStandard();

/** Sheet names a partner gives the standard's sheets (each a recorded alias of its entity). */
export const PARTNER_SHEETS: Record<string, string> = {
  Organizations: 'Organisations', Studies: 'Trials', Sites: 'Centres', Investigators: 'Investigator List', 'Site Staff': 'Site Team',
};

/** The partner's header for a field: the second alias the standard records for it (Org Name, Brief Title, PI Mail, Surname …). */
export function partnerHeader(entityKey: string, fieldKey: string): string {
  const f = std.entities.find((e) => e.key === entityKey)!.fields.find((x) => x.key === fieldKey)!;
  return f.aliases?.[1] ?? f.aliases?.[0] ?? f.header;
}

/** Rows of a shaped sheet before its data: a title line above the header. */
export const TITLE_ROWS = 1;

/**
 * The same rows as a partner hands them over: sheets renamed, the partner's
 * own headers, columns in reverse order, a title row above the header and
 * an extra "Comments" column first. Data rows therefore sit TITLE_ROWS lower
 * than in the template-shaped workbook.
 */
export function partnerShaped(sheets: Sheets): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const e = std.entities.find((x) => x.sheet === name)!;
    const ws = book.addWorksheet(PARTNER_SHEETS[name] ?? name);
    ws.addRow([`${e.sheet} — hand-over from Acme CRO`]);
    const fields = [...e.fields].reverse();
    ws.addRow(['Comments', ...fields.map((f) => partnerHeader(e.key, f.key))]);
    for (const r of rows) ws.addRow(['checked', ...fields.map((f) => (r[f.header] ?? null) as ExcelJS.CellValue)]);
  }
  return book;
}
