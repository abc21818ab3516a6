import type { Entity, Field, Standard } from '../standard/schema';
import { columnLetter } from '../sheet/address';
import { alertStyleFor, errorAlert, type ErrorAlert } from './alerts';

/**
 * What a collection template contains, decided once from the standard. The CLI
 * (ExcelJS) and the task pane (the Office JavaScript API) both render this plan, so a template
 * made in either place is the same workbook.
 */

export const LISTS_SHEET = 'Lists';
export const INSTRUCTIONS_SHEET = 'Instructions';
/** Excel's last row: rules on `B2:B1048576` cover every row a user can reach, written once per column. */
export const LAST_ROW = 1_048_576;

export type ColumnValidation =
  | { kind: 'list'; source: string; values: string[] }
  | { kind: 'wholeNumber'; min: number }
  | { kind: 'date' }
  | { kind: 'textLength'; max: number };

export interface TemplateColumn {
  key: string;
  header: string;
  required: boolean;
  /** Excel number format for data cells: dates as dates, everything else text-like as text (keeps leading zeros, +, =). */
  numberFormat: string;
  width: number;
  validation: ColumnValidation | null;
  /** Input message title and text (data-validation prompt, ≤ 32 and ≤ 255 chars in Excel). */
  promptTitle: string;
  prompt: string;
  /** What Excel says to a value outside the rule; warning where the standard's transformations propose a fix. */
  errorAlert: ErrorAlert | null;
}

export interface TemplateSheet {
  name: string;
  entity: string;
  columns: TemplateColumn[];
}

export interface TemplatePlan {
  standard: { id: string; name: string; version: string };
  sheets: TemplateSheet[];
  lists: { name: string; columns: { header: string; values: string[] }[] };
  instructions: { name: string; rows: string[][] };
}

export const DATE_FORMAT = 'yyyy-mm-dd';
export const TEXT_FORMAT = '@';

function numberFormat(f: Field): string {
  if (f.type === 'date') return DATE_FORMAT;
  if (f.type === 'int') return '0';
  return TEXT_FORMAT;
}

function describe(f: Field): string {
  const bits: string[] = [f.required ? 'Required.' : 'Optional.'];
  if (f.help) bits.push(f.help);
  if (f.maxLength && f.type === 'text') bits.push(`Max ${f.maxLength} characters.`);
  return bits.join(' ').slice(0, 255);
}

function validationFor(f: Field, listSource: string | undefined): ColumnValidation | null {
  if (f.type === 'pick' && f.picklist && listSource) return { kind: 'list', source: listSource, values: f.picklist };
  if (f.type === 'int') return { kind: 'wholeNumber', min: f.min ?? 0 };
  if (f.type === 'date') return { kind: 'date' };
  if (f.type === 'text' && f.maxLength) return { kind: 'textLength', max: f.maxLength };
  return null;
}

/** What belongs in the cell, said to someone who typed something else. */
function expected(v: ColumnValidation): string {
  switch (v.kind) {
    case 'list': return `Pick a value from the list: ${v.values.join(', ')}.`;
    case 'wholeNumber': return `Enter a whole number of ${v.min} or more.`;
    case 'date': return 'Enter a date as yyyy-mm-dd.';
    case 'textLength': return `At most ${v.max} characters.`;
  }
}

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

export function buildTemplatePlan(std: Standard): TemplatePlan {
  const listColumns: { header: string; values: string[] }[] = [];
  const listSource = new Map<string, string>();
  for (const e of std.entities) {
    for (const f of e.fields) {
      if (f.type !== 'pick' || !f.picklist) continue;
      const col = columnLetter(listColumns.length);
      listColumns.push({ header: `${e.sheet}.${f.header}`, values: f.picklist });
      listSource.set(`${e.key}.${f.key}`, `=${quoteSheet(LISTS_SHEET)}!$${col}$2:$${col}$${f.picklist.length + 1}`);
    }
  }
  const sheets = std.entities.map((e: Entity) => ({
    name: e.sheet,
    entity: e.key,
    columns: e.fields.map((f) => {
      const validation = validationFor(f, listSource.get(`${e.key}.${f.key}`));
      return {
        key: f.key,
        header: f.header,
        required: f.required,
        numberFormat: numberFormat(f),
        width: Math.min(40, Math.max(12, f.header.length + 4)),
        validation,
        promptTitle: f.header.slice(0, 32),
        prompt: describe(f),
        errorAlert: validation ? errorAlert(alertStyleFor(std, e, f), f.header, expected(validation)) : null,
      };
    }),
  }));
  const rows: string[][] = [
    [`${std.name} — collection template`],
    [`Standard: ${std.id}, version ${std.version}`],
    [],
    ['How to fill this workbook'],
    ['1. One sheet per kind of record. Row 1 holds the headers: do not rename them. Data starts in row 2.'],
    ['2. Required columns have bold, dark headers. Select a header cell to see what belongs in the column.'],
    ['3. Columns with a list offer the listed values. Where Validate can fix a value (a text date, another spelling of a role or phase), Excel warns and lets you keep it; elsewhere it refuses values outside the rule. Dates are real dates (yyyy-mm-dd). Text columns keep leading zeros and + signs.'],
    ['4. IDs tie the sheets together: Studies, Sites and Investigators refer to Organization IDs; Sites and Site Staff to Study Numbers; Site Staff to Investigator emails.'],
    ['5. Names must be in Latin script. Translate or transliterate Chinese, Japanese, Korean or Cyrillic names.'],
    ['6. Run Validate in the CTMS Collect pane (or `ctms-collect validate`) to see every problem in place.'],
    [],
    ['Sheet', 'What it holds'],
    ...std.entities.map((e) => [e.sheet, e.description || e.targetObject]),
  ];
  return {
    standard: { id: std.id, name: std.name, version: std.version },
    sheets,
    lists: { name: LISTS_SHEET, columns: listColumns },
    instructions: { name: INSTRUCTIONS_SHEET, rows },
  };
}
