import type { Command } from 'commander';
import { mappingSpecMarkdown, type SpecDecision } from '../../core/report/spec';
import { AuditTrail, decisionsFromTrail, specDecisions } from '../../core/audit';
import { auditRows } from './report';
import { ensureDirFor, writeTextAtomic } from '../output';
import { loadStandardOption } from '../standard-file';
import { loadWorkbook } from '../xlsx-read';

export function registerSpec(program: Command): void {
  program.command('spec')
    .description('print the mapping specification (fields, rules, transformations with reasons and examples) for sign-off')
    .option('--standard <file>', 'a custom standard (JSON)')
    .option('--out <file>', 'write it to this Markdown file instead of stdout')
    .option('--workbook <file>', 'add the decisions recorded in this workbook\'s audit trail')
    .action(specCommand);
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
