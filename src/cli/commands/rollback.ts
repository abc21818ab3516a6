import type { Command } from 'commander';
import { rollbackTransfer } from '../../app/submit';
import { UseCaseError } from '../../app/errors';
import { InputError } from '../errors';
import { signInFromEnvOrPrompt, signInName, targetUrlOption, whoAmI } from '../credentials';
import { loadStandardOption } from '../standard-file';
import { loadProfileOption, profileUpsertKeys } from '../target-profile-file';
import { client } from '../target';
import { userPathOpt } from '../paths';
import { findLog, journalledLogFile, readLog } from '../transfer-log-file';

interface RollbackOpts { target?: string; log?: string; dryRun?: boolean; profile?: string; standard?: string; clientId?: string; migrationMode?: boolean }

export function registerRollback(program: Command): void {
  program.command('rollback')
    .description('undo a transfer: delete what it created, restore what it updated (children first)')
    .argument('<transferId>', 'the transfer id printed by submit')
    .option('--target <url>', 'target CTMS base URL (or CTMS_TARGET_URL)')
    .option('--log <file>', 'the transfer log (default: FILE.transfer-ID.json in this folder)')
    .option('--dry-run', 'list what would be deleted and restored; change nothing')
    .option('--profile <file>', 'the target profile the transfer was sent with (JSON; default: Vault CTMS)')
    .option('--standard <file>', 'the custom standard the profile maps (JSON)')
    .option('--client-id <id>', 'the client id the target logs the calls under (default ctms-collect)')
    .option('--migration-mode', 'restore records in their real state (closed sites); needs the migration permission in the target')
    .action((id: string, opts: RollbackOpts) => rollbackCommand(id, opts));
}

async function rollbackCommand(id: string, opts: RollbackOpts): Promise<void> {
  const url = targetUrlOption(opts.target);
  const upsertKeys = profileUpsertKeys(await loadProfileOption(userPathOpt(opts.profile), await loadStandardOption(userPathOpt(opts.standard))));
  const file = await findLog(id, userPathOpt(opts.log));
  const log = await readLog(file);
  if (log.transferId !== id) throw new InputError(`${file} is the log of ${log.transferId}, not ${id}`);
  const creds = await signInFromEnvOrPrompt();
  const target = client(url, creds, undefined, { ...(opts.clientId ? { clientId: opts.clientId } : {}), migrationMode: !!opts.migrationMode });
  let out;
  try {
    // Signing in names the Vault behind the address; a log from another Vault is refused before anything changes.
    const vaultId = String((await target.signIn()).vaultId);
    out = await rollbackTransfer({ log, target, targetUrl: url, vaultId, who: whoAmI(signInName(creds)), dryRun: !!opts.dryRun, logs: journalledLogFile(file), upsertKeys });
  } catch (e) {
    if (e instanceof UseCaseError) throw new InputError(e.message);
    throw e;
  }
  const verb = opts.dryRun ? ['dry run: would delete', 'would restore'] : ['deleted', 'restored'];
  process.stdout.write(`${verb[0]} ${out.deleted}, ${verb[1]} ${out.restored}${out.failed.length ? `; ${out.failed.length} failed` : ''}\n`);
  process.exitCode = out.failed.length ? 1 : 0;
}
