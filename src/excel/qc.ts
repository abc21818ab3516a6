import { columnLetter } from '../core/sheet/address';
import type { SheetData, CellValue } from '../core/model/sheet';
import { QC_CHECKLIST_SHEET, QC_LISTS_SHEET, QC_PLAN_SHEET, type QcSheetSpec, type QcSheetsModel } from '../core/qc/workbook';
import { ISSUES_SHEET } from '../core/qc/tracker';
import { QC_SHEET } from '../core/qc/sheet';
import { api, withEventsOff, type ExcelHost } from './host';
import { INTERNAL_SHEET_VISIBILITY } from './internal-sheet';

/**
 * The QC sheets in the open workbook: written once from the pane, then filled
 * by reviewers in Excel and read back. A workbook that already has any of
 * these sheets is refused before anything is written: a filled QC sheet is a
 * reviewer's work and is never replaced.
 */

export class QcConflictError extends Error {
  constructor(readonly sheets: string[]) {
    super(`This workbook already has ${sheets.map((s) => `"${s}"`).join(', ')}: a QC sample was drawn before. Rename or delete ${sheets.length === 1 ? 'that sheet' : 'those sheets'} to draw a new one; nothing was changed.`);
    this.name = 'QcConflictError';
  }
}

export const QC_SHEET_NAMES = [QC_SHEET, ISSUES_SHEET, QC_CHECKLIST_SHEET, QC_LISTS_SHEET, QC_PLAN_SHEET];
const TEXT = '@';

function grid(values: (string | number)[][]): string[][] {
  const width = Math.max(1, ...values.map((r) => r.length));
  return values.map((r) => Array.from({ length: width }, (_, i) => (r[i] === undefined ? '' : String(r[i]))));
}

function writeGrid(ws: Excel.Worksheet, values: (string | number)[][]): { rows: number; cols: number } {
  const g = grid(values);
  const range = ws.getRange(`A1:${columnLetter(g[0]!.length - 1)}${g.length}`);
  // Everything as text: "001" stays "001", a date stays the text the source had.
  range.numberFormat = g.map((r) => r.map(() => TEXT));
  range.values = g;
  return { rows: g.length, cols: g[0]!.length };
}

function renderSheet(host: ExcelHost, ws: Excel.Worksheet, spec: QcSheetSpec, spareRows: number): void {
  const { rows, cols } = writeGrid(ws, spec.values);
  const header = ws.getRange(`A1:${columnLetter(cols - 1)}1`);
  header.format.font.bold = true;
  header.format.fill.color = '#1F6F78';
  header.format.font.color = '#FFFFFF';
  ws.freezePanes.freezeRows(1);
  const last = Math.max(rows, 2) + spareRows;
  for (const c of spec.inputColumns) {
    const col = columnLetter(c);
    const input = ws.getRange(`${col}2:${col}${last}`);
    input.format.protection.locked = false;
    input.format.fill.color = '#FFF8E1';
  }
  if (api(host, '1.8')) {
    for (const l of spec.lists) {
      const col = columnLetter(l.column);
      ws.getRange(`${col}2:${col}${last}`).dataValidation.rule = { list: { inCellDropDown: true, source: l.source } };
    }
  }
  ws.getRange(`A1:${columnLetter(cols - 1)}1`).format.autofitColumns();
  // Structure locked: rows and columns cannot be inserted or deleted by mistake; filter and sort stay available.
  ws.protection.protect({ allowAutoFilter: true, allowSort: true, allowFormatColumns: true, allowFormatRows: true, allowInsertRows: false, allowDeleteRows: false, allowInsertColumns: false, allowDeleteColumns: false });
}

export async function writeQcSheets(host: ExcelHost, model: QcSheetsModel): Promise<{ sheets: string[]; notes: string[] }> {
  return host.run(async (ctx) => {
    const existing = QC_SHEET_NAMES.map((n) => ({ name: n, ws: ctx.workbook.worksheets.getItemOrNullObject(n) }));
    await ctx.sync();
    const taken = existing.filter((x) => !x.ws.isNullObject).map((x) => x.name);
    if (taken.length) throw new QcConflictError(taken);
    await withEventsOff(host, ctx, async () => {
      const add = (name: string) => ctx.workbook.worksheets.add(name);
      renderSheet(host, add(QC_SHEET), model.qc, 0);
      renderSheet(host, add(ISSUES_SHEET), model.issues, 200);
      const ck = add(QC_CHECKLIST_SHEET);
      writeGrid(ck, model.checklist);
      ck.getRange('A1').format.font.bold = true;
      ck.getRange('A:A').format.columnWidth = 100;
      ck.getRange('B:B').format.columnWidth = 500;
      const lists = add(QC_LISTS_SHEET);
      writeGrid(lists, model.lists);
      lists.visibility = INTERNAL_SHEET_VISIBILITY;
      const plan = add(QC_PLAN_SHEET);
      writeGrid(plan, [['Sampling plan (JSON): read by the QC report; do not edit'], [model.planJson]]);
      plan.visibility = INTERNAL_SHEET_VISIBILITY;
      await ctx.sync();
    });
    return { sheets: [QC_SHEET, ISSUES_SHEET, QC_CHECKLIST_SHEET], notes: api(host, '1.8') ? [] : ['This Excel does not support data validation (ExcelApi 1.8): the verdict and cause columns have no drop-down lists; the QC report still checks every entry.'] };
  });
}

/** A used range as sheet data with Excel's row numbers; columns left of it padded so positions match the headers. */
function toSheet(name: string, values: unknown[][], rowIndex: number, columnIndex: number): SheetData {
  const pad = (r: unknown[]) => [...Array.from({ length: columnIndex }, () => null), ...r];
  const all = values.map(pad);
  // A used range that does not start on row 1 has lost its header row: the parser reports the missing headers.
  const headers = rowIndex === 0 ? (all[0] ?? []).map((v) => String(v ?? '').trim()) : [];
  const rows: CellValue[][] = [];
  const rowNumbers: number[] = [];
  all.slice(rowIndex === 0 ? 1 : 0).forEach((r, i) => {
    const row = r.map((v) => (v === '' || v === undefined ? null : (v as CellValue)));
    if (row.some((v) => v !== null && String(v).trim() !== '')) { rows.push(row); rowNumbers.push(rowIndex + (rowIndex === 0 ? 2 : 1) + i); }
  });
  return { name, headers, rows, rowNumbers };
}

/** The filled QC sheets (null when absent or empty). */
export async function readQcSheets(host: ExcelHost): Promise<{ qc: SheetData | null; issues: SheetData | null; planJson: string | null }> {
  return host.run(async (ctx) => {
    const names = [QC_SHEET, ISSUES_SHEET, QC_PLAN_SHEET];
    const sheets = names.map((n) => ctx.workbook.worksheets.getItemOrNullObject(n));
    await ctx.sync();
    const used = sheets.map((ws) => (ws.isNullObject ? null : ws.getUsedRangeOrNullObject(true).load(['values', 'rowIndex', 'columnIndex'])));
    await ctx.sync();
    const sheet = (i: number) => { const u = used[i]; return u && !u.isNullObject ? toSheet(names[i]!, u.values, u.rowIndex, u.columnIndex) : null; };
    const plan = sheet(2);
    const planCell = plan?.rows[0]?.[0];
    return { qc: sheet(0), issues: sheet(1), planJson: typeof planCell === 'string' ? planCell : null };
  });
}
