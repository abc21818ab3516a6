import { a1, columnLetter } from '../core/sheet/address';
import type { CellFormat, DashboardCell, DashboardChart, DashboardModel } from '../core/kpi/dashboard';
import { goalStatusLabel, transferStatusLabel } from '../core/labels';
import { ACTION_COST, Batch, jsonLength } from './budget';
import { api, withEventsOff, type ExcelHost } from './host';

/**
 * The Dashboard worksheet: the same renderer-neutral model the CLI writes to
 * an .xlsx (src/cli/report.ts), rendered through Office.js with native charts,
 * so a lead can send the workbook as it is. The sheet is the add-in's own: it
 * is replaced on every run, and its id is remembered in the workbook's
 * settings so a user's sheet that happens to be called "Dashboard" is never
 * deleted.
 */

export const DASHBOARD_SHEET = 'Dashboard';
export const DASHBOARD_SETTING = 'ctmsCollect.dashboardSheet';

export class DashboardConflictError extends Error {
  constructor() {
    super(`Cannot create the Dashboard sheet: this workbook already has a sheet named "${DASHBOARD_SHEET}" that CTMS Collect did not create. Rename or move it first; nothing was changed.`);
    this.name = 'DashboardConflictError';
  }
}

export interface DashboardSheetResult {
  sheet: string;
  charts: number;
  /** What the host could not do (e.g. a combined Pareto chart before ExcelApi 1.8). */
  notes: string[];
}

const NUMBER_FORMATS: Record<CellFormat, string> = { text: '@', int: '#,##0', percent: '0.0%', decimal: '0.00', bytes: '#,##0' };
const TITLE_FILL = '#1F4E78';
const HEADER_FILL = '#D9E1F2';
/** Chart grid: columns I–P, 18 rows per chart; chart data blocks from column R. */
const CHART_COL = 8;
const CHART_LAST_COL = 15;
const CHART_ROWS = 18;
const DATA_COL = 17;
const TABLE_COLS = 7;

interface Block {
  top: number;
  left: number;
  values: (string | number)[][];
  formats: string[][];
  bold: number[];
  header?: number;
  title?: number;
}

const cellOf = (v: DashboardCell): string | number => (v === null ? '' : v);

/** Lay the model out as plain blocks of cells first, so the write is a few large range assignments. */
function layout(model: DashboardModel): { blocks: Block[]; lastRow: number } {
  const blocks: Block[] = [];
  let row = 1;
  blocks.push({ top: row, left: 0, values: [[model.title], [model.subtitle]], formats: [['@'], ['@']], bold: [0], title: 0 });
  row += 3;
  const tiles = model.tiles.map((t) => [t.label, t.raw === null ? t.value : t.raw, t.goal ?? '', goalStatusLabel(t.status)]);
  blocks.push({
    top: row, left: 0,
    values: [['Headline figures', '', '', ''], ['Indicator', 'Value', 'Goal', 'Status'], ...tiles],
    formats: [['@', '@', '@', '@'], ['@', '@', '@', '@'], ...model.tiles.map((t) => ['@', t.raw === null ? '@' : NUMBER_FORMATS[t.format], '@', '@'])],
    bold: [0, 1], header: 1,
  });
  row += tiles.length + 3;
  for (const t of model.tables) {
    const width = Math.min(TABLE_COLS, t.headers.length);
    const cut = <T,>(r: T[]) => r.slice(0, width);
    const pad = (r: (string | number)[]) => Array.from({ length: width }, (_, i) => r[i] ?? '');
    // A transfer's state in people's words ("Rolled back", not the log's enum value).
    const status = t.id === 'transfers' ? t.headers.indexOf('Status') : -1;
    const said = (r: DashboardCell[]) => r.map((v, i) => (i === status && typeof v === 'string' ? transferStatusLabel(v) : cellOf(v)));
    const values = [pad([t.title]), cut(t.headers), ...t.rows.map((r) => cut(said(r)))];
    const formats = [pad(['@']).map(() => '@'), cut(t.headers).map(() => '@'), ...t.rows.map(() => cut(t.formats).map((f) => NUMBER_FORMATS[f]))];
    if (t.note) { values.push(pad([t.note])); formats.push(pad(['@']).map(() => '@')); }
    blocks.push({ top: row, left: 0, values, formats, bold: [0, 1], header: 1 });
    row += values.length + 1;
  }
  return { blocks, lastRow: row };
}

/** One data block per chart (category column, then one column per series), stacked from column R. */
function chartData(chart: DashboardChart, top: number, withSecondary: boolean): Block & { source: string; rows: number; cols: number } {
  const series = chart.kind === 'pareto' && !withSecondary ? chart.series.filter((s) => s.axis !== 'secondary') : chart.series;
  const goal = chart.kind === 'pareto' && withSecondary && chart.goalLine ? chart.goalLine : null;
  const header = ['Category', ...series.map((s) => s.name), ...(goal ? [goal.label] : [])];
  const rows = chart.categories.map((c, i) => [c, ...series.map((s) => s.values[i] ?? 0), ...(goal ? [goal.value] : [])]);
  const formats = [header.map(() => '@'), ...rows.map(() => ['@', ...series.map((s) => NUMBER_FORMATS[s.format]), ...(goal ? [NUMBER_FORMATS.percent] : [])])];
  const dataTop = top + 1;
  const source = `${a1(DATA_COL, dataTop)}:${a1(DATA_COL + header.length - 1, dataTop + rows.length)}`;
  return {
    top, left: DATA_COL, values: [[`Chart data: ${chart.title}`, ...header.slice(1).map(() => '')], header, ...rows],
    formats: [header.map(() => '@'), ...formats], bold: [0, 1], header: 1, source, rows: rows.length, cols: header.length,
  };
}

const CHART_TYPE: Record<DashboardChart['kind'], string> = { pareto: 'ColumnClustered', column: 'ColumnClustered', bar: 'BarClustered' };

export async function writeDashboardSheet(host: ExcelHost, model: DashboardModel): Promise<DashboardSheetResult> {
  const notes: string[] = [];
  // Series chart types are ExcelApi 1.7 and secondary axes 1.8: without both, the Pareto shows its counts only.
  const combo = api(host, '1.8');
  if (!combo && model.charts.some((c) => c.kind === 'pareto' && c.categories.length)) {
    notes.push('This Excel cannot combine columns and a line on a second axis (ExcelApi 1.8): the Pareto chart shows counts; the cumulative share is in its table.');
  }
  return host.run(async (ctx) => {
    const existing = ctx.workbook.worksheets.getItemOrNullObject(DASHBOARD_SHEET).load('id');
    const mark = ctx.workbook.settings.getItemOrNullObject(DASHBOARD_SETTING).load('value');
    await ctx.sync();
    if (!existing.isNullObject && (mark.isNullObject || mark.value !== existing.id)) throw new DashboardConflictError();

    let written = 0;
    let sheetId = '';
    await withEventsOff(host, ctx, async () => {
      const batch = new Batch(ctx);
      // Ours: replaced whole, so charts and stale rows from a larger earlier run never linger.
      if (!existing.isNullObject) existing.delete();
      const ws = ctx.workbook.worksheets.add(DASHBOARD_SHEET);

      const { blocks } = layout(model);
      let dataRow = 1;
      const charts: { chart: DashboardChart; data: ReturnType<typeof chartData> }[] = [];
      for (const c of model.charts) {
        if (!c.categories.length || !c.series.length) continue;
        const data = chartData(c, dataRow, combo);
        charts.push({ chart: c, data });
        blocks.push(data);
        dataRow += data.values.length + 1;
      }

      for (const b of blocks) {
        const width = Math.max(...b.values.map((r) => r.length));
        const values = b.values.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        const formats = b.formats.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? '@'));
        const range = ws.getRange(`${a1(b.left, b.top)}:${a1(b.left + width - 1, b.top + values.length - 1)}`);
        // Formats first: text such as site "001" or a title starting with "=" must not be parsed.
        range.numberFormat = formats;
        range.values = values;
        for (const r of b.bold) ws.getRange(`${a1(b.left, b.top + r)}:${a1(b.left + width - 1, b.top + r)}`).format.font.bold = true;
        if (b.header !== undefined) ws.getRange(`${a1(b.left, b.top + b.header)}:${a1(b.left + width - 1, b.top + b.header)}`).format.fill.color = HEADER_FILL;
        if (b.title !== undefined) {
          const t = ws.getRange(a1(b.left, b.top + b.title));
          t.format.font.color = TITLE_FILL;
        }
        await batch.reserve(ACTION_COST * 8 + jsonLength(values) * 2 + jsonLength(formats));
      }
      ws.getRange('A:A').format.columnWidth = 220;
      ws.getRange(`B:${columnLetter(TABLE_COLS - 1)}`).format.columnWidth = 90;
      ws.getRange(`${columnLetter(DATA_COL)}:${columnLetter(DATA_COL)}`).format.columnWidth = 160;

      charts.forEach(({ chart, data }, i) => {
        const xl = ws.charts.add(CHART_TYPE[chart.kind] as Excel.ChartType, ws.getRange(data.source), 'Columns' as Excel.ChartSeriesBy);
        xl.name = `CTMS ${chart.id}`;
        xl.title.text = chart.title;
        xl.legend.position = 'Bottom';
        const top = 4 + i * (CHART_ROWS + 1);
        xl.setPosition(a1(CHART_COL, top), a1(CHART_LAST_COL, top + CHART_ROWS - 1));
        const counts = chart.series.every((s) => s.format === 'int' || s.axis === 'secondary');
        if (counts && combo) xl.axes.valueAxis.numberFormat = '#,##0';
        if (chart.kind === 'pareto' && combo) {
          for (let k = 1; k < data.cols - 1; k++) {
            const s = xl.series.getItemAt(k);
            s.chartType = 'Line' as Excel.ChartType;
            s.axisGroup = 'Secondary' as Excel.ChartAxisGroup;
          }
          const secondary = xl.axes.getItem('Value' as Excel.ChartAxisType, 'Secondary' as Excel.ChartAxisGroup);
          secondary.minimum = 0;
          secondary.maximum = 1;
          secondary.numberFormat = '0%';
        }
      });
      written = charts.length;
      await batch.reserve(ACTION_COST * 14 * charts.length);
      ws.activate();
      ws.load('id');
      await batch.flush();
      sheetId = ws.id;
    });
    // Remembered only once the sheet exists: a failed run leaves no claim on a user's future "Dashboard".
    ctx.workbook.settings.add(DASHBOARD_SETTING, sheetId);
    await ctx.sync();
    return { sheet: DASHBOARD_SHEET, charts: written, notes };
  });
}
