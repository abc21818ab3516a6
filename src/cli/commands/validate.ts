import path from 'node:path';
import { verifyWorkbook } from '../../core/verify/engine';
import { japaneseKanjiNames, romanizersFor } from '../../core/transform/romanize/detect';
import { toReport } from '../../core/report/json';
import type { DateOrder } from '../../core/transform/dates';
import { ensureDirFor, ensureXlsxOut, writeAtomic, writeTextAtomic } from '../output';
import { createProgress } from '../progress';
import { checkOutputs, userPath, userPathOpt } from '../paths';
import { loadStandardOption } from '../standard-file';
import { readMappedFile } from '../mapped-read';
import { decidedValues, partnerStandard, toPartner, valueWorklist, withMapping } from '../../core/mapping';
import { profileLine } from '../profile-source';
import { InputError } from '../errors';
import { isCsv } from '../partner-read';
import { applyProposals } from '../../core/transform/apply';
import { annotatePatch, fixPatch } from '../xlsx-patch/annotate';
import { writePatchedWorkbook } from '../xlsx-patch/writer';
import { readGlossaryFile } from '../glossary-file';
import { kanjiReader } from '../kanji-readings';


interface ValidateOpts { standard?: string; glossary?: string; mapping?: string; entity?: string; dateOrder?: DateOrder; json?: string; annotate?: string; fix?: string; quiet?: boolean; force?: boolean }

export async function validateCommand(fileArg: string, given: ValidateOpts): Promise<void> {
  const file = userPath(fileArg);
  const opts = { ...given, standard: userPathOpt(given.standard), mapping: userPathOpt(given.mapping), glossary: userPathOpt(given.glossary), json: userPathOpt(given.json), annotate: userPathOpt(given.annotate), fix: userPathOpt(given.fix) };
  for (const out of [opts.annotate, opts.fix]) if (out) { ensureXlsxOut(out, file); await ensureDirFor(out); }
  if (opts.json) await ensureDirFor(opts.json);
  await checkOutputs({
    inputs: [file, opts.standard, opts.mapping, opts.glossary],
    outputs: [{ option: '--json', file: opts.json }, { option: '--annotate', file: opts.annotate }, { option: '--fix', file: opts.fix }],
    force: opts.force,
  });
  const std = await loadStandardOption(opts.standard);
  // Read before the workbook: a glossary that cannot be used stops the run before any work.
  const glossary = opts.glossary ? await readGlossaryFile(opts.glossary) : undefined;

  const progress = createProgress('validate');
  // The read reports nothing while it runs: tick so a large file shows the bar and the phase.
  const ticker = setInterval(() => progress.update(0, 1, `reading ${path.basename(file)}`), 250);
  let read;
  try {
    // Streamed: --annotate and --fix write from the input file itself, not from a workbook model.
    read = await readMappedFile(file, std, { mapping: opts.mapping, entity: opts.entity });
  } finally {
    clearInterval(ticker);
  }
  const { data, mapping } = read;
  if (isCsv(file) && (opts.annotate || opts.fix)) throw new InputError('--annotate and --fix write a copy of an .xlsx workbook; a CSV file has none (save it as .xlsx first)');
  // The engine checks the standard's view; results are then told in the partner's sheets and cells.
  const partnerStd = partnerStandard(std, mapping);
  const romanizers = await romanizersFor(std, data);
  // Names in kanji need a dictionary of readings: loaded only when there are some.
  const kanji = romanizers ? japaneseKanjiNames(std, data) : [];
  if (romanizers && kanji.length) romanizers.kanji = await kanjiReader(kanji);
  // The profile's value decisions become proposals in every cell holding the spelling (audited, applied by --fix).
  const values = decidedValues(mapping);
  const checked = verifyWorkbook(std, data, { dateOrder: opts.dateOrder, romanizers, glossary, values, onProgress: (d, t) => progress.update(d, t, 'checking') });
  const result = toPartner(checked, mapping);
  progress.stop();
  if (opts.json) {
    const report = withMapping(toReport(partnerStd, result, path.basename(file)), std, mapping, read.encoding,
      { values: valueWorklist(std, read.raw, mapping, { data }), profile: read.profile });
    await writeTextAtomic(opts.json, `${JSON.stringify(report, null, 2)}\n`);
  }
  // Both copies are written from the input file with only the changed parts rewritten (the marks and
  // notes, or the fixed values); each starts from the partner's file, so the fix carries no marks.
  if (opts.annotate) await writeAtomic(opts.annotate, (tmp) => writePatchedWorkbook(file, tmp, annotatePatch(partnerStd, result)));
  let fixedLine = '';
  if (opts.fix) {
    const { patch, applied } = fixPatch(result.proposals);
    // Re-validated from the values written: the engine's proposals applied to the data it checked.
    const again = toPartner(verifyWorkbook(std, applyProposals(data, checked.proposals).workbook, { dateOrder: opts.dateOrder, romanizers, glossary, values }), mapping);
    await writeAtomic(opts.fix, (tmp) => writePatchedWorkbook(file, tmp, patch));
    fixedLine = `\nfixed copy ${given.fix}: ${applied} proposals applied; re-validated: ${again.summary.errors} errors, ${again.summary.warnings} warnings, ${again.summary.proposals} proposals left`;
  }
  const s = result.summary;
  if (!opts.quiet) {
    const byFamily = new Map<string, number>();
    for (const i of result.issues) if (i.severity !== 'info') byFamily.set(i.family, (byFamily.get(i.family) ?? 0) + 1);
    const fam = [...byFamily].sort((a, b) => b[1] - a[1]).map(([f, n]) => `${f} ${n}`).join(', ');
    const translateRules = new Set(std.transformations.filter((t) => t.kind === 'translate').map((t) => t.id));
    const translated = result.proposals.filter((p) => p.steps.some((id) => translateRules.has(id))).length;
    const glossaryLine = glossary ? `\nglossary ${given.glossary}: ${glossary.size} approved translation${glossary.size === 1 ? '' : 's'}, proposed in ${translated} cell${translated === 1 ? '' : 's'}` : '';
    const mapLine = profileLine(read.profile, Boolean(opts.mapping));
    process.stdout.write(`${mapLine ? `${mapLine}\n` : ''}${path.basename(file)}: ${s.sheets} sheets, ${s.rows} rows, ${s.cells} cells — ${s.errors} errors, ${s.warnings} warnings, ${s.proposals} proposals${fam ? ` (${fam})` : ''}${glossaryLine}${fixedLine}\n`);
  }
  process.exitCode = s.errors > 0 ? 1 : 0;
}

