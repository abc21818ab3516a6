import { rollbackTransfer } from '../../app/submit';
import { UseCaseError } from '../../app/errors';
import { InputError } from '../errors';
import { signInFromEnvOrPrompt, signInName, targetUrlOption, whoAmI } from '../credentials';
import { loadStandardOption } from '../standard-file';
import { loadProfileOption, profileUpsertKeys } from '../target-profile-file';
import { client } from '../target';
import { userPathOpt } from '../paths';
import { findLog, journalledLogFile, logsBeside, readLog } from '../transfer-log-file';

interface RollbackOpts { target?: string; log?: string; dryRun?: boolean; inOrder?: boolean; profile?: string; standard?: string; clientId?: string; migrationMode?: boolean }


export async function rollbackCommand(id: string, opts: RollbackOpts): Promise<void> {
  const url = targetUrlOption(opts.target);
  const upsertKeys = profileUpsertKeys(await loadProfileOption(userPathOpt(opts.profile), await loadStandardOption(userPathOpt(opts.standard))));
  const file = await findLog(id, userPathOpt(opts.log));
  const log = await readLog(file);
  if (log.transferId !== id) throw new InputError(`${file} is the log of ${log.transferId}, not ${id}`);
  // Later transfers that sent its records again are looked for among the logs kept beside it.
  const beside = await logsBeside(file);
  for (const f of beside.unreadable) process.stderr.write(`Skipping ${f}: not a readable transfer log\n`);
  const others = beside.logs.map((b) => ({ log: b.log, logs: journalledLogFile(b.file) }));
  const creds = await signInFromEnvOrPrompt();
  const target = client(url, creds, undefined, { ...(opts.clientId ? { clientId: opts.clientId } : {}), migrationMode: !!opts.migrationMode });
  let out;
  try {
    // Signing in names the Vault behind the address; a log from another Vault is refused before anything changes.
    const vaultId = String((await target.signIn()).vaultId);
    out = await rollbackTransfer({ log, target, targetUrl: url, vaultId, who: whoAmI(signInName(creds)), dryRun: !!opts.dryRun, logs: journalledLogFile(file), upsertKeys,
      others, inOrder: !!opts.inOrder, inOrderHint: 'pass --in-order' });
  } catch (e) {
    if (e instanceof UseCaseError) throw new InputError(e.message);
    throw e;
  }
  const verb = opts.dryRun ? ['dry run: would delete', 'would restore'] : ['deleted', 'restored'];
  if (out.transfers.length > 1) {
    for (const t of out.transfers) process.stdout.write(`${t.transferId}: ${verb[0]} ${t.deleted}, ${verb[1]} ${t.restored}${t.failed ? `; ${t.failed} failed` : ''}\n`);
  }
  process.stdout.write(`${verb[0]} ${out.deleted}, ${verb[1]} ${out.restored}${out.failed.length ? `; ${out.failed.length} failed` : ''}\n`);
  process.exitCode = out.failed.length ? 1 : 0;
}
