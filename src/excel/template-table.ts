import type { ErrorAlert } from '../core/template/alerts';

/**
 * The template's sheets as Excel tables: formats, list validation and input
 * messages set on a table column's data body are carried by Excel to every row
 * the table gains (a row typed or pasted just below it, or added through it),
 * so no fixed number of rows is pre-formatted.
 */

/** Workbook-unique table name for a standard sheet ("Site Staff" → "ctms_Site_Staff"). */
export function tableName(sheet: string): string {
  return `ctms_${sheet.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** The plan's alert in Office.js terms (ExcelApi 1.8, as the rest of data validation). */
export function officeErrorAlert(a: ErrorAlert): Excel.DataValidationErrorAlert {
  return { showAlert: true, style: a.style === 'warning' ? 'Warning' : 'Stop', title: a.title, message: a.message };
}

/** A table the template needs is already there: the template is not made over it. */
export class TemplateTableConflictError extends Error {
  constructor(readonly sheets: string[], readonly tables: string[]) {
    const bits = [
      ...(sheets.length ? [`${sheets.map((x) => `"${x}"`).join(', ')} already ${sheets.length === 1 ? 'holds a table' : 'hold tables'}`] : []),
      ...(tables.length ? [`${tables.length === 1 ? 'a table' : 'tables'} named ${tables.map((x) => `"${x}"`).join(', ')} already ${tables.length === 1 ? 'exists' : 'exist'}`] : []),
    ];
    // No "cannot create the template" here: the pane says that before the reason.
    super(`${bits.join('; ')}. Remove or rename ${sheets.length + tables.length === 1 ? 'it' : 'them'} first; nothing was changed.`);
    this.name = 'TemplateTableConflictError';
  }
}
