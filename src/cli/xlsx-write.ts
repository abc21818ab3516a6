import ExcelJS from 'exceljs';
import type { Standard } from '../core/standard/schema';
import { buildTemplatePlan, LAST_ROW, DATE_FORMAT, TEXT_FORMAT, type TemplateColumn } from '../core/template/plan';
import { columnLetter, a1 } from '../core/sheet/address';
import type { VerifyResult } from '../core/verify/engine';
import { issueMessage, proposalMessage, MARK_COLORS, type MarkKind } from '../core/verify/messages';
import { headerOf } from '../core/report/json';
import { proposedCellValue } from '../core/transform/apply';
import type { Proposal } from '../core/model/issue';

const argb = (hex: string) => `FF${hex.replace('#', '').toUpperCase()}`;
const HEADER_FILL = '#1F6F78';
const HEADER_FILL_OPTIONAL = '#5FA3AA';

function validationOf(c: TemplateColumn): ExcelJS.DataValidation | null {
  const prompt = { showInputMessage: true, promptTitle: c.promptTitle, prompt: c.prompt };
  const v = c.validation;
  if (!v) return { type: 'any', allowBlank: true, formulae: [], ...prompt, showErrorMessage: false } as unknown as ExcelJS.DataValidation;
  // The alert's style and words come from the plan: the same rule as the pane's template.
  const alert = c.errorAlert ? { showErrorMessage: true, errorStyle: c.errorAlert.style, errorTitle: c.errorAlert.title, error: c.errorAlert.message } : { showErrorMessage: false };
  switch (v.kind) {
    case 'list':
      return { type: 'list', allowBlank: true, formulae: [v.source.replace(/^=/, '')], ...prompt, ...alert };
    case 'wholeNumber':
      return { type: 'whole', operator: 'greaterThanOrEqual', allowBlank: true, formulae: [v.min], ...prompt, ...alert };
    case 'date':
      return { type: 'date', operator: 'greaterThan', allowBlank: true, formulae: [new Date(Date.UTC(1900, 0, 1))], ...prompt, ...alert };
    case 'textLength':
      return { type: 'textLength', operator: 'lessThanOrEqual', allowBlank: true, formulae: [v.max], ...prompt, ...alert };
  }
}

/** The collection template, rendered from the plan shared with the add-in. */
export function buildTemplateWorkbook(std: Standard): ExcelJS.Workbook {
  const plan = buildTemplatePlan(std);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CTMS Collect';
  wb.title = `${plan.standard.name} collection template`;
  wb.subject = `${plan.standard.id}@${plan.standard.version}`;
  wb.keywords = `ctms-collect standard=${plan.standard.id} version=${plan.standard.version}`;

  const ins = wb.addWorksheet(plan.instructions.name, { properties: { tabColor: { argb: argb(HEADER_FILL) } } });
  plan.instructions.rows.forEach((r) => ins.addRow(r));
  ins.getColumn(1).width = 24;
  ins.getColumn(2).width = 90;
  ins.getCell('A1').font = { bold: true, size: 14 };
  ins.getCell('A4').font = { bold: true };

  for (const sheet of plan.sheets) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
    sheet.columns.forEach((c, i) => {
      const col = ws.getColumn(i + 1);
      col.width = c.width;
      const head = ws.getCell(1, i + 1);
      head.value = c.header;
      head.font = { bold: true, color: { argb: 'FFFFFFFF' } };
      head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(c.required ? HEADER_FILL : HEADER_FILL_OPTIONAL) } };
      head.note = `${c.header}\n${c.prompt}`;
      head.alignment = { vertical: 'middle' };
      const letter = columnLetter(i);
      // Whole column below the header: one rule per column covers every row a user can reach.
      const range = `${letter}2:${letter}${LAST_ROW}`;
      const dv = validationOf(c);
      if (dv) (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(range, dv);
      // Formats on the column so values typed later keep their type (text stays text, dates are dates).
      col.numFmt = c.numberFormat === DATE_FORMAT ? DATE_FORMAT : c.numberFormat === TEXT_FORMAT ? TEXT_FORMAT : c.numberFormat;
      head.numFmt = 'General';
    });
    ws.autoFilter = { from: 'A1', to: a1(sheet.columns.length - 1, 1) };
  }

  const lists = wb.addWorksheet(plan.lists.name, { state: 'hidden' });
  plan.lists.columns.forEach((c, i) => {
    lists.getCell(1, i + 1).value = c.header;
    c.values.forEach((v, j) => { lists.getCell(j + 2, i + 1).value = v; });
  });
  return wb;
}

/**
 * ExcelJS shares one style object between all cells read with the same style
 * (and between a column and its cells): setting `cell.fill` would repaint
 * every cell sharing it. Give the cell its own copy first.
 */
export function restyle(cell: ExcelJS.Cell, change: Partial<ExcelJS.Style>): void {
  cell.style = { ...cell.style, ...change };
}

function markFill(kind: MarkKind): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(MARK_COLORS[kind]) } };
}

/**
 * A copy of the workbook with each flagged cell filled (errors, warnings and
 * proposals in different colours) and a note saying why.
 */
export function annotateWorkbook(wb: ExcelJS.Workbook, std: Standard, result: VerifyResult): number {
  const notes = collectMarks(std, result);
  for (const n of notes.values()) {
    const ws = wb.getWorksheet(n.sheet);
    if (!ws) continue;
    const cell = ws.getCell(n.address);
    restyle(cell, { fill: markFill(n.kind) });
    cell.note = n.lines.join('\n');
  }
  return notes.size;
}

export interface Mark { kind: MarkKind; lines: string[]; sheet: string; address: string }

/** Each flagged cell once, with the strongest kind of mark and every reason (shared by both writers). */
export function collectMarks(std: Standard, result: VerifyResult): Map<string, Mark> {
  const notes = new Map<string, Mark>();
  const rank: Record<MarkKind, number> = { error: 3, warning: 2, proposal: 1, info: 0 };
  const add = (sheet: string, address: string, kind: MarkKind, line: string) => {
    const k = `${sheet}!${address}`;
    const hit = notes.get(k);
    if (!hit) notes.set(k, { kind, lines: [line], sheet, address });
    else {
      hit.lines.push(line);
      if (rank[kind] > rank[hit.kind]) hit.kind = kind;
    }
  };
  for (const i of result.issues) {
    const h = headerOf(std, i.sheet, i.field, String(i.params.header ?? ''));
    const msg = `${i.severity === 'info' ? 'Note' : i.severity === 'error' ? 'Error' : 'Warning'} (${i.ruleId}): ${issueMessage(i, h)}`;
    for (const c of i.cells) add(i.sheet, c, i.severity === 'info' ? 'info' : i.severity, msg);
  }
  for (const p of result.proposals) add(p.sheet, a1(p.col, p.row), 'proposal', proposalMessage(p));
  return notes;
}

/** Text that Excel would read as a formula or a number stays text. */
export function needsTextFormat(v: string): boolean {
  return /^[=+\-@]/.test(v) || /^0\d/.test(v) || /^\d+(\.\d+)?(e\d+)?$/i.test(v);
}

/** Write accepted proposals into the workbook's cells (dates as dates, risky text as text). */
export function applyToWorkbook(wb: ExcelJS.Workbook, proposals: Proposal[]): number {
  let n = 0;
  for (const p of proposals) {
    const ws = wb.getWorksheet(p.sheet);
    if (!ws) continue;
    const cell = ws.getCell(p.row, p.col + 1);
    const v = proposedCellValue(p);
    if (v instanceof Date) restyle(cell, { numFmt: DATE_FORMAT });
    else if (typeof v === 'string' && needsTextFormat(v)) restyle(cell, { numFmt: TEXT_FORMAT });
    cell.value = v as ExcelJS.CellValue;
    n++;
  }
  return n;
}
