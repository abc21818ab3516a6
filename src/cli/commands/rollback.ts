import { rollbackTransfer } from '../../app/submit';
import { UseCaseError } from '../../app/errors';
import { InputError } from '../errors';
import { signInFromEnvOrPrompt, signInName, targetUrlOption, whoAmI } from '../credentials';
import { loadStandardOption } from '../standard-file';
import { loadProfileOption, profileUpsertKeys } from '../target-profile-file';
import { client } from '../target';
import path from 'node:path';
import { checkOutputs, userPathOpt } from '../paths';
import { writeAtomic } from '../output';
import { readMappedFile } from '../mapped-read';
import { partnerLayout } from '../partner-layout';
import { resultsPatch } from '../xlsx-patch/results';
import { writePatchedWorkbook } from '../xlsx-patch/writer';
import { findLog, journalledLogFile, logsBeside, readLog } from '../transfer-log-file';

interface RollbackOpts { target?: string; log?: string; dryRun?: boolean; inOrder?: boolean; workbook?: string; out?: string; force?: boolean; profile?: string; standard?: string; mapping?: string; clientId?: string; migrationMode?: boolean }


export async function rollbackCommand(id: string, opts: RollbackOpts): Promise<void> {
  const url = targetUrlOption(opts.target);
  const std = await loadStandardOption(userPathOpt(opts.standard));
  const profile = await loadProfileOption(userPathOpt(opts.profile), std);
  const upsertKeys = profileUpsertKeys(profile);
  const file = await findLog(id, userPathOpt(opts.log));
  const log = await readLog(file);
  if (log.transferId !== id) throw new InputError(`${file} is the log of ${log.transferId}, not ${id}`);
  // The submitted copy, when given, is read before anything changes; its statuses go to --out after.
  const workbook = userPathOpt(opts.workbook);
  const out = workbook ? userPathOpt(opts.out) ?? path.join(path.dirname(workbook), `${path.basename(workbook).replace(/\.xlsx$/i, '')}.rolled-back.xlsx`) : undefined;
  if (opts.out && !workbook) throw new InputError('--out names where the workbook given with --workbook goes; add --workbook');
  if (opts.mapping && !workbook) throw new InputError('--mapping says where the sheets of the workbook given with --workbook are; add --workbook');
  // Where each sheet sent is in the file, as submit found it: a partner's own sheet and header row (the profile
  // stored in the workbook, or --mapping, or matched again), so the status columns are found where submit put them.
  let layout: ReturnType<typeof partnerLayout> | null = null;
  if (workbook && !opts.dryRun) {
    const mapping = userPathOpt(opts.mapping);
    await checkOutputs({ inputs: [workbook, file, userPathOpt(opts.profile), userPathOpt(opts.standard), mapping], outputs: [{ option: '--out', file: out }], force: opts.force });
    layout = partnerLayout((await readMappedFile(workbook, std, { mapping })).mapping);
  }
  // Later transfers that sent its records again are looked for among the logs kept beside it.
  const beside = await logsBeside(file);
  for (const f of beside.unreadable) process.stderr.write(`Skipping ${f}: not a readable transfer log\n`);
  const others = beside.logs.map((b) => ({ log: b.log, logs: journalledLogFile(b.file) }));
  const creds = await signInFromEnvOrPrompt();
  const target = client(url, creds, undefined, { ...(opts.clientId ? { clientId: opts.clientId } : {}), migrationMode: !!opts.migrationMode });
  let done;
  try {
    // Signing in names the Vault behind the address; a log from another Vault is refused before anything changes.
    const vaultId = String((await target.signIn()).vaultId);
    done = await rollbackTransfer({ log, target, targetUrl: url, vaultId, who: whoAmI(signInName(creds)), dryRun: !!opts.dryRun, logs: journalledLogFile(file), upsertKeys,
      others, inOrder: !!opts.inOrder, inOrderHint: 'pass --in-order', ...(profile.transferLock ? { targetLock: profile.transferLock } : {}) });
  } catch (e) {
    if (e instanceof UseCaseError) throw new InputError(e.message);
    throw e;
  }
  const verb = opts.dryRun ? ['dry run: would delete', 'would restore'] : ['deleted', 'restored'];
  if (done.transfers.length > 1) {
    for (const t of done.transfers) process.stdout.write(`${t.transferId}: ${verb[0]} ${t.deleted}, ${verb[1]} ${t.restored}${t.failed ? `; ${t.failed} failed` : ''}\n`);
  }
  process.stdout.write(`${verb[0]} ${done.deleted}, ${verb[1]} ${done.restored}${done.failed.length ? `; ${done.failed.length} failed` : ''}\n`);
  if (workbook && layout && out) {
    // Each log rolled back, in the order it was: the oldest (this one) writes last, as the rows now stand.
    // Only the sheets with status columns, the styles and the log sheet change; every other part is copied as it was.
    const logs = new Map([log, ...others.map((o) => o.log)].map((l) => [l.transferId, l]));
    const results = await resultsPatch(workbook, done.transfers.map((t) => logs.get(t.transferId)!), layout);
    await writeAtomic(out, (tmp) => writePatchedWorkbook(workbook, tmp, results));
    process.stdout.write(`results: ${out}\n`);
  }
  process.exitCode = done.failed.length ? 1 : 0;
}
