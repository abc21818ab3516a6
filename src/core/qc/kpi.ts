import { pareto, type ParetoItem } from '../kpi/pareto';
import type { QcRow } from './sheet';
import { ISSUE_SOURCES, ISSUE_STATUSES, type TrackedIssue } from './tracker';

/**
 * KPIs of the manual QC, from the reviewers' findings (not from the automated
 * validation: its "issues per 100 cells" is another measure, shown apart).
 *
 * - **QC error rate** = fields failed ÷ fields checked (rows with a verdict);
 *   goal: below 0.5 %. Per batch (transfer), per study and overall.
 * - **Lot decision** (ISO 2859-1): a sampled record is nonconforming when one
 *   or more of its fields failed. Rejected as soon as the nonconforming records
 *   reach the rejection number Re; accepted when every field has a verdict and
 *   they are at most the acceptance number Ac; pending otherwise. A fixed
 *   percentage plan has no Ac/Re and so no decision.
 * - **Pareto of causes**: the cause categories of the QC failures (from the
 *   tracker when given, so a cause set there counts), the categories in the
 *   80 % cut marked.
 */

export const QC_ERROR_RATE_GOAL = 0.005;
export const NOT_CATEGORISED = 'Not categorised';

export interface QcRate {
  checked: number;
  failed: number;
  /** failed ÷ checked; null when nothing was checked yet. */
  rate: number | null;
  goal: number;
  /** rate < goal; null when there is no rate. */
  met: boolean | null;
}

export type LotDecision = 'accepted' | 'rejected' | 'pending';

export interface QcKpis {
  fieldsToCheck: number;
  /** Rows without a verdict yet. */
  pending: number;
  overall: QcRate;
  byBatch: ({ transferId: string } & QcRate)[];
  byStudy: ({ study: string } & QcRate)[];
  lot: {
    /** Sampled records on the sheet. */
    records: number;
    /** Records with a verdict on every field. */
    reviewed: number;
    /** Records with at least one failed field. */
    nonconforming: number;
    acceptance: number | null;
    rejection: number | null;
    decision: LotDecision | null;
  };
  causes: ParetoItem[];
  tracker: { total: number; byStatus: Record<string, number>; bySource: Record<string, number> } | null;
}

export interface QcKpiOptions {
  /** The plan's acceptance and rejection numbers (null for a percentage plan). */
  acceptance?: number | null;
  rejection?: number | null;
  issues?: TrackedIssue[];
  goal?: number;
  paretoCut?: number;
}

function rate(rows: QcRow[], goal: number): QcRate {
  const checked = rows.filter((r) => r.verdict !== null).length;
  const failed = rows.filter((r) => r.verdict === 'Fail').length;
  const value = checked ? failed / checked : null;
  return { checked, failed, rate: value, goal, met: value === null ? null : value < goal };
}

function groupBy<K extends string>(rows: QcRow[], key: (r: QcRow) => string, name: K, goal: number): ({ [P in K]: string } & QcRate)[] {
  const groups = new Map<string, QcRow[]>();
  for (const r of rows) { const k = key(r); (groups.get(k) ?? groups.set(k, []).get(k)!).push(r); }
  return [...groups.keys()].sort().map((k) => ({ [name]: k, ...rate(groups.get(k)!, goal) }) as { [P in K]: string } & QcRate);
}

export function computeQcKpis(rows: QcRow[], opts: QcKpiOptions = {}): QcKpis {
  const goal = opts.goal ?? QC_ERROR_RATE_GOAL;
  const records = new Map<string, QcRow[]>();
  for (const r of rows) { const k = `${r.transferId}\u0001${r.sheet}\u0001${r.row}`; (records.get(k) ?? records.set(k, []).get(k)!).push(r); }
  const all = [...records.values()];
  const reviewed = all.filter((fs) => fs.every((f) => f.verdict !== null)).length;
  const nonconforming = all.filter((fs) => fs.some((f) => f.verdict === 'Fail')).length;
  const ac = opts.acceptance ?? null;
  const re = opts.rejection ?? null;
  let decision: LotDecision | null = null;
  if (ac !== null && re !== null) decision = nonconforming >= re ? 'rejected' : reviewed === all.length && nonconforming <= ac ? 'accepted' : 'pending';

  const causeCounts = new Map<string, number>();
  const failures = opts.issues ? opts.issues.filter((i) => i.source === 'QC').map((i) => i.cause) : rows.filter((r) => r.verdict === 'Fail').map((r) => r.cause);
  for (const c of failures) causeCounts.set(c || NOT_CATEGORISED, (causeCounts.get(c || NOT_CATEGORISED) ?? 0) + 1);

  let tracker: QcKpis['tracker'] = null;
  if (opts.issues) {
    const byStatus = Object.fromEntries(ISSUE_STATUSES.map((s) => [s, 0])) as Record<string, number>;
    const bySource = Object.fromEntries(ISSUE_SOURCES.map((s) => [s, 0])) as Record<string, number>;
    for (const i of opts.issues) { byStatus[i.status]!++; bySource[i.source]!++; }
    tracker = { total: opts.issues.length, byStatus, bySource };
  }
  const overall = rate(rows, goal);
  return {
    fieldsToCheck: rows.length,
    pending: rows.length - overall.checked,
    overall,
    byBatch: groupBy(rows, (r) => r.transferId, 'transferId', goal),
    byStudy: groupBy(rows, (r) => r.study, 'study', goal),
    lot: { records: all.length, reviewed, nonconforming, acceptance: ac, rejection: re, decision },
    causes: pareto(causeCounts, opts.paretoCut ?? 0.8),
    tracker,
  };
}
