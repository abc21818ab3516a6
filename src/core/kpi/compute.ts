import { effectiveSheet, proposedValues } from '../sheet/effective';
import type { Standard } from '../standard/schema';
import type { WorkbookData } from '../model/sheet';
import { findSheet, matchColumns } from '../sheet/headers';
import type { VerifyResult } from '../verify/engine';
import type { Issue } from '../model/issue';
import { countLog, type TransferCounts, type TransferLog } from '../transfer/log';
import type { Decision, OverrideDecision } from '../model/decision';
import { pareto, type ParetoItem } from './pareto';

/**
 * Key performance indicators of a collection, from the verification result,
 * the steward's decisions and the transfer logs. Pure arithmetic; the
 * definitions below are the contract the dashboard and its tests rely on.
 *
 * - A **record** is one data row of one of the standard's sheets.
 * - A record or cell **passes** when no error-severity issue concerns it
 *   (warnings and infos are advice and do not fail it). A cell is concerned by
 *   an issue when it is in the issue's `cells` (cross-field rules flag every
 *   cell involved). Sheet-level issues (row 1: missing column or sheet) fail
 *   no cell or record but do count as QC errors.
 * - An issue the user **overrode** (an OverrideDecision on the same sheet, row,
 *   first cell and rule) no longer fails anything and is not a QC error; it is
 *   counted in `qc.overridden`.
 * - **Cells checked** = the engine's `summary.cells` (data rows × matched columns).
 * - **QC error rate** = error issues per 100 cells checked (goal: below 0.5).
 * - **Accuracy** = passing / total (goal: at least 98%).
 * - **Progress** is a tree project → study → site. A site's records are its
 *   Sites row, its Site Staff rows (same study and site number) and the
 *   Investigators rows of every person linked to it (its PI email and its staff
 *   emails). A study's records are its Studies row plus the union of its sites'
 *   records (a person at two sites of the study counts once). The project's
 *   records are every record of the workbook, so Organizations and rows tied to
 *   no study count there only. For each node: collected (records present),
 *   validatedClean (passing), transferred (sent successfully by a transfer that
 *   was not rolled back) and reconciled (transferred, and a reconciliation of
 *   that transfer found no discrepancy on the record).
 * - Values used for grouping (status, country, role, keys) are the values after
 *   the proposed transformation where there is one (`USA` counts as `US`).
 */

export interface KpiReconciliation {
  /** The transfer this reconciliation checked; omitted = every transfer given. */
  transferId?: string;
  /** Records with at least one discrepancy (the core's `reconcile()` result fits). */
  discrepancies: { sheet: string; row: number }[];
}

export interface KpiGoals {
  /** Minimum share of passing cells and records (default 0.98). */
  accuracy: number;
  /** Maximum QC errors per 100 cells checked, exclusive (default 0.5). */
  qcErrorRate: number;
  /** Pareto cut (default 0.8). */
  paretoCut: number;
}

export interface KpiOptions {
  transferLogs?: TransferLog[];
  decisions?: Decision[];
  reconciled?: KpiReconciliation[];
  /** Size of the workbook file in bytes, when known. */
  workbookBytes?: number;
  goals?: Partial<KpiGoals>;
}

export interface Ratio {
  passed: number;
  failed: number;
  total: number;
  /** passed / total; null when there is nothing to measure. */
  value: number | null;
  goal: number;
  /** value ≥ goal; null when value is null. */
  met: boolean | null;
}

export interface ProgressCounts {
  collected: number;
  validatedClean: number;
  transferred: number;
  reconciled: number;
}

export interface ProgressNode extends ProgressCounts {
  level: 'project' | 'study' | 'site';
  /** Study number, or study number + site number joined by "-" (the site's external id). */
  id: string;
  label: string;
  /** False when the study / site has no row of its own (referenced only). */
  present: boolean;
  children: ProgressNode[];
}

export interface EntityVolume {
  entity: string;
  sheet: string;
  /** False when the workbook has no such sheet. */
  present: boolean;
  records: number;
  cells: number;
  errors: number;
}

export interface CountByKey { key: string; count: number }

export interface Kpis {
  standard: { id: string; name: string; version: string };
  goals: KpiGoals;
  accuracy: { cells: Ratio; records: Ratio };
  volume: { records: number; cells: number; workbookBytes: number | null; byEntity: EntityVolume[] };
  qc: {
    errors: number;
    warnings: number;
    cellsChecked: number;
    /** Errors per 100 cells checked; null when no cell was checked. */
    per100Cells: number | null;
    goal: number;
    /** per100Cells < goal. */
    met: boolean | null;
    overridden: number;
  };
  pareto: { totalErrors: number; cut: number; families: ParetoItem[]; rules: ParetoItem[] };
  progress: ProgressNode;
  insights: {
    sites: number;
    investigators: number;
    investigatorsPerSite: { study: string; site: string; investigators: number }[];
    /** Mean investigators per site; null without sites. */
    averageInvestigatorsPerSite: number | null;
    sitesByStatus: CountByKey[];
    sitesByCountry: CountByKey[];
  };
  decisions: { total: number; duplicateMerges: number; duplicateDistinct: number; overrides: number; mappings: number };
  transfers: {
    logs: { transferId: string; status: TransferLog['status']; who: string; startedAt: string; finishedAt: string | null; counts: TransferCounts }[];
    /** Sum over the logs that were not rolled back. */
    counts: TransferCounts;
    reconciliationRun: boolean;
  };
}

export const DEFAULT_GOALS: KpiGoals = { accuracy: 0.98, qcErrorRate: 0.5, paretoCut: 0.8 };

const SEP = '\u0001';
const BLANK = '(blank)';
const recKey = (sheet: string, row: number) => `${sheet}${SEP}${row}`;

function ratio(passed: number, total: number, goal: number): Ratio {
  const value = total > 0 ? passed / total : null;
  return { passed, failed: total - passed, total, value, goal, met: value === null ? null : value >= goal };
}

function overrideKey(sheet: string, row: number, cell: string, ruleId: string): string {
  return [sheet, row, cell.toUpperCase(), ruleId].join(SEP);
}

function countBy(values: string[]): CountByKey[] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

const natural = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });

export function computeKpis(std: Standard, workbook: WorkbookData, verify: VerifyResult, opts: KpiOptions = {}): Kpis {
  const goals: KpiGoals = { ...DEFAULT_GOALS, ...opts.goals };
  const decisions = opts.decisions ?? [];
  const overrides = new Set(decisions.filter((d): d is OverrideDecision => d.kind === 'override').map((d) => overrideKey(d.sheet, d.row, d.cell, d.ruleId)));
  const isOverridden = (i: Issue) => overrides.size > 0 && overrides.has(overrideKey(i.sheet, i.row, i.cells[0] ?? '', i.ruleId));

  // Errors that count: error severity, not overridden.
  const errors: Issue[] = [];
  let overridden = 0, warnings = 0;
  for (const i of verify.issues) {
    if (i.severity === 'warning') { if (isOverridden(i)) overridden++; else warnings++; }
    if (i.severity !== 'error') continue;
    if (isOverridden(i)) { overridden++; continue; }
    errors.push(i);
  }
  const failedCells = new Set<string>();
  const failedRecords = new Set<string>();
  for (const i of errors) {
    if (i.row < 2) continue;
    failedRecords.add(recKey(i.sheet, i.row));
    for (const c of i.cells) failedCells.add(`${i.sheet}!${c.toUpperCase()}`);
  }

  // Volume.
  const byEntity: EntityVolume[] = std.entities.map((e) => {
    const sheet = findSheet(workbook.sheets, e);
    if (!sheet) return { entity: e.key, sheet: e.sheet, present: false, records: 0, cells: 0, errors: 0 };
    const matched = matchColumns(e, sheet).colOfField.filter((c) => c >= 0).length;
    return { entity: e.key, sheet: sheet.name, present: true, records: sheet.rows.length, cells: sheet.rows.length * matched, errors: errors.filter((i) => i.sheet === sheet.name).length };
  });
  const records = byEntity.reduce((n, e) => n + e.records, 0);
  const cellsChecked = verify.summary.cells;

  // Transfers and reconciliation.
  const live = (opts.transferLogs ?? []).filter((l) => l.status !== 'rolledBack');
  const transferred = new Set<string>();
  const reconciled = new Set<string>();
  const recons = opts.reconciled ?? [];
  for (const log of live) {
    const mine = recons.filter((r) => r.transferId === undefined || r.transferId === log.transferId);
    const bad = new Set(mine.flatMap((r) => r.discrepancies.map((d) => recKey(d.sheet, d.row))));
    for (const e of log.entities) for (const r of e.records) {
      if (!r.result?.ok) continue;
      const k = recKey(r.sheet, r.row);
      transferred.add(k);
      if (mine.length && !bad.has(k)) reconciled.add(k);
    }
  }
  const sumCounts = (logs: TransferLog[]): TransferCounts => logs.map(countLog).reduce((a, c) => {
    for (const k of Object.keys(a) as (keyof TransferCounts)[]) a[k] += c[k];
    return a;
  }, { sent: 0, created: 0, updated: 0, unchanged: 0, failed: 0, heldBack: 0, pending: 0 });

  const counts = (keys: Iterable<string>): ProgressCounts => {
    const c: ProgressCounts = { collected: 0, validatedClean: 0, transferred: 0, reconciled: 0 };
    for (const k of keys) {
      c.collected++;
      if (!failedRecords.has(k)) c.validatedClean++;
      if (transferred.has(k)) c.transferred++;
      if (reconciled.has(k)) c.reconciled++;
    }
    return c;
  };

  // Progress tree and insights.
  const proposed = proposedValues(verify.proposals);
  const studies = effectiveSheet(std, 'study', workbook, proposed);
  const sites = effectiveSheet(std, 'site', workbook, proposed);
  const staff = effectiveSheet(std, 'site_staff', workbook, proposed);
  const persons = effectiveSheet(std, 'person', workbook, proposed);

  interface SiteAcc { study: string; site: string; present: boolean; records: Set<string>; emails: Set<string>; investigators: Set<string> }
  const siteAcc = new Map<string, SiteAcc>();
  const studyRows = new Map<string, string[]>();
  const siteOf = (study: string, site: string, present: boolean): SiteAcc => {
    const k = `${study}${SEP}${site}`;
    let s = siteAcc.get(k);
    if (!s) { s = { study, site, present, records: new Set(), emails: new Set(), investigators: new Set() }; siteAcc.set(k, s); }
    if (present) s.present = true;
    return s;
  };
  const siteStatuses: string[] = [];
  const siteCountries: string[] = [];
  if (studies) studies.sheet.rows.forEach((_, r) => {
    const sn = studies.get(r, 'study_number') ?? BLANK;
    const list = studyRows.get(sn) ?? [];
    list.push(recKey(studies.sheet.name, studies.sheet.rowNumbers[r]!));
    studyRows.set(sn, list);
  });
  if (sites) sites.sheet.rows.forEach((_, r) => {
    const s = siteOf(sites.get(r, 'study_number') ?? BLANK, sites.get(r, 'site_number') ?? BLANK, true);
    s.records.add(recKey(sites.sheet.name, sites.sheet.rowNumbers[r]!));
    const pi = sites.get(r, 'pi_email');
    if (pi) { s.emails.add(pi); s.investigators.add(pi); }
    siteStatuses.push(sites.get(r, 'site_status') ?? BLANK);
    siteCountries.push(sites.get(r, 'country') ?? BLANK);
  });
  if (staff) staff.sheet.rows.forEach((_, r) => {
    const s = siteOf(staff.get(r, 'study_number') ?? BLANK, staff.get(r, 'site_number') ?? BLANK, false);
    s.records.add(recKey(staff.sheet.name, staff.sheet.rowNumbers[r]!));
    const email = staff.get(r, 'email');
    if (!email) return;
    s.emails.add(email);
    if (/investigator/i.test(staff.get(r, 'role') ?? '')) s.investigators.add(email);
  });
  const personRows = new Map<string, string[]>();
  if (persons) persons.sheet.rows.forEach((_, r) => {
    const email = persons.get(r, 'email');
    if (!email) return;
    const list = personRows.get(email) ?? [];
    list.push(recKey(persons.sheet.name, persons.sheet.rowNumbers[r]!));
    personRows.set(email, list);
  });
  for (const s of siteAcc.values()) for (const e of s.emails) for (const k of personRows.get(e) ?? []) s.records.add(k);

  const studyKeys = [...new Set([...studyRows.keys(), ...[...siteAcc.values()].map((s) => s.study)])].sort(natural);
  const studyNodes: ProgressNode[] = studyKeys.map((sn) => {
    const mySites = [...siteAcc.values()].filter((s) => s.study === sn).sort((a, b) => natural(a.site, b.site));
    const children = mySites.map((s): ProgressNode => ({ level: 'site', id: `${s.study}-${s.site}`, label: s.site, present: s.present, children: [], ...counts(s.records) }));
    const all = new Set<string>(studyRows.get(sn) ?? []);
    for (const s of mySites) for (const k of s.records) all.add(k);
    return { level: 'study', id: sn, label: sn, present: studyRows.has(sn), children, ...counts(all) };
  });
  const allRecords: string[] = [];
  for (const e of byEntity) {
    if (!e.present) continue;
    const sheet = workbook.sheets.find((s) => s.name === e.sheet)!;
    for (const rn of sheet.rowNumbers) allRecords.push(recKey(sheet.name, rn));
  }
  const progress: ProgressNode = { level: 'project', id: std.id, label: 'Project', present: true, children: studyNodes, ...counts(allRecords) };

  const perSite = [...siteAcc.values()].filter((s) => s.present).sort((a, b) => natural(a.study, b.study) || natural(a.site, b.site))
    .map((s) => ({ study: s.study, site: s.site, investigators: s.investigators.size }));
  const allInvestigators = new Set<string>();
  for (const s of siteAcc.values()) for (const e of s.investigators) allInvestigators.add(e);

  const pf = new Map<string, number>();
  const pr = new Map<string, number>();
  for (const i of errors) { pf.set(i.family, (pf.get(i.family) ?? 0) + 1); pr.set(i.ruleId, (pr.get(i.ruleId) ?? 0) + 1); }

  return {
    standard: { id: std.id, name: std.name, version: std.version },
    goals,
    accuracy: {
      cells: ratio(Math.max(0, cellsChecked - failedCells.size), cellsChecked, goals.accuracy),
      records: ratio(records - failedRecords.size, records, goals.accuracy),
    },
    volume: { records, cells: cellsChecked, workbookBytes: opts.workbookBytes ?? null, byEntity },
    qc: {
      errors: errors.length, warnings, cellsChecked,
      per100Cells: cellsChecked > 0 ? (errors.length * 100) / cellsChecked : null,
      goal: goals.qcErrorRate,
      met: cellsChecked > 0 ? (errors.length * 100) / cellsChecked < goals.qcErrorRate : null,
      overridden,
    },
    pareto: { totalErrors: errors.length, cut: goals.paretoCut, families: pareto(pf, goals.paretoCut), rules: pareto(pr, goals.paretoCut) },
    progress,
    insights: {
      sites: perSite.length,
      investigators: allInvestigators.size,
      investigatorsPerSite: perSite,
      averageInvestigatorsPerSite: perSite.length ? perSite.reduce((n, s) => n + s.investigators, 0) / perSite.length : null,
      sitesByStatus: countBy(siteStatuses),
      sitesByCountry: countBy(siteCountries),
    },
    decisions: {
      total: decisions.length,
      duplicateMerges: decisions.filter((d) => d.kind === 'duplicate' && d.action === 'merge').length,
      duplicateDistinct: decisions.filter((d) => d.kind === 'duplicate' && d.action === 'distinct').length,
      overrides: decisions.filter((d) => d.kind === 'override').length,
      mappings: decisions.filter((d) => d.kind === 'mapping').length,
    },
    transfers: {
      logs: (opts.transferLogs ?? []).map((l) => ({ transferId: l.transferId, status: l.status, who: l.who, startedAt: l.startedAt, finishedAt: l.finishedAt ?? null, counts: countLog(l) })),
      counts: sumCounts(live),
      reconciliationRun: recons.length > 0,
    },
  };
}
