import path from 'node:path';
import { promises as fs } from 'node:fs';
import { verifyWorkbook } from '../core/verify/engine';
import { romanizersFor } from '../core/transform/romanize/detect';
import { toReport } from '../core/report/json';
import { mappingSpecMarkdown, type SpecDecision } from '../core/report/spec';
import { AuditTrail, decisionsFromTrail, specDecisions } from '../core/audit';
import { auditRows } from './report-command';
import type { DateOrder } from '../core/transform/dates';
import { InputError } from './errors';
import { writeAtomic, writeTextAtomic } from './output';
import { createProgress } from './progress';
import { loadStandardOption } from './standard-file';
import { loadWorkbook, readWorkbookFile, workbookData } from './xlsx-read';
import { buildTemplateWorkbook, annotateWorkbook, applyToWorkbook } from './xlsx-write';

function ensureXlsxOut(file: string, input?: string): void {
  if (!/\.xlsx$/i.test(file)) throw new InputError(`Output ${file} must end in .xlsx`);
  if (input && path.resolve(file) === path.resolve(input)) throw new InputError(`Refusing to overwrite the input ${input}; choose another output file`);
}

async function ensureDirFor(file: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  try {
    const st = await fs.stat(dir);
    if (!st.isDirectory()) throw new Error();
  } catch {
    throw new InputError(`Folder does not exist for output ${file}`);
  }
}

export async function templateCommand(opts: { out: string; standard?: string }): Promise<void> {
  const std = await loadStandardOption(opts.standard);
  ensureXlsxOut(opts.out);
  await ensureDirFor(opts.out);
  const wb = buildTemplateWorkbook(std);
  await writeAtomic(opts.out, (tmp) => wb.xlsx.writeFile(tmp));
  process.stderr.write(`Template ${std.id} v${std.version} written to ${opts.out} (${std.entities.map((e) => e.sheet).join(', ')})\n`);
}

interface ValidateOpts { standard?: string; dateOrder?: DateOrder; json?: string; annotate?: string; fix?: string; quiet?: boolean }

export async function validateCommand(file: string, opts: ValidateOpts): Promise<void> {
  const std = await loadStandardOption(opts.standard);
  for (const out of [opts.annotate, opts.fix]) if (out) { ensureXlsxOut(out, file); await ensureDirFor(out); }
  if (opts.json) await ensureDirFor(opts.json);

  const progress = createProgress('validate');
  // ExcelJS reports nothing while it parses: tick so a large file shows the bar and the phase.
  const ticker = setInterval(() => progress.update(0, 1, `reading ${path.basename(file)}`), 250);
  let read;
  try {
    read = await readWorkbookFile(file, std);
  } finally {
    clearInterval(ticker);
  }
  const { wb, data } = read;
  const romanizers = await romanizersFor(std, data);
  const result = verifyWorkbook(std, data, { dateOrder: opts.dateOrder, romanizers, onProgress: (d, t) => progress.update(d, t, 'checking') });
  progress.stop();
  const report = toReport(std, result, path.basename(file));

  if (opts.json) await writeTextAtomic(opts.json, `${JSON.stringify(report, null, 2)}\n`);
  if (opts.annotate) {
    // The fix below must not carry the annotation's fills and notes: read a second copy only when both are asked.
    const copy = opts.fix ? (await readWorkbookFile(file, std)).wb : wb;
    annotateWorkbook(copy, std, result);
    await writeAtomic(opts.annotate, (tmp) => copy.xlsx.writeFile(tmp));
  }
  let fixedLine = '';
  if (opts.fix) {
    const applied = applyToWorkbook(wb, result.proposals);
    const again = verifyWorkbook(std, workbookData(wb, std, file), { dateOrder: opts.dateOrder, romanizers });
    await writeAtomic(opts.fix, (tmp) => wb.xlsx.writeFile(tmp));
    fixedLine = `\nfixed copy ${opts.fix}: ${applied} proposals applied; re-validated: ${again.summary.errors} errors, ${again.summary.warnings} warnings, ${again.summary.proposals} proposals left`;
  }
  const s = result.summary;
  if (!opts.quiet) {
    const byFamily = new Map<string, number>();
    for (const i of result.issues) if (i.severity !== 'info') byFamily.set(i.family, (byFamily.get(i.family) ?? 0) + 1);
    const fam = [...byFamily].sort((a, b) => b[1] - a[1]).map(([f, n]) => `${f} ${n}`).join(', ');
    process.stdout.write(`${path.basename(file)}: ${s.sheets} sheets, ${s.rows} rows, ${s.cells} cells — ${s.errors} errors, ${s.warnings} warnings, ${s.proposals} proposals${fam ? ` (${fam})` : ''}${fixedLine}\n`);
  }
  process.exitCode = s.errors > 0 ? 1 : 0;
}

export async function specCommand(opts: { standard?: string; out?: string; workbook?: string }): Promise<void> {
  const std = await loadStandardOption(opts.standard);
  // With a workbook, the decisions recorded in its audit trail go into the spec for sign-off.
  let decisions: SpecDecision[] = [];
  if (opts.workbook) {
    const rows = auditRows(await loadWorkbook(opts.workbook));
    if (rows) decisions = specDecisions(decisionsFromTrail(AuditTrail.fromRows(rows).entries()));
  }
  const md = mappingSpecMarkdown(std, decisions);
  if (opts.out) {
    await ensureDirFor(opts.out);
    await writeTextAtomic(opts.out, md);
    process.stderr.write(`Mapping specification written to ${opts.out}\n`);
  } else process.stdout.write(md);
}
