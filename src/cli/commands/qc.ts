import os from 'node:os';
import path from 'node:path';
import { randomInt } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type ExcelJS from 'exceljs';
import {
  causeCategories, computeQcKpis, issuesFromQc, mergeIssues, parseIssuesSheet, parseQcSheet, planSummary, prepareQc, readTargetForQc,
  qcInstructionsMarkdown, ISSUES_SHEET, MAX_SEED, QC_SHEET, type FieldScope, type PreparedQc, type QcKpis, type SamplingMethod, type SheetProblem, type TrackedIssue,
} from '../../core/qc';
import type { QcPlanLabel } from '../../core/qc/dashboard';
import { normalizeHeader } from '../../core/sheet/headers';
import type { Standard } from '../../core/standard/schema';
import { VaultClient } from '../../connectors';
import { readBackOf } from '../../app/submit';
import { credentialsFromEnvOrPrompt, targetUrlOption } from '../credentials';
import { InputError } from '../errors';
import { writeAtomic, writeTextAtomic } from '../output';
import { createProgress } from '../progress';
import { readLog } from '../transfer-log-file';
import { loadStandardOption } from '../standard-file';
import { loadWorkbook, sheetData } from '../xlsx-read';
import { readMappedFile } from '../mapped-read';
import { buildQcWorkbook, writeIssuesSheet, PLAN_SHEET } from './qc-workbook';

/**
 * `qc FILE [--log TRANSFER_LOG] --out qc.xlsx [--aql 1.0 | --percent 10] [--seed N] [--stratify] [--fields all|critical] [--instructions FILE.md]`
 *   draws the QC sample and writes the QC workbook for the reviewers.
 * `qc-report QC.xlsx [--json out.json] [--out updated.xlsx]`
 *   reads the filled QC workbook back and gives the QC KPIs; exit 1 when the lot is rejected.
 */

export interface QcOptions {
  out: string;
  log?: string;
  aql?: string;
  percent?: string;
  seed?: string;
  stratify?: boolean;
  fields?: FieldScope;
  instructions?: string;
  standard?: string;
  mapping?: string;
  entity?: string;
  /** Read the target values (and reconcile) from this CTMS instead of taking them from the log. */
  target?: string;
  /** Clock and reviewer name (tests). */
  now?: () => Date;
  who?: string;
}

export interface QcReportOptions {
  json?: string;
  out?: string;
  standard?: string;
  now?: () => Date;
}

/** What the QC workbook keeps of the plan for qc-report. */
export interface StoredPlan {
  version: 1;
  source: string;
  transferId: string | null;
  standard: { id: string; version: string };
  method: 'iso2859' | 'percent';
  reference: string;
  aql: string | null;
  codeLetter: string | null;
  planLetter: string | null;
  acceptance: number | null;
  rejection: number | null;
  percent: number | null;
  lotSize: number;
  sampleSize: number;
  fullInspection: boolean;
  seed: number;
  prng: string;
  stratified: boolean;
  strata: { study: string; site: string; lot: number; sample: number }[];
  scope: FieldScope;
  generatedAt: string;
  generatedBy: string;
}

function localUser(): string {
  try { return os.userInfo().username; } catch { return 'unknown'; }
}

function method(opts: QcOptions): SamplingMethod {
  if (opts.aql !== undefined && opts.percent !== undefined) throw new InputError('Give either --aql or --percent, not both');
  if (opts.percent !== undefined) {
    const p = Number(opts.percent);
    if (!(p > 0 && p <= 100)) throw new InputError(`--percent must be a number above 0 and at most 100 (got ${opts.percent})`);
    return { kind: 'percent', percent: p };
  }
  return { kind: 'iso2859', aql: opts.aql ?? '1.0' };
}

function seedOf(text: string | undefined): number {
  if (text === undefined) return randomInt(0, MAX_SEED);
  if (!/^\d+$/.test(text.trim()) || Number(text) > MAX_SEED) throw new InputError(`--seed must be a whole number from 0 to ${MAX_SEED} (got ${text})`);
  return Number(text);
}

async function checkOutput(file: string, input: string, ext: RegExp, what: string): Promise<void> {
  if (!ext.test(file)) throw new InputError(`Output ${file} must end in ${what}`);
  if (path.resolve(file) === path.resolve(input)) throw new InputError(`Refusing to overwrite the input ${input}; choose another output file`);
  try {
    if ((await fs.stat(path.dirname(path.resolve(file)))).isDirectory()) return;
  } catch { /* reported below */ }
  throw new InputError(`Folder does not exist for output ${file}`);
}

export async function qcCommand(file: string, opts: QcOptions): Promise<void> {
  await checkOutput(opts.out, file, /\.xlsx$/i, '.xlsx');
  if (opts.instructions) await checkOutput(opts.instructions, file, /\.(md|markdown)$/i, '.md');
  const scope: FieldScope = opts.fields ?? 'all';
  const how = method(opts);
  const seed = seedOf(opts.seed);
  const std = await loadStandardOption(opts.standard);
  const log = opts.log ? await readLog(opts.log) : null;
  const progress = createProgress('qc');
  progress.update(0, 3, 'reading');
  // Mapped first, like validate: a partner's own layout is read as the standard's.
  const { data } = await readMappedFile(file, std, { mapping: opts.mapping, entity: opts.entity });
  let fromTarget: Awaited<ReturnType<typeof readTargetForQc>> | null = null;
  if (opts.target) {
    if (!log) throw new InputError('--target needs --log: the target values are read for the records a transfer sent');
    const url = targetUrlOption(opts.target);
    const creds = await credentialsFromEnvOrPrompt();
    let client: VaultClient;
    try { client = new VaultClient({ baseUrl: url, username: creds.username, password: creds.password }); } catch (e) { throw new InputError((e as Error).message); }
    // Discrepancies in the sheet's words: value names read back as labels.
    fromTarget = await readTargetForQc(log, client, readBackOf(std));
  }
  const generatedAt = (opts.now ?? (() => new Date()))().toISOString();
  const source = path.basename(file);
  let prepared: PreparedQc;
  try {
    prepared = prepareQc(std, data, log, {
      method: how, seed, stratify: !!opts.stratify, scope, source, generatedAt, generatedBy: opts.who ?? localUser(),
      ...(fromTarget ? { targetValues: fromTarget.targetValues, extraIssues: fromTarget.issues } : {}),
    });
  } catch (e) {
    if (e instanceof RangeError) throw new InputError(e.message);
    throw e;
  }
  const { plan, rows, issues, instructions } = prepared;
  progress.update(1, 3, 'QC sheet');
  const causes = causeCategories(std);
  const wb = await buildQcWorkbook({ rows, issues, plan, instructions, causes, planRecord: prepared.stored });
  progress.update(2, 3, 'writing');
  await writeAtomic(opts.out, (tmp) => wb.xlsx.writeFile(tmp));
  if (opts.instructions) await writeTextAtomic(opts.instructions, qcInstructionsMarkdown(instructions));
  progress.stop();
  process.stdout.write(`${source}: lot of ${plan.lotSize} records${log ? ` sent by transfer ${log.transferId}` : ''}; ${planSummary(plan)}; seed ${seed}\n`
    + `${rows.length} fields to check on ${plan.selected.length} records; ${issues.length} transfer error${issues.length === 1 ? '' : 's'}${opts.target ? ' and discrepancies' : ''} in the Issues sheet\n`
    + `qc workbook: ${opts.out}${opts.instructions ? `\ninstructions: ${opts.instructions}` : ''}\n`);
}

function findWs(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined {
  return wb.worksheets.find((w) => normalizeHeader(w.name) === normalizeHeader(name));
}

function problemsLine(file: string, problems: SheetProblem[]): string {
  const shown = problems.slice(0, 5).map((p) => `${p.cell}: ${p.message}`).join('; ');
  return `${path.basename(file)} is not a usable QC workbook: ${shown}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`;
}

export function readStoredPlan(wb: ExcelJS.Workbook, file: string): StoredPlan {
  const ws = findWs(wb, PLAN_SHEET);
  const text = ws?.getCell('A2').value;
  let plan: Partial<StoredPlan> | null = null;
  try { plan = typeof text === 'string' ? JSON.parse(text) as Partial<StoredPlan> : null; } catch { plan = null; }
  if (!plan || plan.version !== 1 || typeof plan.lotSize !== 'number') throw new InputError(`${path.basename(file)} has no readable sampling plan (hidden sheet "${PLAN_SHEET}"); generate the QC workbook with the qc command`);
  return plan as StoredPlan;
}

export interface QcFindings {
  plan: StoredPlan;
  kpis: QcKpis;
  tracker: { version: 1; items: TrackedIssue[] };
}

/** Reads a filled QC workbook: the plan, the reviewers' verdicts and the Issues sheet; anything out of shape is refused with its cell. */
export async function readQcFindings(file: string, std: Standard): Promise<QcFindings & { wb: ExcelJS.Workbook }> {
  const wb = await loadWorkbook(file);
  const plan = readStoredPlan(wb, file);
  const qcWs = findWs(wb, QC_SHEET);
  if (!qcWs) throw new InputError(`${path.basename(file)} has no "${QC_SHEET}" sheet; found: ${wb.worksheets.map((w) => w.name).join(', ')}`);
  const causes = causeCategories(std);
  const qc = parseQcSheet(sheetData(qcWs), causes);
  const issuesWs = findWs(wb, ISSUES_SHEET);
  const sheetIssues = issuesWs ? parseIssuesSheet(sheetData(issuesWs), causes) : { items: [], problems: [] };
  const problems = [...qc.problems, ...sheetIssues.problems];
  if (problems.length) throw new InputError(problemsLine(file, problems));
  const items = mergeIssues(issuesFromQc(qc.rows), sheetIssues.items);
  const kpis = computeQcKpis(qc.rows, { acceptance: plan.acceptance, rejection: plan.rejection, issues: items });
  return { wb, plan, kpis, tracker: { version: 1, items } };
}

const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(2)}%`);

export function qcKpiLines(k: QcKpis): string[] {
  const lines = [
    `QC error rate (manual review): ${pct(k.overall.rate)} — ${k.overall.failed} failed of ${k.overall.checked} fields checked${k.pending ? `, ${k.pending} not yet checked` : ''}; goal below ${pct(k.overall.goal)}: ${k.overall.met === null ? 'no data' : k.overall.met ? 'met' : 'missed'}`,
    k.lot.decision === null
      ? `Lot: ${k.lot.nonconforming} of ${k.lot.records} records with a failed field (percentage plan: no acceptance number)`
      : `Lot ${k.lot.decision}: ${k.lot.nonconforming} nonconforming of ${k.lot.records} records (${k.lot.reviewed} fully reviewed); accept at ${k.lot.acceptance} or fewer, reject at ${k.lot.rejection}`,
  ];
  for (const b of k.byStudy) lines.push(`  study ${b.study || '(none)'}: ${pct(b.rate)} (${b.failed}/${b.checked})`);
  for (const b of k.byBatch) lines.push(`  batch ${b.transferId || '(before transfer)'}: ${pct(b.rate)} (${b.failed}/${b.checked})`);
  const top = k.causes.filter((c) => c.inCut);
  if (top.length) lines.push(`Top causes (80%): ${top.map((c) => `${c.key} ${c.count}`).join(', ')}`);
  if (k.tracker) lines.push(`Issues: ${k.tracker.total} (${Object.entries(k.tracker.byStatus).map(([s, n]) => `${n} ${s.toLowerCase()}`).join(', ')})`);
  return lines;
}

export async function qcReportCommand(file: string, opts: QcReportOptions): Promise<void> {
  if (opts.json) await checkOutput(opts.json, file, /\.json$/i, '.json');
  if (opts.out) await checkOutput(opts.out, file, /\.xlsx$/i, '.xlsx');
  const std = await loadStandardOption(opts.standard);
  const { wb, plan, kpis, tracker } = await readQcFindings(file, std);
  const generatedAt = (opts.now ?? (() => new Date()))().toISOString();
  if (opts.json) await writeTextAtomic(opts.json, `${JSON.stringify({ source: path.basename(file), generatedAt, plan, kpis, tracker }, null, 2)}\n`);
  if (opts.out) {
    // The copy's Issues sheet lists every QC failure too, so owners can work and close them there.
    const old = findWs(wb, ISSUES_SHEET);
    if (old) wb.removeWorksheet(old.id);
    const ws = wb.addWorksheet(ISSUES_SHEET);
    await writeIssuesSheet(ws, tracker.items, causeCategories(std));
    await writeAtomic(opts.out, (tmp) => wb.xlsx.writeFile(tmp));
  }
  process.stdout.write(`${path.basename(file)}: ${kpiSummary(plan)}, seed ${plan.seed}\n${qcKpiLines(kpis).join('\n')}\n${opts.json ? `json: ${opts.json}\n` : ''}${opts.out ? `updated workbook: ${opts.out}\n` : ''}`);
  process.exitCode = kpis.lot.decision === 'rejected' ? 1 : 0;
}

/** The plan in the words of the dashboard's note. */
export function qcPlanLabel(p: StoredPlan): QcPlanLabel {
  return { summary: kpiSummary(p), seed: p.seed };
}

function kpiSummary(p: StoredPlan): string {
  return p.method === 'percent' ? `${p.percent}% sample of ${p.lotSize} records` : `ISO 2859-1 AQL ${p.aql}, code letter ${p.codeLetter}, ${p.sampleSize} of ${p.lotSize} records`;
}

