import path from 'node:path';
import type { Command } from 'commander';
import { dedupeWorkbook, classifyAgainstTarget } from '../../core/master';
import { verifyWorkbook } from '../../core/verify/engine';
import { applyProposals } from '../../core/transform/apply';
import { ensureDirFor, writeTextAtomic } from '../output';
import { loadStandardOption } from '../standard-file';
import { checkOutputs, userPath, userPathOpt } from '../paths';
import { readWorkbookFile } from '../xlsx-read';
import { signInFromEnvOrPrompt } from '../credentials';
import { loadProfileOption } from '../target-profile-file';
import { client, readTargetRecords } from '../target';

export function registerDedupe(program: Command): void {
  program.command('dedupe')
    .description('duplicate candidates within and across sheets; with --target, create/reuse/update against the target CTMS')
    .argument('<file>', 'the .xlsx workbook')
    .option('--json <file>', 'write the duplicate report here')
    .option('--standard <file>', 'a custom standard (JSON)')
    .option('--target <url>', 'target CTMS (or CTMS_TARGET_URL); a session from CTMS_SESSION_ID, else credentials from CTMS_USER/CTMS_PASSWORD or a prompt')
    .option('--profile <file>', 'how the target stores the data (JSON; default: Vault CTMS); checked before the target is read')
    .option('--client-id <id>', 'the client id the target logs the calls under (default ctms-collect)')
    .option('--force', 'replace the --json file if it exists')
    .action(async (fileArg: string, given: { json?: string; standard?: string; target?: string; profile?: string; clientId?: string; force?: boolean }) => {
      const file = userPath(fileArg);
      const opts = { ...given, json: userPathOpt(given.json), standard: userPathOpt(given.standard), profile: userPathOpt(given.profile) };
      if (opts.json) await ensureDirFor(opts.json);
      await checkOutputs({ inputs: [file, opts.standard, opts.profile], outputs: [{ option: '--json', file: opts.json }], force: opts.force });
      const std = await loadStandardOption(opts.standard);
      // A profile that does not fit is refused before anything is read; its object and field names are the standard's until profiles drive the mapping.
      await loadProfileOption(opts.profile, std);
      const { data } = await readWorkbookFile(file, std);
      const report: Record<string, unknown> = { ...dedupeWorkbook(std, data) };
      const url = opts.target ?? process.env.CTMS_TARGET_URL;
      if (url) {
        const target = client(url, await signInFromEnvOrPrompt(), undefined, opts.clientId ? { clientId: opts.clientId } : {});
        // Compare what would be sent: the values after the proposed transformations ("USA" is sent as "US").
        const proposed = applyProposals(data, verifyWorkbook(std, data).proposals).workbook;
        report.target = classifyAgainstTarget(std, proposed, await readTargetRecords(std, target));
      }
      const clusters = (report.clusters as unknown[]).length;
      if (opts.json) await writeTextAtomic(opts.json, `${JSON.stringify(report, null, 2)}\n`);
      process.stdout.write(`${path.basename(file)}: ${clusters} duplicate cluster${clusters === 1 ? '' : 's'}${url ? `; ${(report.target as unknown[]).length} rows classified against ${url}` : ''}\n`);
    });
}
