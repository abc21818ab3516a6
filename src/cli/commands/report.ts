import path from 'node:path';
import { promises as fs } from 'node:fs';
import { AUDIT_SHEET, AuditTrail, decisionsFromTrail, specDecisions } from '../../core/audit';
import { computeKpis, dashboardModel } from '../../core/kpi';
import { mappingSpecMarkdown } from '../../core/report/spec';
import { normalizeHeader } from '../../core/sheet/headers';
import type { DateOrder } from '../../core/transform/dates';
import { verifyWorkbook } from '../../core/verify/engine';
import { InputError } from '../errors';
import { ensureDirFor, writeAtomic, writeTextAtomic } from '../output';
import { dashboardHtml, reportXlsx } from '../dashboard-files';
import { loadStandardOption } from '../standard-file';
import { checkOutputs, userPath, userPathOpt } from '../paths';
import { readLog } from '../transfer-log-file';
import { readMappedFile } from '../mapped-read';
import type { RawWorkbook } from '../../core/mapping';
import { decidedValues } from '../../core/mapping';
import { qcKpiLines, qcPlanLabel, readQcFindings } from './qc';
import { withQc } from '../../core/qc/dashboard';

/**
 * `ctms-collect report FILE.xlsx --out dashboard.xlsx [--html dashboard.html] [--log TRANSFER.json ...]`
 * The KPI dashboard of a workbook: a Dashboard sheet (KPI table, tables,
 * native charts), the Mapping Spec sheet and a copy of the workbook's Audit
 * sheet, and/or the same dashboard as one self-contained HTML page.
 */

export interface ReportOptions {
  out?: string;
  /** A saved mapping profile, or a folder of them, for a partner's file. */
  mapping?: string;
  /** The entity of a one-sheet file (CSV). */
  entity?: string;
  html?: string;
  log?: string[];
  standard?: string;
  dateOrder?: DateOrder;
  force?: boolean;
  /** A filled QC workbook (written by `qc`): the manual QC's KPIs are added to the dashboard. */
  qc?: string;
  /** Also write the figures as JSON (validation KPIs, and the manual QC's when --qc is given). */
  json?: string;
  /** Clock for the "generated" stamp (tests). */
  now?: () => Date;
}



/** The workbook's audit sheet as rows (header first), when it has one; rows padded to the widest. */
export function auditRowsOf(raw: RawWorkbook): unknown[][] | null {
  const sheet = raw.sheets.find((s) => normalizeHeader(s.name) === normalizeHeader(AUDIT_SHEET));
  if (!sheet) return null;
  const width = Math.max(0, ...sheet.rows.map((r) => r.length));
  return sheet.rows.map((r) => Array.from({ length: width }, (_, c) => r[c] ?? null));
}

export async function reportCommand(fileArg: string, given: ReportOptions): Promise<void> {
  const file = userPath(fileArg);
  const opts = { ...given, out: userPathOpt(given.out), html: userPathOpt(given.html), json: userPathOpt(given.json), qc: userPathOpt(given.qc), standard: userPathOpt(given.standard), mapping: userPathOpt(given.mapping), log: given.log?.map(userPath) };
  if (!opts.out && !opts.html && !opts.json) throw new InputError('Nothing to write: give --out FILE.xlsx, --html FILE.html and/or --json FILE.json');
  if (opts.out) {
    if (!/\.xlsx$/i.test(opts.out)) throw new InputError(`Output ${opts.out} must end in .xlsx`);
    if (path.resolve(opts.out) === path.resolve(file)) throw new InputError(`Refusing to overwrite the input ${file}; choose another output file`);
    await ensureDirFor(opts.out);
  }
  if (opts.html) {
    if (!/\.html?$/i.test(opts.html)) throw new InputError(`Output ${opts.html} must end in .html`);
    await ensureDirFor(opts.html);
  }
  if (opts.json) {
    if (!/\.json$/i.test(opts.json)) throw new InputError(`Output ${opts.json} must end in .json`);
    await ensureDirFor(opts.json);
  }
  await checkOutputs({
    inputs: [file, opts.standard, opts.mapping, opts.qc, ...(opts.log ?? [])],
    outputs: [{ option: '--out', file: opts.out }, { option: '--html', file: opts.html }, { option: '--json', file: opts.json }],
    force: opts.force,
  });
  const std = await loadStandardOption(opts.standard);
  const qc = opts.qc ? await readQcFindings(opts.qc, std) : null;
  const logs = await Promise.all((opts.log ?? []).map(readLog));
  // Mapped first, like validate: a partner's own layout is read as the standard's (the audit trail is the add-in's own sheet).
  const { raw, data, mapping: map } = await readMappedFile(file, std, { mapping: opts.mapping, entity: opts.entity });
  const bytes = (await fs.stat(file)).size;

  const stored = auditRowsOf(raw);
  const trail = stored ? AuditTrail.fromRows(stored) : null;
  const chain = trail?.verifyChain();
  const decisions = trail ? decisionsFromTrail(trail.entries()) : [];

  const result = verifyWorkbook(std, data, { dateOrder: opts.dateOrder, values: decidedValues(map) });
  const kpis = computeKpis(std, data, result, { transferLogs: logs, decisions, workbookBytes: bytes });
  const generatedAt = (opts.now ?? (() => new Date()))().toISOString();
  let model = dashboardModel(kpis, { source: path.basename(file), generatedAt });
  if (qc) model = withQc(model, qc.kpis, qcPlanLabel(qc.plan));
  const specMd = mappingSpecMarkdown(std, specDecisions(decisions));
  const chainNote = !trail ? null
    : chain!.ok ? `Audit trail: ${chain!.checked} entries, hash chain intact.`
      : `Audit trail: ${chain!.checked} entries — CHAIN BROKEN: ${chain!.problems.slice(0, 5).map((p) => p.detail).join('; ')}${chain!.problems.length > 5 ? ` (and ${chain!.problems.length - 5} more)` : ''}`;
  if (chainNote) model.subtitle += ` · ${chainNote}`;

  if (opts.out) {
    const { headers, rows } = trail ? trail.toRows() : { headers: [], rows: [] };
    const buf = await reportXlsx({
      model, specMarkdown: specMd,
      ...(trail ? { audit: { name: AUDIT_SHEET, headers, rows, note: chainNote ?? undefined } } : {}),
    });
    await writeAtomic(opts.out, (tmp) => fs.writeFile(tmp, buf));
  }
  if (opts.html) await writeTextAtomic(opts.html, dashboardHtml(model));
  if (opts.json) await writeTextAtomic(opts.json, `${JSON.stringify({ source: path.basename(file), generatedAt, validation: kpis, manualQc: qc ? { source: path.basename(opts.qc!), plan: qc.plan, kpis: qc.kpis, tracker: qc.tracker } : null }, null, 2)}\n`);

  const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);
  process.stdout.write(`${path.basename(file)}: accuracy ${pct(kpis.accuracy.cells.value)} of cells, ${pct(kpis.accuracy.records.value)} of records; `
    + `${kpis.qc.per100Cells === null ? 'n/a' : kpis.qc.per100Cells.toFixed(2)} errors per 100 cells; ${kpis.volume.records} records`
    + `${chainNote ? `; ${chainNote}` : ''}${qc ? `\n${qcKpiLines(qc.kpis).slice(0, 2).join('\n')}` : ''}${opts.out ? `\ndashboard: ${given.out}` : ''}${opts.html ? `\nhtml: ${given.html}` : ''}${opts.json ? `\njson: ${given.json}` : ''}\n`);
}

