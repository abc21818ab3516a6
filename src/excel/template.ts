import { columnLetter } from '../core/sheet/address';
import type { Standard } from '../core/standard/schema';
import { buildTemplatePlan, TEXT_FORMAT, type ColumnValidation, type TemplatePlan } from '../core/template/plan';
import { ACTION_COST, Batch, jsonLength } from './budget';
import { withEventsOff, type ExcelHost } from './host';
import { STANDARD_SETTING } from './memory';
import { INTERNAL_SHEET_VISIBILITY } from './internal-sheet';
import { officeErrorAlert, tableName, TemplateTableConflictError } from './template-table';

/**
 * Renders the template plan shared with the CLI into the open workbook. It
 * never overwrites data: a sheet of a needed name that holds values stops the
 * whole operation before anything is written.
 */

export class TemplateConflictError extends Error {
  constructor(readonly sheets: string[]) {
    // No "cannot create the template" here: the pane says that before the reason.
    super(`${sheets.map((s) => `"${s}"`).join(', ')} already ${sheets.length === 1 ? 'exists and contains' : 'exist and contain'} data. Rename or move ${sheets.length === 1 ? 'that sheet' : 'those sheets'} first; nothing was changed.`);
    this.name = 'TemplateConflictError';
  }
}

export const HEADER_FILL = { required: '#1F4E78', optional: '#D9E1F2' } as const;
export const HEADER_FONT = { required: '#FFFFFF', optional: '#1F2937' } as const;

/** Excel widths are in points; the plan's are in characters of the default font (7 px + 5 px padding, 0.75 pt/px). */
export const charsToPoints = (chars: number): number => Math.round((chars * 7 + 5) * 0.75);

function ruleFor(v: ColumnValidation): Excel.DataValidationRule {
  switch (v.kind) {
    case 'list': return { list: { inCellDropDown: true, source: v.source } };
    case 'wholeNumber': return { wholeNumber: { formula1: v.min, operator: 'GreaterThanOrEqualTo' } };
    case 'date': return { date: { formula1: '1900-01-01', operator: 'GreaterThanOrEqualTo' } };
    case 'textLength': return { textLength: { formula1: v.max, operator: 'LessThanOrEqualTo' } };
  }
}

export interface TemplateResult {
  plan: TemplatePlan;
  created: string[];
  reused: string[];
  /** What this Excel could not do (e.g. drop-down lists and input messages below ExcelApi 1.8). */
  degraded: string[];
}

export async function generateTemplate(host: ExcelHost, std: Standard): Promise<TemplateResult> {
  const plan = buildTemplatePlan(std);
  const names = [plan.instructions.name, ...plan.sheets.map((s) => s.name), plan.lists.name];
  // Data validation (lists, prompts) arrived in ExcelApi 1.8; the manifest's minimum is 1.7.
  const canValidate = host.isSetSupported('ExcelApi', '1.8');
  const degraded = canValidate ? [] : ['This Excel does not support data validation (ExcelApi 1.8): the template has no drop-down lists or input messages; Validate still checks every value.'];
  return host.run(async (ctx) => {
    const existing = names.map((n) => ({ name: n, ws: ctx.workbook.worksheets.getItemOrNullObject(n) }));
    const sameName = plan.sheets.map((s) => ({ name: tableName(s.name), t: ctx.workbook.tables.getItemOrNullObject(tableName(s.name)) }));
    await ctx.sync();
    const found = existing.filter((x) => !x.ws.isNullObject).map((x) => ({ ...x, used: x.ws.getUsedRangeOrNullObject(true), tables: x.ws.tables.getCount() }));
    if (found.length) await ctx.sync();
    const conflicts = found.filter((x) => !x.used.isNullObject).map((x) => x.name);
    if (conflicts.length) throw new TemplateConflictError(conflicts);
    // An empty sheet may still hold a table (say, a template whose data was cleared): a new one would overlap it.
    const withTables = found.filter((x) => x.tables.value > 0).map((x) => x.name);
    const taken = sameName.filter((x) => !x.t.isNullObject).map((x) => x.name);
    if (withTables.length || taken.length) throw new TemplateTableConflictError(withTables, taken);
    const reuse = new Set(found.map((x) => x.name));
    const sheetOf = (name: string) => (reuse.has(name) ? ctx.workbook.worksheets.getItem(name) : ctx.workbook.worksheets.add(name));

    await withEventsOff(host, ctx, async () => {
      const batch = new Batch(ctx);

      const ins = sheetOf(plan.instructions.name);
      const width = Math.max(1, ...plan.instructions.rows.map((r) => r.length));
      const insRows = plan.instructions.rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
      const insRange = ins.getRange(`A1:${columnLetter(width - 1)}${insRows.length}`);
      // Text stays text: instructions and list values are never parsed as numbers, dates or formulas.
      insRange.numberFormat = insRows.map((r) => r.map(() => TEXT_FORMAT));
      insRange.values = insRows;
      ins.getRange('A1').format.font.bold = true;
      const howTo = plan.instructions.rows.findIndex((r) => r[0] === 'How to fill this workbook');
      if (howTo >= 0) ins.getRange(`A${howTo + 1}`).format.font.bold = true;
      ins.getRange('A:A').format.columnWidth = charsToPoints(24);
      await batch.reserve(ACTION_COST * 6 + jsonLength(insRows) * 2);

      for (const sheet of plan.sheets) {
        const ws = sheetOf(sheet.name);
        const n = sheet.columns.length;
        const header = ws.getRange(`A1:${columnLetter(n - 1)}1`);
        header.numberFormat = [sheet.columns.map(() => TEXT_FORMAT)];
        header.values = [sheet.columns.map((c) => c.header)];
        header.format.font.bold = true;
        // Header row + one empty data row as a table: what is set on its columns reaches every row it gains.
        const table = ws.tables.add(header, true);
        table.name = tableName(sheet.name);
        await batch.reserve(ACTION_COST * 4 + jsonLength(sheet.columns.map((c) => c.header)) * 2 + 40 * n);
        for (let i = 0; i < n; i++) {
          const col = sheet.columns[i]!;
          const L = columnLetter(i);
          const head = ws.getRange(`${L}1`);
          const kind = col.required ? 'required' : 'optional';
          head.format.fill.color = HEADER_FILL[kind];
          head.format.font.color = HEADER_FONT[kind];
          if (canValidate) head.dataValidation.prompt = { showPrompt: true, title: col.promptTitle, message: col.prompt };
          ws.getRange(`${L}:${L}`).format.columnWidth = charsToPoints(col.width);
          const data = table.columns.getItemAt(i).getDataBodyRange();
          data.numberFormat = [[col.numberFormat]];
          if (canValidate) {
            if (col.validation) data.dataValidation.rule = ruleFor(col.validation);
            data.dataValidation.prompt = { showPrompt: true, title: col.promptTitle, message: col.prompt };
            if (col.errorAlert) data.dataValidation.errorAlert = officeErrorAlert(col.errorAlert);
          }
          await batch.reserve(ACTION_COST * 14 + col.numberFormat.length + 2 * (col.prompt.length + 60) + (col.errorAlert?.message.length ?? 0) + 60);
        }
        ws.freezePanes.freezeRows(1);
      }

      const lists = sheetOf(plan.lists.name);
      plan.lists.columns.forEach((lc, j) => {
        const L = columnLetter(j);
        const cells = [[lc.header], ...lc.values.map((v) => [v])];
        const r = lists.getRange(`${L}1:${L}${cells.length}`);
        r.numberFormat = cells.map(() => [TEXT_FORMAT]);
        r.values = cells;
      });
      if (plan.lists.columns.length) lists.getRange(`A1:${columnLetter(plan.lists.columns.length - 1)}1`).format.font.bold = true;
      lists.visibility = INTERNAL_SHEET_VISIBILITY;
      await batch.reserve(ACTION_COST * 3 * plan.lists.columns.length + jsonLength(plan.lists) * 2);

      ctx.workbook.settings.add(STANDARD_SETTING, JSON.stringify(plan.standard));
      ins.position = 0;
      ins.activate();
      await batch.flush();
    });
    return { plan, created: names.filter((n) => !reuse.has(n)), reused: [...reuse], degraded };
  });
}

/** The standard a template was made from, as stored in the workbook (null when none). */
export async function readTemplateStandard(host: ExcelHost): Promise<{ id: string; name: string; version: string } | null> {
  return host.run(async (ctx) => {
    const s = ctx.workbook.settings.getItemOrNullObject(STANDARD_SETTING).load('value');
    await ctx.sync();
    if (s.isNullObject) return null;
    try {
      return JSON.parse(String(s.value)) as { id: string; name: string; version: string };
    } catch {
      return null;
    }
  });
}
