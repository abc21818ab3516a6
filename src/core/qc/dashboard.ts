import { formatValue, type DashboardChart, type DashboardModel, type DashboardTable, type DashboardTile } from '../kpi/dashboard';
import type { QcKpis, QcRate } from './kpi';

/**
 * The manual QC's figures as dashboard parts, added beside the validation
 * figures: every label says "manual QC" so the reviewers' error rate (failed
 * fields ÷ fields checked) is never read as the validation's errors per 100 cells.
 */

export interface QcPlanLabel {
  /** "ISO 2859-1 AQL 1.0, code letter H: 50 of 500 records" or "10% of 500 records". */
  summary: string;
  seed: number;
}

const pct = (v: number | null) => formatValue(v, 'percent');
const DECISION: Record<string, string> = { accepted: 'Accepted', rejected: 'Rejected', pending: 'Pending review' };

function rateRow(label: string, r: QcRate): (string | number | null)[] {
  return [label, r.checked, r.failed, r.rate, r.met === null ? '' : r.met ? 'met' : 'missed'];
}

export function qcDashboardParts(k: QcKpis, plan: QcPlanLabel): { tiles: DashboardTile[]; tables: DashboardTable[]; charts: DashboardChart[] } {
  const goal = `< ${formatValue(k.overall.goal, 'percent')}`;
  const tiles: DashboardTile[] = [
    { id: 'manual-qc-error-rate', label: 'Manual QC error rate (failed ÷ checked fields)', raw: k.overall.rate, value: k.overall.rate === null ? '—' : `${(k.overall.rate * 100).toFixed(2)}%`, format: 'percent', goal, status: k.overall.met === null ? 'info' : k.overall.met ? 'met' : 'missed' },
    { id: 'manual-qc-lot', label: 'Manual QC lot decision', raw: null, value: k.lot.decision === null ? 'No acceptance number' : DECISION[k.lot.decision]!, format: 'text', status: k.lot.decision === 'accepted' ? 'met' : k.lot.decision === 'rejected' ? 'missed' : 'info' },
    { id: 'manual-qc-fields', label: 'Manual QC fields checked', raw: k.overall.checked, value: formatValue(k.overall.checked, 'int'), format: 'int', status: 'info' },
  ];
  const tables: DashboardTable[] = [
    {
      id: 'manual-qc', title: 'Manual QC (source data verification)', headers: ['Scope', 'Fields checked', 'Failed', 'Error rate', `Goal ${goal}`], formats: ['text', 'int', 'int', 'percent', 'text'],
      rows: [rateRow('All sampled records', k.overall), ...k.byBatch.map((b) => rateRow(`Transfer ${b.transferId || '(before transfer)'}`, b)), ...k.byStudy.map((s) => rateRow(`Study ${s.study || '(none)'}`, s))],
      note: `${plan.summary}; seed ${plan.seed}. Lot: ${k.lot.nonconforming} of ${k.lot.records} sampled records with a failed field${k.lot.acceptance === null ? '' : ` (accept at ${k.lot.acceptance} or fewer, reject at ${k.lot.rejection})`}; ${k.pending} fields not yet checked.`,
    },
    {
      id: 'manual-qc-causes', title: 'Manual QC: top causes (Pareto)', headers: ['Cause category', 'Failed fields', 'Share', 'Cumulative share', 'In 80% cut'], formats: ['text', 'int', 'percent', 'percent', 'text'],
      rows: k.causes.map((c) => [c.key, c.count, c.share, c.cumulative, c.inCut ? 'yes' : 'no']),
      note: k.causes.length ? 'The categories marked "yes" account for 80% of the QC failures.' : 'No QC failures.',
    },
  ];
  if (k.tracker) {
    const t = k.tracker;
    tables.push({ id: 'manual-qc-issues', title: 'Issues tracker', headers: ['Items', 'Count'], formats: ['text', 'int'],
      rows: [['All', t.total], ...Object.entries(t.byStatus).map(([s, n]) => [s, n]), ...Object.entries(t.bySource).map(([s, n]) => [`From ${s === 'QC' ? 'QC' : s.toLowerCase()}`, n])] });
  }
  const charts: DashboardChart[] = [{
    id: 'manual-qc-causes', kind: 'pareto', title: 'Manual QC failures by cause (Pareto)',
    alt: k.causes.length ? `Pareto chart of ${k.overall.failed} QC failures by cause: ${k.causes.map((c) => `${c.key} ${c.count} (cumulative ${pct(c.cumulative)})`).join(', ')}.` : 'No QC failures to chart.',
    categories: k.causes.map((c) => c.key),
    series: [
      { name: 'Failed fields', values: k.causes.map((c) => c.count), format: 'int', type: 'bar', axis: 'primary' },
      { name: 'Cumulative share', values: k.causes.map((c) => c.cumulative), format: 'percent', type: 'line', axis: 'secondary' },
    ],
    goalLine: { value: 0.8, label: '80% cut', axis: 'secondary' },
  }];
  return { tiles, tables, charts };
}

/** The dashboard with the manual QC parts added after the validation's. */
export function withQc(model: DashboardModel, k: QcKpis, plan: QcPlanLabel): DashboardModel {
  const parts = qcDashboardParts(k, plan);
  return { ...model, tiles: [...model.tiles, ...parts.tiles], tables: [...model.tables, ...parts.tables], charts: [...model.charts, ...parts.charts] };
}
