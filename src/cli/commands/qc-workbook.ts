import ExcelJS from 'exceljs';
import { columnLetter } from '../../core/sheet/address';
import {
  ISSUE_COLUMNS, ISSUE_HEADERS, ISSUE_INPUT_COLUMNS, ISSUE_STATUSES, ISSUES_SHEET, QC_COLUMNS, QC_HEADERS, QC_INPUT_COLUMNS, QC_SHEET, VERDICTS,
  issuesSheetValues, qcSheetValues, type QcInstructions, type QcRow, type SamplePlan, type TrackedIssue,
} from '../../core/qc';

/**
 * The QC workbook rendered with ExcelJS: the QC sheet (reviewer columns open,
 * everything else locked, list validation on verdict and cause), the Issues
 * sheet, the Checklist (work instructions and the plan), and two hidden
 * sheets: the lists behind the drop-downs and the plan as JSON for qc-report.
 */

export const LISTS_SHEET = 'QC Lists';
export const PLAN_SHEET = 'QC Plan';
const HEADER_FILL = 'FF1F6F78';
const INPUT_FILL = 'FFFFF8E1';

type Widths = Record<string, number>;
const QC_WIDTHS: Widths = { 'QC ID': 10, Transfer: 14, Entity: 11, Sheet: 13, Row: 6, Cell: 7, 'External ID': 24, Study: 12, Site: 8, Field: 24, Critical: 8, 'Source value': 28, 'Target value': 28, Verdict: 9, Reviewer: 16, Date: 12, Comment: 36, 'Cause category': 22 };
const ISSUE_WIDTHS: Widths = { ID: 14, Source: 14, Sheet: 13, Row: 6, Cell: 14, 'External ID': 24, Study: 12, Field: 22, Description: 50, 'Cause category': 22, Owner: 16, Status: 12, 'Corrective action': 36, 'Date closed': 12 };

function header(ws: ExcelJS.Worksheet, headers: string[], widths: Widths): void {
  headers.forEach((h, i) => {
    const cell = ws.getCell(1, i + 1);
    cell.value = h;
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    ws.getColumn(i + 1).width = widths[h] ?? 14;
  });
  ws.views = [{ state: 'frozen', ySplit: 1, xSplit: 0 }];
}

function listValidation(title: string, source: string, values: readonly string[]): ExcelJS.DataValidation {
  return { type: 'list', allowBlank: true, formulae: [source], showErrorMessage: true, errorStyle: 'stop', errorTitle: title, error: `Pick a value from the list: ${values.join(', ')}`.slice(0, 255) };
}

function addValidation(ws: ExcelJS.Worksheet, range: string, v: ExcelJS.DataValidation): void {
  (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(range, v);
}

/** Input cells are unlocked and tinted so reviewers see where to write; the rest stays locked. */
function openInputs(ws: ExcelJS.Worksheet, cols: number[], lastRow: number): void {
  for (let r = 2; r <= lastRow; r++) {
    for (const c of cols) {
      const cell = ws.getCell(r, c + 1);
      cell.protection = { locked: false };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: INPUT_FILL } };
    }
  }
}

/** Structure locked: no rows or columns inserted or deleted; filtering, sorting and resizing allowed. No password: the lock guards against slips, not people. */
async function protect(ws: ExcelJS.Worksheet, allowInsertRows: boolean): Promise<void> {
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true, autoFilter: true, sort: true, insertRows: allowInsertRows, deleteRows: false, insertColumns: false, deleteColumns: false });
}

const listRange = (col: number, n: number) => `'${LISTS_SHEET}'!$${columnLetter(col)}$2:$${columnLetter(col)}$${n + 1}`;

/** Spare rows below the Issues items where items found by hand can be added. */
const ISSUE_SPARE_ROWS = 200;

export async function writeIssuesSheet(ws: ExcelJS.Worksheet, items: TrackedIssue[], causes: readonly string[]): Promise<void> {
  const values = issuesSheetValues(items);
  values.forEach((row, r) => row.forEach((v, c) => { ws.getCell(r + 1, c + 1).value = v === '' ? null : v; }));
  header(ws, ISSUE_HEADERS, ISSUE_WIDTHS);
  const keys = Object.keys(ISSUE_COLUMNS) as (keyof typeof ISSUE_COLUMNS)[];
  const last = values.length + ISSUE_SPARE_ROWS;
  const cause = keys.indexOf('cause');
  const status = keys.indexOf('status');
  addValidation(ws, `${columnLetter(cause)}2:${columnLetter(cause)}${last}`, listValidation('Cause category', listRange(1, causes.length), causes));
  addValidation(ws, `${columnLetter(status)}2:${columnLetter(status)}${last}`, listValidation('Status', listRange(2, ISSUE_STATUSES.length), ISSUE_STATUSES));
  const closed = keys.indexOf('dateClosed');
  addValidation(ws, `${columnLetter(closed)}2:${columnLetter(closed)}${last}`, { type: 'date', operator: 'greaterThan', allowBlank: true, formulae: [new Date(Date.UTC(2000, 0, 1))], showErrorMessage: true, errorStyle: 'warning', errorTitle: 'Date closed', error: 'Enter a date as yyyy-mm-dd.' } as ExcelJS.DataValidation);
  // Rows added by hand need every column, so the spare rows are open; the generated items keep their identity locked.
  openInputs(ws, ISSUE_INPUT_COLUMNS.map((k) => keys.indexOf(k)), values.length);
  for (let r = values.length + 1; r <= last; r++) for (let c = 0; c < keys.length; c++) ws.getCell(r, c + 1).protection = { locked: false };
  ws.autoFilter = { from: 'A1', to: `${columnLetter(keys.length - 1)}1` };
  await protect(ws, true);
}

export interface QcWorkbookInput {
  rows: QcRow[];
  issues: TrackedIssue[];
  plan: SamplePlan;
  instructions: QcInstructions;
  causes: readonly string[];
  /** What qc-report needs back: the plan without the drawn list (that is the QC sheet). */
  planRecord: Record<string, unknown>;
}

export async function buildQcWorkbook(input: QcWorkbookInput): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CTMS Collect';
  wb.title = input.instructions.title;

  const qc = wb.addWorksheet(QC_SHEET);
  const values = qcSheetValues(input.rows);
  values.forEach((row, r) => { if (r > 0) writeRow(qc, r + 1, row); });
  header(qc, QC_HEADERS, QC_WIDTHS);
  const keys = Object.keys(QC_COLUMNS) as (keyof typeof QC_COLUMNS)[];
  const last = Math.max(values.length, 2);
  const verdict = keys.indexOf('verdict');
  const cause = keys.indexOf('cause');
  const date = keys.indexOf('date');
  addValidation(qc, `${columnLetter(verdict)}2:${columnLetter(verdict)}${last}`, listValidation('Verdict', listRange(0, VERDICTS.length), VERDICTS));
  addValidation(qc, `${columnLetter(cause)}2:${columnLetter(cause)}${last}`, listValidation('Cause category', listRange(1, input.causes.length), input.causes));
  addValidation(qc, `${columnLetter(date)}2:${columnLetter(date)}${last}`, { type: 'date', operator: 'greaterThan', allowBlank: true, formulae: [new Date(Date.UTC(2000, 0, 1))], showErrorMessage: true, errorStyle: 'warning', errorTitle: 'Date', error: 'Enter a date as yyyy-mm-dd.' } as ExcelJS.DataValidation);
  qc.getColumn(date + 1).numFmt = 'yyyy-mm-dd';
  // Source and target values are shown as text: "001" must not read as 1, nor a date as a serial.
  for (const k of ['source', 'target', 'externalId', 'site', 'study'] as const) qc.getColumn(keys.indexOf(k) + 1).numFmt = '@';
  openInputs(qc, QC_INPUT_COLUMNS.map((k) => keys.indexOf(k)), values.length);
  qc.autoFilter = { from: 'A1', to: `${columnLetter(keys.length - 1)}1` };
  await protect(qc, false);

  await writeIssuesSheet(wb.addWorksheet(ISSUES_SHEET), input.issues, input.causes);

  const ck = wb.addWorksheet('Checklist', { properties: { tabColor: { argb: HEADER_FILL } } });
  ck.getColumn(1).width = 18;
  ck.getColumn(2).width = 110;
  ck.addRow([input.instructions.title]).font = { bold: true, size: 14 };
  ck.addRow([]);
  ck.addRow(['Sampling plan']).font = { bold: true };
  for (const [k, v] of input.instructions.plan) ck.addRow([k, v]);
  ck.addRow([]);
  ck.addRow(['Checklist']).font = { bold: true };
  input.instructions.steps.forEach((s, i) => ck.addRow([`${i + 1}.`, s]));
  ck.addRow([]);
  ck.addRow(['Fields']).font = { bold: true };
  ck.addRow(['Sheet', 'Field', 'Target field', 'Critical', 'Checked']).font = { bold: true };
  for (const f of input.instructions.fields) ck.addRow([f.sheet, f.field, f.target, f.critical ? 'yes' : '', f.checked ? 'yes' : '']);
  ck.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  await ck.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });

  const lists = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  lists.getCell(1, 1).value = 'Verdict';
  lists.getCell(1, 2).value = 'Cause category';
  lists.getCell(1, 3).value = 'Status';
  VERDICTS.forEach((v, i) => { lists.getCell(i + 2, 1).value = v; });
  input.causes.forEach((v, i) => { lists.getCell(i + 2, 2).value = v; });
  ISSUE_STATUSES.forEach((v, i) => { lists.getCell(i + 2, 3).value = v; });
  await lists.protect('', {});

  const planWs = wb.addWorksheet(PLAN_SHEET, { state: 'hidden' });
  planWs.getCell('A1').value = 'Sampling plan (JSON): read by qc-report; do not edit';
  planWs.getCell('A2').value = JSON.stringify(input.planRecord);
  await planWs.protect('', {});
  return wb;
}

function writeRow(sheet: ExcelJS.Worksheet, r: number, row: (string | number)[]): void {
  row.forEach((v, c) => { sheet.getCell(r, c + 1).value = v === '' ? null : v; });
}
