import path from 'node:path';
import type { Command } from 'commander';
import { dedupeWorkbook, classifyAgainstTarget } from '../../core/master';
import { verifyWorkbook } from '../../core/verify/engine';
import { applyProposals } from '../../core/transform/apply';
import { ensureDirFor, writeTextAtomic } from '../output';
import { loadStandardOption } from '../standard-file';
import { checkOutputs, userPath, userPathOpt } from '../paths';
import { readWorkbookFile } from '../xlsx-read';
import { credentialsFromEnvOrPrompt } from '../credentials';
import { client, readTargetRecords } from '../target';

export function registerDedupe(program: Command): void {
  program.command('dedupe')
    .description('duplicate candidates within and across sheets; with --target, create/reuse/update against the target CTMS')
    .argument('<file>', 'the .xlsx workbook')
    .option('--json <file>', 'write the duplicate report here')
    .option('--standard <file>', 'a custom standard (JSON)')
    .option('--target <url>', 'target CTMS (or CTMS_TARGET_URL); credentials from CTMS_USER/CTMS_PASSWORD or a prompt')
    .option('--force', 'replace the --json file if it exists')
    .action(async (fileArg: string, given: { json?: string; standard?: string; target?: string; force?: boolean }) => {
      const file = userPath(fileArg);
      const opts = { ...given, json: userPathOpt(given.json), standard: userPathOpt(given.standard) };
      if (opts.json) await ensureDirFor(opts.json);
      await checkOutputs({ inputs: [file, opts.standard], outputs: [{ option: '--json', file: opts.json }], force: opts.force });
      const std = await loadStandardOption(opts.standard);
      const { data } = await readWorkbookFile(file, std);
      const report: Record<string, unknown> = { ...dedupeWorkbook(std, data) };
      const url = opts.target ?? process.env.CTMS_TARGET_URL;
      if (url) {
        const target = client(url, await credentialsFromEnvOrPrompt());
        // Compare what would be sent: the values after the proposed transformations ("USA" is sent as "US").
        const proposed = applyProposals(data, verifyWorkbook(std, data).proposals).workbook;
        report.target = classifyAgainstTarget(std, proposed, await readTargetRecords(std, target));
      }
      const clusters = (report.clusters as unknown[]).length;
      if (opts.json) await writeTextAtomic(opts.json, `${JSON.stringify(report, null, 2)}\n`);
      process.stdout.write(`${path.basename(file)}: ${clusters} duplicate cluster${clusters === 1 ? '' : 's'}${url ? `; ${(report.target as unknown[]).length} rows classified against ${url}` : ''}\n`);
    });
}
