import { mappingSpecMarkdown, type SpecDecision } from '../../core/report/spec';
import { AuditTrail, decisionsFromTrail, specDecisions } from '../../core/audit';
import { auditRowsOf } from './report';
import { ensureDirFor, writeTextAtomic } from '../output';
import { loadStandardOption } from '../standard-file';
import { checkOutputs, userPathOpt } from '../paths';
import { readRawFile } from '../partner-read';


export async function specCommand(given: { standard?: string; out?: string; workbook?: string; force?: boolean }): Promise<void> {
  const opts = { ...given, standard: userPathOpt(given.standard), out: userPathOpt(given.out), workbook: userPathOpt(given.workbook) };
  if (opts.out) await ensureDirFor(opts.out);
  await checkOutputs({ inputs: [opts.standard, opts.workbook], outputs: [{ option: '--out', file: opts.out }], force: opts.force });
  const std = await loadStandardOption(opts.standard);
  // With a workbook, the decisions recorded in its audit trail go into the spec for sign-off.
  let decisions: SpecDecision[] = [];
  if (opts.workbook) {
    const rows = auditRowsOf((await readRawFile(opts.workbook)).raw);
    if (rows) decisions = specDecisions(decisionsFromTrail(AuditTrail.fromRows(rows).entries()));
  }
  const md = mappingSpecMarkdown(std, decisions);
  if (opts.out) {
    await writeTextAtomic(opts.out, md);
    process.stderr.write(`Mapping specification written to ${given.out}\n`);
  } else process.stdout.write(md);
}
