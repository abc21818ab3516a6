import { rollbackTransfer } from '../../app/submit';
import { UseCaseError } from '../../app/errors';
import { InputError } from '../errors';
import { signInFromEnvOrPrompt, signInName, targetUrlOption, whoAmI } from '../credentials';
import { loadStandardOption } from '../standard-file';
import { loadProfileOption, profileUpsertKeys } from '../target-profile-file';
import { client } from '../target';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { checkOutputs, userPathOpt } from '../paths';
import { writeAtomic } from '../output';
import { loadWorkbook } from '../xlsx-read';
import { writeBackResults } from '../xlsx-results';
import { findLog, journalledLogFile, logsBeside, readLog } from '../transfer-log-file';

interface RollbackOpts { target?: string; log?: string; dryRun?: boolean; inOrder?: boolean; workbook?: string; out?: string; force?: boolean; profile?: string; standard?: string; clientId?: string; migrationMode?: boolean }


export async function rollbackCommand(id: string, opts: RollbackOpts): Promise<void> {
  const url = targetUrlOption(opts.target);
  const profile = await loadProfileOption(userPathOpt(opts.profile), await loadStandardOption(userPathOpt(opts.standard)));
  const upsertKeys = profileUpsertKeys(profile);
  const file = await findLog(id, userPathOpt(opts.log));
  const log = await readLog(file);
  if (log.transferId !== id) throw new InputError(`${file} is the log of ${log.transferId}, not ${id}`);
  // The submitted copy, when given, is read before anything changes; its statuses go to --out after.
  const workbook = userPathOpt(opts.workbook);
  const out = workbook ? userPathOpt(opts.out) ?? path.join(path.dirname(workbook), `${path.basename(workbook).replace(/\.xlsx$/i, '')}.rolled-back.xlsx`) : undefined;
  if (opts.out && !workbook) throw new InputError('--out names where the workbook given with --workbook goes; add --workbook');
  let book: ExcelJS.Workbook | null = null;
  if (workbook && !opts.dryRun) {
    await checkOutputs({ inputs: [workbook, file, userPathOpt(opts.profile), userPathOpt(opts.standard)], outputs: [{ option: '--out', file: out }], force: opts.force });
    book = await loadWorkbook(workbook);
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
  if (book && out) {
    // Each log rolled back, in the order it was: the oldest (this one) writes last, as the rows now stand.
    const logs = new Map([log, ...others.map((o) => o.log)].map((l) => [l.transferId, l]));
    for (const t of done.transfers) writeBackResults(book, logs.get(t.transferId)!);
    const b = book;
    await writeAtomic(out, (tmp) => b.xlsx.writeFile(tmp));
    process.stdout.write(`results: ${out}\n`);
  }
  process.exitCode = done.failed.length ? 1 : 0;
}
