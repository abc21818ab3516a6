import path from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { verifyWorkbook } from '../../core/verify/engine';
import { toReport } from '../../core/report/json';
import type { DateOrder } from '../../core/transform/dates';
import { ensureDirFor, ensureXlsxOut, writeAtomic, writeTextAtomic } from '../output';
import { createProgress } from '../progress';
import { checkOutputs, userPath, userPathOpt } from '../paths';
import { loadStandardOption } from '../standard-file';
import { readWorkbookFile, workbookData } from '../xlsx-read';
import { keepCellsToMark } from '../annotate-undo';
import { annotateWorkbook, applyToWorkbook } from '../xlsx-write';

export function registerValidate(program: Command): void {
  program.command('validate')
    .description('run every verification rule and propose transformations')
    .argument('<file>', 'the .xlsx workbook to check')
    .option('--standard <file>', 'a custom standard (JSON)')
    .addOption(new Option('--date-order <order>', 'day/month order of text dates in the source').choices(['MDY', 'DMY', 'YMD']))
    .option('--json <file>', 'write the JSON report here')
    .option('--annotate <file>', 'write a copy with flagged cells coloured and explained in notes')
    .option('--fix <file>', 'write a copy with every proposed transformation applied, then re-validate it')
    .option('--quiet', 'print nothing but errors of the command itself')
    .option('--force', 'replace output files that exist')
    .action(validateCommand);
}

interface ValidateOpts { standard?: string; dateOrder?: DateOrder; json?: string; annotate?: string; fix?: string; quiet?: boolean; force?: boolean }

export async function validateCommand(fileArg: string, given: ValidateOpts): Promise<void> {
  const file = userPath(fileArg);
  const opts = { ...given, standard: userPathOpt(given.standard), json: userPathOpt(given.json), annotate: userPathOpt(given.annotate), fix: userPathOpt(given.fix) };
  for (const out of [opts.annotate, opts.fix]) if (out) { ensureXlsxOut(out, file); await ensureDirFor(out); }
  if (opts.json) await ensureDirFor(opts.json);
  await checkOutputs({
    inputs: [file, opts.standard],
    outputs: [{ option: '--json', file: opts.json }, { option: '--annotate', file: opts.annotate }, { option: '--fix', file: opts.fix }],
    force: opts.force,
  });
  const std = await loadStandardOption(opts.standard);

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
  const result = verifyWorkbook(std, data, { dateOrder: opts.dateOrder, onProgress: (d, t) => progress.update(d, t, 'checking') });
  progress.stop();
  const report = toReport(std, result, path.basename(file));

  if (opts.json) await writeTextAtomic(opts.json, `${JSON.stringify(report, null, 2)}\n`);
  if (opts.annotate) {
    // The fix below must not carry the annotation's fills and notes: they are taken off again
    // rather than reading the file a second time (a large workbook held twice does not fit).
    const unmark = opts.fix ? keepCellsToMark(wb, result) : undefined;
    annotateWorkbook(wb, std, result);
    await writeAtomic(opts.annotate, (tmp) => wb.xlsx.writeFile(tmp));
    unmark?.();
  }
  let fixedLine = '';
  if (opts.fix) {
    const applied = applyToWorkbook(wb, result.proposals);
    const again = verifyWorkbook(std, workbookData(wb, std, file), { dateOrder: opts.dateOrder });
    await writeAtomic(opts.fix, (tmp) => wb.xlsx.writeFile(tmp));
    fixedLine = `\nfixed copy ${given.fix}: ${applied} proposals applied; re-validated: ${again.summary.errors} errors, ${again.summary.warnings} warnings, ${again.summary.proposals} proposals left`;
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

