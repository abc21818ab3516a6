import path from 'node:path';
import { promises as fs } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import { dedupeWorkbook, classifyAgainstTarget, type TargetRecords } from '../core/master';
import { planTransfer, startLog, runTransfer, runRollback, reconcile, countLog, type TransferLog } from '../core/transfer';
import type { Standard } from '../core/standard/schema';
import { verifyWorkbook } from '../core/verify/engine';
import { applyProposals } from '../core/transform/apply';
import type { DateOrder } from '../core/transform/dates';
import { VaultClient } from '../connectors';
import { runServe } from '../server/serve';
import { InputError } from './errors';
import { writeAtomic, writeTextAtomic } from './output';
import { createProgress } from './progress';
import { loadStandardOption } from './standard-file';
import { readWorkbookFile } from './xlsx-read';
import { writeBackResults } from './xlsx-results';
import { readAddinSettings } from './addin-settings';
import { parseDecisions, mergedRowsFor, DECISIONS_SETTING } from '../core/master/decisions';
import { parseOverrides, OVERRIDES_SETTING } from '../core/verify/overrides';
import { credentialsFromEnvOrPrompt, targetUrlOption, whoAmI } from './credentials';

function client(url: string, creds: { username: string; password: string }, batchSize?: number): VaultClient {
  try {
    return new VaultClient({ baseUrl: url, username: creds.username, password: creds.password, ...(batchSize ? { batchSize } : {}) });
  } catch (e) {
    throw new InputError((e as Error).message);
  }
}

/**
 * The target's records of every entity, by standard field key, for create/reuse/update.
 * References come back as target ids; they are turned back into the referenced
 * record's key values (parents are read first), so they compare with the sheet.
 */
async function readTargetRecords(std: Standard, target: VaultClient): Promise<TargetRecords> {
  const out: TargetRecords = {};
  const order = std.submitOrder.length ? std.submitOrder : std.entities.map((e) => e.key);
  const byId = new Map<string, Map<string, Record<string, string | number | boolean | null>>>();
  for (const key of order) {
    const e = std.entities.find((x) => x.key === key)!;
    const mapped = e.fields.filter((f) => f.targetField);
    const select = ['id', ...new Set(mapped.map((f) => f.targetField!))];
    const rows = await target.query(`SELECT ${select.join(', ')} FROM ${e.targetObject}`);
    const ids = new Map<string, Record<string, string | number | boolean | null>>();
    byId.set(key, ids);
    out[key] = rows.map((r) => {
      const fields: Record<string, string | number | boolean | null> = {};
      for (const f of mapped) {
        const v = (r[f.targetField!] ?? null) as string | number | boolean | null;
        if (f.targetValue === 'targetId' && f.reference) {
          const parent = v === null ? undefined : byId.get(f.reference.entity)?.get(String(v));
          if (!parent) continue;
          const local = f.reference.localFields ?? [f.key];
          f.reference.fields.forEach((pf, i) => { fields[local[i]!] = parent[pf] ?? null; });
        } else fields[f.key] = v;
      }
      ids.set(String(r.id), fields);
      return { id: String(r.id), fields };
    });
  }
  return out;
}

function logPathFor(file: string, transferId: string): string {
  const base = path.basename(file).replace(/\.xlsx$/i, '');
  return path.join(path.dirname(path.resolve(file)), `${base}.transfer-${transferId}.json`);
}

async function findLog(id: string, explicit?: string): Promise<string> {
  if (explicit) return explicit;
  const files = (await fs.readdir('.')).filter((f) => f.endsWith(`.transfer-${id}.json`));
  if (!files.length) throw new InputError(`No transfer log for ${id} in this folder; pass --log FILE`);
  return files[0]!;
}

async function readLog(file: string): Promise<TransferLog> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as TransferLog;
  } catch {
    throw new InputError(`Cannot read transfer log ${file}`);
  }
}

export function registerExtraCommands(program: Command): void {
  program.command('dedupe')
    .description('duplicate candidates within and across sheets; with --target, create/reuse/update against the target CTMS')
    .argument('<file>', 'the .xlsx workbook')
    .option('--json <file>', 'write the duplicate report here')
    .option('--standard <file>', 'a custom standard (JSON)')
    .option('--target <url>', 'target CTMS (or CTMS_TARGET_URL); credentials from CTMS_USER/CTMS_PASSWORD or a prompt')
    .action(async (file: string, opts: { json?: string; standard?: string; target?: string }) => {
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

  program.command('submit')
    .description('send the rows that pass validation to the target CTMS in logged, reversible batches')
    .argument('<file>', 'the .xlsx workbook')
    .option('--target <url>', 'target CTMS base URL (or CTMS_TARGET_URL)')
    .option('--batch-size <n>', 'records per request (max 500)', (v) => Number(v), 500)
    .option('--standard <file>', 'a custom standard (JSON)')
    .addOption(new Option('--date-order <order>', 'day/month order of text dates').choices(['MDY', 'DMY', 'YMD']))
    .option('--accept-proposals', 'send proposed transformations as accepted (otherwise rows with pending proposals are held back)')
    .option('--dry-run', 'show what would be created, updated and held back; send nothing')
    .option('--resume <log>', 'continue an interrupted transfer from its log')
    .option('--out <file>', 'copy of the workbook with status and target id columns (default FILE.submitted.xlsx)')
    .action(async (file: string, opts: { target?: string; batchSize: number; standard?: string; dateOrder?: DateOrder; acceptProposals?: boolean; dryRun?: boolean; resume?: string; out?: string }) => {
      const url = targetUrlOption(opts.target);
      if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1 || opts.batchSize > 500) throw new InputError('--batch-size must be a whole number from 1 to 500');
      const std = await loadStandardOption(opts.standard);
      const out = opts.out ?? path.join(path.dirname(file), `${path.basename(file).replace(/\.xlsx$/i, '')}.submitted.xlsx`);
      if (path.resolve(out) === path.resolve(file)) throw new InputError('Refusing to overwrite the input; choose another --out');
      const { wb, data } = await readWorkbookFile(file, std);
      // Duplicate decisions and flag overrides a steward made in the pane travel in the workbook's add-in settings.
      const settings = await readAddinSettings(file);
      const mergedRows = mergedRowsFor(parseDecisions(settings.get(DECISIONS_SETTING) ?? null), data);
      const overrides = parseOverrides(settings.get(OVERRIDES_SETTING) ?? null);
      const merges = Object.values(mergedRows).reduce((n, m) => n + Object.keys(m).length, 0);
      if (merges) process.stderr.write(`Applying ${merges} duplicate merge decision${merges > 1 ? 's' : ''} from the workbook\n`);
      if (overrides.length) process.stderr.write(`Applying ${overrides.length} flag override${overrides.length > 1 ? 's' : ''} from the workbook\n`);
      const plan = planTransfer(std, data, { dateOrder: opts.dateOrder, acceptProposals: opts.acceptProposals, mergedRows, overrides });
      const creds = await credentialsFromEnvOrPrompt();
      const target = client(url, creds, opts.batchSize);
      if (opts.dryRun) {
        for (const e of plan.entities) {
          const existing = e.records.length ? await target.findByExternalIds(e.object, 'external_id__v', e.records.map((r) => r.externalId)) : new Map();
          const upd = e.records.filter((r) => existing.has(r.externalId)).length;
          process.stdout.write(`${e.sheet}: would create ${e.records.length - upd}, update ${upd}, hold back ${e.heldBack.length}\n`);
          for (const h of e.heldBack.slice(0, 5)) process.stdout.write(`  row ${h.row}: ${h.reason}\n`);
        }
        return;
      }
      const log = opts.resume ? await readLog(opts.resume) : startLog(plan, { targetUrl: url, who: whoAmI(creds.username) });
      if (opts.resume && log.status === 'rolledBack') throw new InputError(`Transfer ${log.transferId} was rolled back; submit again without --resume`);
      if (opts.resume && log.target.replace(/\/+$/, '') !== url.replace(/\/+$/, '')) throw new InputError(`Transfer ${log.transferId} went to ${log.target}; resume it with --target ${log.target}`);
      const logFile = opts.resume ?? logPathFor(file, log.transferId);
      const progress = createProgress('submit');
      await runTransfer(plan, log, {
        target, targetUrl: url, who: log.who, batchSize: opts.batchSize,
        save: (l) => writeTextAtomic(logFile, `${JSON.stringify(l, null, 1)}\n`),
        onProgress: (entity, done, total) => progress.update(done, Math.max(total, 1), entity),
      });
      progress.stop();
      const rec = await reconcile(log, target);
      writeBackResults(wb, log);
      await writeAtomic(out, (tmp) => wb.xlsx.writeFile(tmp));
      const c = countLog(log);
      process.stdout.write(`transfer ${log.transferId}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.failed} failed, ${c.heldBack} held back; reconciliation: ${rec.checked} checked, ${rec.discrepancies.length} discrepancies\nlog: ${logFile}\nresults: ${out}\n`);
      process.exitCode = c.failed > 0 ? 1 : 0;
    });

  program.command('rollback')
    .description('undo a transfer: delete what it created, restore what it updated (children first)')
    .argument('<transferId>', 'the transfer id printed by submit')
    .option('--target <url>', 'target CTMS base URL (or CTMS_TARGET_URL)')
    .option('--log <file>', 'the transfer log (default: FILE.transfer-ID.json in this folder)')
    .option('--dry-run', 'list what would be deleted and restored; change nothing')
    .action(async (id: string, opts: { target?: string; log?: string; dryRun?: boolean }) => {
      const url = targetUrlOption(opts.target);
      const file = await findLog(id, opts.log);
      const log = await readLog(file);
      if (log.transferId !== id) throw new InputError(`${file} is the log of ${log.transferId}, not ${id}`);
      const creds = await credentialsFromEnvOrPrompt();
      const { actions, failed } = await runRollback(log, client(url, creds), whoAmI(creds.username), !!opts.dryRun);
      await writeTextAtomic(file, `${JSON.stringify(log, null, 1)}\n`);
      const del = actions.filter((a) => a.kind === 'delete').length;
      process.stdout.write(`${opts.dryRun ? 'dry run: would delete' : 'deleted'} ${del}, ${opts.dryRun ? 'would restore' : 'restored'} ${actions.length - del}${failed.length ? `; ${failed.length} failed` : ''}\n`);
      process.exitCode = failed.length ? 1 : 0;
    });

  program.command('serve')
    .description('run the reference CTMS server (Vault-compatible API subset) on loopback')
    .option('--port <n>', 'port', (v) => Number(v), 8787)
    .option('--db <file>', 'SQLite database file', 'ctms-reference.db')
    .option('--host <host>', 'address to bind (loopback by default)', '127.0.0.1')
    .option('--faults <rate>', 'TEST FACILITY: inject faults into this share of requests (0..1)', (v) => Number(v))
    .option('--allow-origin <url>', 'also allow this browser origin by CORS (repeatable; the add-in\'s https://localhost:3000 always is)', (v: string, all: string[]) => [...all, v], [] as string[])
    .action(async (opts: { port: number; db: string; host: string; faults?: number; allowOrigin: string[] }) => {
      if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new InputError('--port must be a port number');
      if (opts.faults !== undefined && !(opts.faults >= 0 && opts.faults <= 1)) throw new InputError('--faults must be a rate between 0 and 1');
      try {
        await runServe({ port: opts.port, db: opts.db, host: opts.host, faults: opts.faults, allowedOrigins: opts.allowOrigin });
      } catch (e) {
        throw new InputError((e as Error).message);
      }
      // Keep running until a signal stops the server.
      await new Promise<never>(() => undefined);
    });
}
