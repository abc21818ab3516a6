import os from 'node:os';
import path from 'node:path';
import { countLog } from '../../core/transfer/log';
import type { DateOrder } from '../../core/transform/dates';
import { checkLogTarget, dryRunSubmission, planSubmission, readBackOf, submitPlan, SubmitStopped } from '../../app/submit';
import { UseCaseError } from '../../app/errors';
import { InputError } from '../errors';
import { describeFailure } from '../failure';
import { writeAtomic } from '../output';
import { checkOutputs, userPath, userPathOpt } from '../paths';
import { createProgress } from '../progress';
import { loadStandardOption } from '../standard-file';
import { resultsPatch } from '../xlsx-patch/results';
import { writePatchedWorkbook } from '../xlsx-patch/writer';
import { openXlsxSource } from '../xlsx-source';
import { decidedValues } from '../../core/mapping';
import { partnerLayout, partnerSheetName } from '../partner-layout';
import { isCsv } from '../partner-read';
import { profileLine } from '../profile-source';
import { signInFromEnvOrPrompt, signInName, targetUrlOption, whoAmI } from '../credentials';
import { loadProfileOption, profileUpsertKeys } from '../target-profile-file';
import { client } from '../target';
import { journalledLogFile, logPathFor, logPathOf, readLog } from '../transfer-log-file';
import type { LogSink } from '../../app/submit';
import { acquireTransferLock } from '../transfer-lock';

interface SubmitOpts { target?: string; batchSize: number; standard?: string; dateOrder?: DateOrder; acceptProposals?: boolean; dryRun?: boolean; resume?: string; out?: string; force?: boolean; breakLock?: boolean; profile?: string; clientId?: string; migrationMode?: boolean; mapping?: string; entity?: string }


export async function submitCommand(fileArg: string, given: SubmitOpts): Promise<void> {
  const file = userPath(fileArg);
  const opts = { ...given, standard: userPathOpt(given.standard), resume: userPathOpt(given.resume), out: userPathOpt(given.out), profile: userPathOpt(given.profile), mapping: userPathOpt(given.mapping) };
  const url = targetUrlOption(opts.target);
  if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1 || opts.batchSize > 500) throw new InputError('--batch-size must be a whole number from 1 to 500');
  const std = await loadStandardOption(opts.standard);
  const profile = await loadProfileOption(opts.profile, std);
  const upsertKeys = profileUpsertKeys(profile);
  const out = opts.out ?? path.join(path.dirname(file), `${path.basename(file).replace(/\.(xlsx|csv)$/i, '')}.submitted.xlsx`);
  const resume = opts.resume ? await readLog(opts.resume) : undefined;
  // A log that cannot be resumed (rolled back, another target) says so before anything else.
  if (resume) {
    try { checkLogTarget(resume, url, 'resume'); } catch (e) { throw e instanceof UseCaseError ? new InputError(e.message) : e; }
  }
  if (!opts.dryRun) await checkOutputs({ inputs: [file, opts.standard, opts.resume, opts.profile, opts.mapping], outputs: [{ option: '--out', file: out }], force: opts.force });
  // A real transfer writes its results into a copy of the workbook: a CSV has none, so say so before anything is sent.
  if (!opts.dryRun && isCsv(file)) throw new InputError('results are written into a copy of an .xlsx workbook; a CSV file has none (save it as .xlsx first)');
  // Streamed: the copy with results is patched into the file's own parts, so no workbook model is built.
  const source = await openXlsxSource(file, std, { mapping: opts.mapping, entity: opts.entity });
  const mapping = source.mapping();
  const mapLine = profileLine(source.profile(), Boolean(opts.mapping));
  if (mapLine) process.stderr.write(`${mapLine}\n`);
  const dateOrder = opts.dateOrder ?? source.storedDateOrder();
  const { plan, merges, overrides } = await planSubmission(source, { std, dateOrder, acceptProposals: !!opts.acceptProposals, profile, values: decidedValues(mapping) });
  // Duplicate decisions and flag overrides a steward made in the pane travel in the workbook's add-in settings.
  if (merges) process.stderr.write(`Applying ${merges} duplicate merge decision${merges > 1 ? 's' : ''} from the workbook\n`);
  if (overrides) process.stderr.write(`Applying ${overrides} flag override${overrides > 1 ? 's' : ''} from the workbook\n`);
  if (!opts.dateOrder && dateOrder) process.stderr.write(`Reading text dates as ${dateOrder}, the order chosen for this workbook in the pane\n`);
  const creds = await signInFromEnvOrPrompt();
  const target = client(url, creds, opts.batchSize, { ...(opts.clientId ? { clientId: opts.clientId } : {}), migrationMode: !!opts.migrationMode });
  // Sign in before anything is logged: a wrong password or an unreachable target is one line, with no log left behind.
  const vaultId = String((await target.signIn()).vaultId);
  if (opts.dryRun) {
    let entities;
    try {
      entities = await dryRunSubmission(plan, target, upsertKeys, { preflight: true, columns: readBackOf(std, profile) });
    } catch (e) {
      if (e instanceof UseCaseError) throw new InputError(e.message);
      throw e;
    }
    for (const e of entities) {
      process.stdout.write(`${partnerSheetName(mapping, e.sheet)}: would create ${e.create}, update ${e.update}, leave ${e.unchanged} unchanged, hold back ${e.heldBack.length}\n`);
      for (const h of e.heldBack.slice(0, 5)) process.stdout.write(`  row ${h.row}: ${h.reason}\n`);
    }
    return;
  }
  const who = resume?.who ?? whoAmI(signInName(creds));
  const lock = await acquireTransferLock(file, { who, ...(resume ? { transferId: resume.transferId } : {}), breakLock: !!opts.breakLock });
  try {
    await transfer();
  } finally {
    await lock.release();
  }

  async function transfer(): Promise<void> {
    let logPath = opts.resume ? logPathOf(opts.resume) : '';
    let sink: LogSink | null = null;
    const progress = createProgress('submit');
    let outcome;
    try {
      outcome = await submitPlan({
        onStart: (l) => { void lock.setTransfer(l.transferId); },
        plan, target, targetUrl: url, who, batchSize: opts.batchSize, upsertKeys, preflight: true, readBack: readBackOf(std, profile),
        ...(profile.transferLock ? { targetLock: { object: profile.transferLock.object, holder: `${who} on ${os.hostname()} (${path.basename(file)})`, breakLock: !!opts.breakLock, breakHint: 'run again with --break-lock' } } : {}),
        ...(resume ? { resume } : {}),
        // The log path is named only once a log is really there to resume from.
        vaultId,
        logs: { save: async (l, change) => { const p = logPath || logPathFor(file, l.transferId); sink ??= journalledLogFile(p); await sink.save(l, change); logPath = p; }, close: () => sink?.close?.() },
        onProgress: (entity, done, total) => progress.update(done, Math.max(total, 1), entity),
        afterTransfer: async () => progress.stop(),
      });
    } catch (e) {
      progress.stop();
      if (e instanceof UseCaseError) throw new InputError(e.message);
      if (e instanceof SubmitStopped) throw new InputError(stoppedLine(e, logPath, fileArg, url));
      throw e;
    }
    const { log, reconciliation: rec } = outcome;
    // The submitted copy is the partner's file with the result columns (after its last column, on its
    // header row) and the log sheet patched in; every other part is copied as it was.
    const results = await resultsPatch(file, log, partnerLayout(mapping));
    await writeAtomic(out, (tmp) => writePatchedWorkbook(file, tmp, results));
    const c = countLog(log);
    const records = c.sent + c.failed;
    process.stdout.write(`transfer ${log.transferId}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.failed} failed, ${c.heldBack} held back; reconciliation: ${rec.checked} checked, ${rec.discrepancies.length} discrepancies\nrequests: ${target.requests}${records ? ` (${(target.requests / records).toFixed(3)} per record)` : ''}\nlog: ${logPath}\nresults: ${out}\n`);
    process.exitCode = c.failed > 0 ? 1 : 0;
  }
}

/** A stopped transfer: why, where its log is, and the command that continues it. */
function stoppedLine(e: SubmitStopped, logPath: string, file: string, url: string): string {
  const said = describeFailure(e.cause).replace(/\.$/, '');
  const cause = said.charAt(0).toLowerCase() + said.slice(1);
  if (!logPath) return `transfer ${e.log.transferId} did not start: ${cause}; nothing was sent`;
  return `transfer ${e.log.transferId} stopped: ${cause}. Its log is ${logPath}; continue with: ctms-collect submit ${file} --target ${url} --resume ${logPath}`;
}
