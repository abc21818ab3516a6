import type { Standard } from '../standard/schema';
import { readBackFor, type ReadBack } from '../transfer/readback';
import { defaultProfileFor } from '../target-profile/load';
import type { SheetData, WorkbookData } from '../model/sheet';
import type { TransferLog } from '../transfer/log';
import { computeQcKpis, type QcKpis } from './kpi';
import { qcInstructions, type QcInstructions } from './instructions';
import { lotFromTransfer, lotFromWorkbook, type LotRecord } from './lot';
import { drawSample, type SamplePlan, type SamplingMethod } from './sample';
import { buildQcRows, parseQcSheet, targetValuesFromLog, type FieldScope, type QcRow, type SheetProblem } from './sheet';
import { issuesFromQc, issuesFromTransferLog, mergeIssues, parseIssuesSheet, type TrackedIssue } from './tracker';
import { qcSheetsModel, type QcSheetsModel } from './workbook';

/**
 * The pane's QC use case in two pure steps: prepare the sheets to write from
 * the workbook (and the last transfer), and read the filled sheets back into
 * KPIs. The CLI does the same with ExcelJS.
 */

export const DEFAULT_CAUSES = ['Source data wrong', 'Mapping rule wrong', 'Transformation wrong', 'Target configuration', 'Manual entry'];

export function causeCategories(std: Standard): string[] {
  return std.qc?.causeCategories ?? DEFAULT_CAUSES;
}

export interface PrepareOptions {
  method: SamplingMethod;
  seed: number;
  stratify: boolean;
  scope: FieldScope;
  source: string;
  generatedAt: string;
  generatedBy: string;
  /** Target values read from the target itself (default: what the transfer log says was sent). */
  targetValues?: (record: LotRecord) => Record<string, unknown> | undefined;
  /** How target values are shown (default: through the shipped target profile when it maps the standard, value names as labels). */
  readBack?: ReadBack;
  /** More tracked items to list (the reconciliation's discrepancies). */
  extraIssues?: TrackedIssue[];
}

export interface PreparedQc {
  plan: SamplePlan;
  rows: QcRow[];
  issues: TrackedIssue[];
  model: QcSheetsModel;
  instructions: QcInstructions;
  /** What the QC Plan sheet stores. */
  stored: Record<string, unknown>;
}

/** Throws RangeError with a sentence for people when the lot is empty or the plan impossible. */
export function prepareQc(std: Standard, data: WorkbookData, log: TransferLog | null, o: PrepareOptions): PreparedQc {
  const lot = log ? lotFromTransfer(std, data, log) : lotFromWorkbook(std, data);
  if (!lot.length) throw new RangeError(log ? `Transfer ${log.transferId} has no record left in the target to check.` : 'The workbook has no data rows to check.');
  const plan = drawSample(lot, o.method, { seed: o.seed, stratify: o.stratify });
  const targetValues = o.targetValues ?? (log ? targetValuesFromLog(log) : undefined);
  const readBack = o.readBack ?? readBackFor(defaultProfileFor(std), std);
  const rows = buildQcRows(std, data, plan, { scope: o.scope, readBack, ...(targetValues ? { targetValues } : {}) });
  const issues = [...(log ? issuesFromTransferLog(log) : []), ...(o.extraIssues ?? [])];
  const instructions = qcInstructions(std, plan, { source: o.source, transferId: log?.transferId ?? null, scope: o.scope, generatedAt: o.generatedAt, generatedBy: o.generatedBy });
  const { selected: _selected, ...kept } = plan;
  const stored = { version: 1, source: o.source, transferId: log?.transferId ?? null, standard: { id: std.id, version: std.version }, ...kept, scope: o.scope, generatedAt: o.generatedAt, generatedBy: o.generatedBy };
  return { plan, rows, issues, instructions, model: qcSheetsModel(rows, issues, instructions, causeCategories(std), stored), stored };
}

export interface QcReading {
  problems: SheetProblem[];
  kpis: QcKpis | null;
  items: TrackedIssue[];
  plan: { acceptance: number | null; rejection: number | null; seed: number | null; summary: string } | null;
}

export function readQcFindingsFrom(std: Standard, qc: SheetData | null, issues: SheetData | null, planJson: string | null): QcReading {
  if (!qc) return { problems: [{ cell: 'QC', message: 'there is no QC sheet in this workbook; create one first' }], kpis: null, items: [], plan: null };
  let plan: QcReading['plan'] = null;
  try {
    const p = JSON.parse(planJson ?? 'null') as { acceptance?: number | null; rejection?: number | null; seed?: number; method?: string; aql?: string; codeLetter?: string; percent?: number; sampleSize?: number; lotSize?: number } | null;
    if (p) plan = { acceptance: p.acceptance ?? null, rejection: p.rejection ?? null, seed: p.seed ?? null, summary: p.method === 'percent' ? `${p.percent}% of ${p.lotSize} records` : `AQL ${p.aql}, code letter ${p.codeLetter}: ${p.sampleSize} of ${p.lotSize} records` };
  } catch { plan = null; }
  const causes = causeCategories(std);
  const q = parseQcSheet(qc, causes);
  const i = issues ? parseIssuesSheet(issues, causes) : { items: [], problems: [] };
  const problems = [...q.problems, ...i.problems];
  if (problems.length) return { problems, kpis: null, items: [], plan };
  const items = mergeIssues(issuesFromQc(q.rows), i.items);
  return { problems, kpis: computeQcKpis(q.rows, { acceptance: plan?.acceptance ?? null, rejection: plan?.rejection ?? null, issues: items }), items, plan };
}
