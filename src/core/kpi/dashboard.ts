import type { Kpis, ProgressNode } from './compute';
import type { ParetoItem } from './pareto';
import { familyLabel } from '../labels';

/**
 * A renderer-neutral description of the Dashboard: the CLI renders it to an
 * .xlsx sheet (ExcelJS + native chart parts) and to a self-contained HTML
 * page, the Office JavaScript adapter to a Dashboard worksheet with native charts, the
 * task pane to Fluent UI. Numbers stay numbers; `format` says how to show them.
 */

export type CellFormat = 'text' | 'int' | 'percent' | 'decimal' | 'bytes';
export type DashboardCell = string | number | null;

export interface DashboardTile {
  id: string;
  label: string;
  /** Formatted for display ("97.5%"). */
  value: string;
  raw: number | null;
  format: CellFormat;
  /** Formatted goal ("≥ 98%"), when the KPI has one. */
  goal?: string;
  /** met / missed against the goal; info when there is no goal or no data. */
  status: 'met' | 'missed' | 'info';
}

export interface DashboardTable {
  id: string;
  title: string;
  headers: string[];
  /** One format per column. */
  formats: CellFormat[];
  rows: DashboardCell[][];
  /** Shown under the table (definitions, empty-state text). */
  note?: string;
}

export interface DashboardSeries {
  name: string;
  values: number[];
  format: CellFormat;
  /** How the series is drawn: bars (default) or a line (the Pareto's cumulative share). */
  type?: 'bar' | 'line';
  /** The Pareto's cumulative share goes on a secondary 0–100% axis. */
  axis?: 'primary' | 'secondary';
}

export interface DashboardChart {
  id: string;
  /** bar: horizontal bars; column: vertical bars; pareto: columns by count plus a cumulative-share line on a secondary axis. */
  kind: 'bar' | 'pareto' | 'column';
  title: string;
  /** Text alternative for screen readers and the chart's description in the workbook. */
  alt: string;
  categories: string[];
  series: DashboardSeries[];
  /** A horizontal marker on the secondary axis (the Pareto cut, 0.8). */
  goalLine?: { value: number; label: string; axis: 'primary' | 'secondary' };
}

export interface DashboardModel {
  title: string;
  subtitle: string;
  generatedAt: string | null;
  tiles: DashboardTile[];
  tables: DashboardTable[];
  charts: DashboardChart[];
}

export interface DashboardOptions {
  title?: string;
  /** The workbook's name, shown in the subtitle. */
  source?: string;
  /** UTC ISO time of generation (the model stays pure: the caller passes the clock). */
  generatedAt?: string;
  /** More sites than this: the progress chart shows studies instead (default 25). */
  maxChartSites?: number;
}

/** Display a number the way the dashboard shows it. */
export function formatValue(v: DashboardCell, format: CellFormat): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  switch (format) {
    case 'percent': return `${trimZeros((v * 100).toFixed(v === 1 || v === 0 ? 0 : 1))}%`;
    case 'decimal': return trimZeros(v.toFixed(2));
    case 'int': return Math.round(v).toLocaleString('en-US');
    case 'bytes': return v < 1024 ? `${v} B` : v < 1024 * 1024 ? `${(v / 1024).toFixed(1)} KB` : `${(v / 1024 / 1024).toFixed(1)} MB`;
    case 'text': return String(v);
  }
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

const pct = (v: number) => formatValue(v, 'percent');

function goalStatus(met: boolean | null): DashboardTile['status'] {
  return met === null ? 'info' : met ? 'met' : 'missed';
}

function flatten(node: ProgressNode, study = ''): DashboardCell[][] {
  const level = node.level === 'project' ? 'Project' : node.level === 'study' ? 'Study' : 'Site';
  const row: DashboardCell[] = [level, node.level === 'project' ? '' : node.level === 'study' ? node.label : study, node.level === 'site' ? node.label : '',
    node.collected, node.validatedClean, node.transferred, node.reconciled];
  return [row, ...node.children.flatMap((c) => flatten(c, node.level === 'study' ? node.label : study))];
}

function paretoTable(id: string, title: string, what: string, plural: string, items: ParetoItem[], cut: number, name: (key: string) => string = (k) => k): DashboardTable {
  return {
    id, title,
    headers: [what, 'Errors', 'Share', 'Cumulative share', `In ${pct(cut)} cut`],
    formats: ['text', 'int', 'percent', 'percent', 'text'],
    rows: items.map((p) => [name(p.key), p.count, p.share, p.cumulative, p.inCut ? 'yes' : 'no']),
    note: items.length ? `Sorted by errors; the ${plural} marked "yes" account for ${pct(cut)} of errors (the one that reaches ${pct(cut)} included).` : 'No errors.',
  };
}

export function dashboardModel(k: Kpis, opts: DashboardOptions = {}): DashboardModel {
  const g = k.goals;
  const tiles: DashboardTile[] = [
    { id: 'accuracy-cells', label: 'Data accuracy (cells)', raw: k.accuracy.cells.value, value: formatValue(k.accuracy.cells.value, 'percent'), format: 'percent', goal: `≥ ${pct(g.accuracy)}`, status: goalStatus(k.accuracy.cells.met) },
    { id: 'accuracy-records', label: 'Data accuracy (records)', raw: k.accuracy.records.value, value: formatValue(k.accuracy.records.value, 'percent'), format: 'percent', goal: `≥ ${pct(g.accuracy)}`, status: goalStatus(k.accuracy.records.met) },
    { id: 'qc-error-rate', label: 'QC error rate (errors per 100 cells)', raw: k.qc.per100Cells, value: formatValue(k.qc.per100Cells, 'decimal'), format: 'decimal', goal: `< ${formatValue(g.qcErrorRate, 'decimal')}`, status: goalStatus(k.qc.met) },
    { id: 'records', label: 'Records', raw: k.volume.records, value: formatValue(k.volume.records, 'int'), format: 'int', status: 'info' },
    { id: 'cells', label: 'Cells checked', raw: k.volume.cells, value: formatValue(k.volume.cells, 'int'), format: 'int', status: 'info' },
    { id: 'errors', label: 'Errors', raw: k.qc.errors, value: formatValue(k.qc.errors, 'int'), format: 'int', status: 'info' },
    { id: 'transferred', label: 'Records transferred', raw: k.progress.transferred, value: formatValue(k.progress.transferred, 'int'), format: 'int', status: 'info' },
    { id: 'reconciled', label: 'Records reconciled', raw: k.progress.reconciled, value: k.transfers.reconciliationRun ? formatValue(k.progress.reconciled, 'int') : 'not run', format: 'int', status: 'info' },
  ];

  const kpiRows: DashboardCell[][] = [
    ['Data accuracy (cells)', k.accuracy.cells.value, `≥ ${pct(g.accuracy)}`, k.accuracy.cells.met === null ? '' : k.accuracy.cells.met ? 'met' : 'missed', `${k.accuracy.cells.passed} of ${k.accuracy.cells.total} cells pass every check`],
    ['Data accuracy (records)', k.accuracy.records.value, `≥ ${pct(g.accuracy)}`, k.accuracy.records.met === null ? '' : k.accuracy.records.met ? 'met' : 'missed', `${k.accuracy.records.passed} of ${k.accuracy.records.total} records pass every check`],
    ['QC error rate (per 100 cells)', k.qc.per100Cells, `< ${formatValue(g.qcErrorRate, 'decimal')}`, k.qc.met === null ? '' : k.qc.met ? 'met' : 'missed', `${k.qc.errors} errors in ${k.qc.cellsChecked} cells checked${k.qc.overridden ? `; ${k.qc.overridden} flags overridden` : ''}`],
    ['Warnings', k.qc.warnings, '', '', 'advice; not counted as errors'],
    ['Records', k.volume.records, '', '', k.volume.byEntity.filter((e) => e.present).map((e) => `${e.sheet} ${e.records}`).join(', ')],
    ['Cells checked', k.volume.cells, '', '', ''],
    ['Workbook size', k.volume.workbookBytes, '', '', k.volume.workbookBytes === null ? 'unknown' : formatValue(k.volume.workbookBytes, 'bytes')],
    ['Sites', k.insights.sites, '', '', ''],
    ['Investigators', k.insights.investigators, '', '', k.insights.averageInvestigatorsPerSite === null ? '' : `${formatValue(k.insights.averageInvestigatorsPerSite, 'decimal')} per site on average`],
    ['Validated clean (records)', k.progress.validatedClean, '', '', ''],
    ['Transferred (records)', k.progress.transferred, '', '', `${k.transfers.logs.length} transfer log${k.transfers.logs.length === 1 ? '' : 's'}`],
    ['Reconciled (records)', k.progress.reconciled, '', '', k.transfers.reconciliationRun ? '' : 'no reconciliation given'],
    ['Decisions recorded', k.decisions.total, '', '', `${k.decisions.duplicateMerges} merges, ${k.decisions.duplicateDistinct} kept distinct, ${k.decisions.overrides} overrides, ${k.decisions.mappings} mapping decisions`],
  ];
  // The value column mixes formats: each row's format is given by the first column's kind.
  const rowFormats: CellFormat[] = ['percent', 'percent', 'decimal', 'int', 'int', 'int', 'int', 'int', 'int', 'int', 'int', 'int', 'int'];

  const tables: DashboardTable[] = [
    { id: 'kpis', title: 'Key performance indicators', headers: ['KPI', 'Value', 'Goal', 'Status', 'Basis'], formats: ['text', 'text', 'text', 'text', 'text'],
      rows: kpiRows.map((r, i) => [r[0]!, r[1] === null ? '—' : formatValue(r[1]!, rowFormats[i]!), ...r.slice(2)]) },
    { id: 'volume', title: 'Records per entity', headers: ['Sheet', 'Records', 'Cells checked', 'Errors'], formats: ['text', 'int', 'int', 'int'],
      rows: k.volume.byEntity.map((e) => [e.present ? e.sheet : `${e.sheet} (missing)`, e.records, e.cells, e.errors]) },
    { id: 'progress', title: 'Progress by study and site (records)', headers: ['Level', 'Study', 'Site', 'Collected', 'Validated clean', 'Transferred', 'Reconciled'],
      formats: ['text', 'text', 'text', 'int', 'int', 'int', 'int'], rows: flatten(k.progress),
      note: "A site's records: its Sites row, its Site Staff rows and its people's Investigators rows. A study's: its Studies row and its sites' records. The project: every record." },
    paretoTable('pareto-families', 'Top causes: rule families (Pareto)', 'Family', 'families', k.pareto.families, k.pareto.cut, familyLabel),
    paretoTable('pareto-rules', 'Top causes: rules (Pareto)', 'Rule', 'rules', k.pareto.rules, k.pareto.cut),
    { id: 'sites-by-status', title: 'Sites by status', headers: ['Status', 'Sites'], formats: ['text', 'int'], rows: k.insights.sitesByStatus.map((s) => [s.key, s.count]) },
    { id: 'sites-by-country', title: 'Sites by country', headers: ['Country', 'Sites'], formats: ['text', 'int'], rows: k.insights.sitesByCountry.map((s) => [s.key, s.count]) },
    { id: 'investigators-per-site', title: 'Investigators per site', headers: ['Study', 'Site', 'Investigators'], formats: ['text', 'text', 'int'],
      rows: k.insights.investigatorsPerSite.map((s) => [s.study, s.site, s.investigators]) },
  ];
  if (k.transfers.logs.length) {
    tables.push({ id: 'transfers', title: 'Transfers', headers: ['Transfer', 'Status', 'By', 'Started (UTC)', 'Created', 'Updated', 'Unchanged', 'Failed', 'Held back'],
      formats: ['text', 'text', 'text', 'text', 'int', 'int', 'int', 'int', 'int'],
      rows: k.transfers.logs.map((l) => [l.transferId, l.status, l.who, l.startedAt, l.counts.created, l.counts.updated, l.counts.unchanged, l.counts.failed, l.counts.heldBack]) });
  }

  const charts: DashboardChart[] = [];
  const fam = k.pareto.families;
  charts.push({
    id: 'pareto-families', kind: 'pareto', title: 'Errors by rule family (Pareto)',
    alt: fam.length ? `Pareto chart of ${k.pareto.totalErrors} errors by rule family: ${fam.map((p) => `${familyLabel(p.key)} ${p.count} (cumulative ${pct(p.cumulative)})`).join(', ')}. In the ${pct(k.pareto.cut)} cut: ${fam.filter((p) => p.inCut).map((p) => familyLabel(p.key)).join(', ')}.` : 'No errors to chart.',
    categories: fam.map((p) => familyLabel(p.key)),
    series: [
      { name: 'Errors', values: fam.map((p) => p.count), format: 'int', type: 'bar', axis: 'primary' },
      { name: 'Cumulative share', values: fam.map((p) => p.cumulative), format: 'percent', type: 'line', axis: 'secondary' },
    ],
    goalLine: { value: k.pareto.cut, label: `${pct(k.pareto.cut)} cut`, axis: 'secondary' },
  });
  const maxSites = opts.maxChartSites ?? 25;
  const siteNodes = k.progress.children.flatMap((s) => s.children);
  const bySite = siteNodes.length > 0 && siteNodes.length <= maxSites;
  const nodes = bySite ? siteNodes : k.progress.children;
  const progressSeries: [keyof ProgressNode & string, string][] = [['collected', 'Collected'], ['validatedClean', 'Validated clean'], ['transferred', 'Transferred'], ['reconciled', 'Reconciled']];
  charts.push({
    id: 'progress', kind: 'column', title: bySite ? 'Progress by site (records)' : 'Progress by study (records)',
    alt: nodes.length ? `Column chart of records collected, validated clean, transferred and reconciled ${bySite ? 'per site' : 'per study'}: ${nodes.map((n) => `${n.id}: ${n.collected} collected, ${n.validatedClean} clean, ${n.transferred} transferred, ${n.reconciled} reconciled`).join('; ')}.` : 'No studies or sites yet.',
    categories: nodes.map((n) => n.id),
    series: progressSeries.map(([key, name]) => ({ name, values: nodes.map((n) => n[key] as number), format: 'int' as const })),
  });
  const st = k.insights.sitesByStatus;
  charts.push({
    id: 'sites-by-status', kind: 'bar', title: 'Sites by status',
    alt: st.length ? `Bar chart of sites by status: ${st.map((s) => `${s.key} ${s.count}`).join(', ')}.` : 'No sites.',
    categories: st.map((s) => s.key), series: [{ name: 'Sites', values: st.map((s) => s.count), format: 'int' }],
  });
  const ct = k.insights.sitesByCountry;
  charts.push({
    id: 'sites-by-country', kind: 'bar', title: 'Sites by country',
    alt: ct.length ? `Bar chart of sites by country: ${ct.map((s) => `${s.key} ${s.count}`).join(', ')}.` : 'No sites.',
    categories: ct.map((s) => s.key), series: [{ name: 'Sites', values: ct.map((s) => s.count), format: 'int' }],
  });

  return {
    title: opts.title ?? `Data collection dashboard — ${k.standard.name}`,
    subtitle: `${opts.source ? `${opts.source} · ` : ''}${k.standard.id} v${k.standard.version}${opts.generatedAt ? ` · generated ${opts.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}` : ''}`,
    generatedAt: opts.generatedAt ?? null,
    tiles, tables, charts,
  };
}
