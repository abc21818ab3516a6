/**
 * `submit` benchmark: a workbook of N records (half organizations, half investigators who refer
 * to them) sent to the reference CTMS with a file database, in this process, paired with its
 * baselines on a fresh database each:
 * - raw client: the same payloads upserted straight through the client (no log, no images);
 * - transfer phase: runTransfer with the command line's journalled log (what submit does between
 *   planning and writing the results back);
 * - transfer phase as before: the whole JSON log rewritten before and after every batch, one batch
 *   at a time (the behaviour this replaced), for the before/after figure;
 * - the command line end to end (read the .xlsx, plan, transfer, reconcile, write the results copy).
 * Log bytes per record and requests per record are reported for each.
 * Run standalone: `npx tsx bench/submit.ts [records…]`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer } from '../src/server';
import { VaultClient } from '../src/connectors';
import { defaultStandard } from '../src/core/standard/load';
import { planTransfer, runTransfer, startLog, type LogChange, type TransferLog, type TransferPlan } from '../src/core/transfer';
import { journalPathFor, journalledLogFile } from '../src/cli/transfer-log-file';
import { writeTextAtomic } from '../src/cli/output';
import { main as cliMain } from '../src/cli/main';
import { wb, TODAY, type Sheets } from '../testing/builders/wb';
import { writeWorkbook } from '../testing/builders/xlsx';

const std = defaultStandard();
const user = { username: 'bench', password: randomBytes(16).toString('hex') };

export interface SubmitVariant { seconds: number; recordsPerSec: number; requestsPerRecord: number; logBytesPerRecord: number; journalBytesPerRecord?: number }
export interface SubmitBenchResult {
  records: number;
  raw: SubmitVariant;
  transfer: SubmitVariant;
  /** Absent above BEFORE_UP_TO records: rewriting the whole log per batch grows with the square of the records. */
  before?: SubmitVariant;
  cli: SubmitVariant;
  /** Raw client time ÷ transfer-phase time (1 = as fast as the raw client; target ≥ 0.5). */
  transferVsRaw: number;
  beforeVsRaw?: number;
}

function sheets(n: number): Sheets {
  const orgs = Math.ceil(n / 2);
  return {
    Organizations: Array.from({ length: orgs }, (_, i) => ({ 'Organization ID': `ORG-${i}`, 'Organization Name': `Benchmark Hospital ${i}`, 'Organization Type': 'Hospital', City: 'Boston', 'State/Province': 'MA', 'Postal Code': String(10000 + i), Country: 'US', Phone: '+16175550100' })),
    Investigators: Array.from({ length: n - orgs }, (_, i) => ({ Email: `person${i}@hospital${i % orgs}.example.org`, 'First Name': 'Ann', 'Last Name': `Smith${i}`, Title: 'Dr.', 'Organization ID': `ORG-${i % orgs}`, Country: 'US' })),
  };
}

async function withServer<T>(dir: string, name: string, fn: (url: string, db: () => number) => Promise<T>): Promise<T> {
  const server = createServer({ port: 0, dbFile: path.join(dir, `${name}.db`), users: user, burstLimit: 1_000_000 });
  const { url } = await server.start();
  try {
    const count = () => ['organization__v', 'person__sys'].reduce((n, o) => n + (server.db.prepare(`SELECT COUNT(*) AS n FROM "${o}"`).get() as { n: number }).n, 0);
    return await fn(url, count);
  } finally {
    await server.stop();
  }
}

const variant = (records: number, seconds: number, requests: number, logBytes: number, journalBytes?: number): SubmitVariant => ({
  seconds: Math.round(seconds * 1000) / 1000,
  recordsPerSec: Math.round(records / seconds),
  requestsPerRecord: Math.round((requests / records) * 1000) / 1000,
  logBytesPerRecord: Math.round(logBytes / records),
  ...(journalBytes !== undefined ? { journalBytesPerRecord: Math.round(journalBytes / records) } : {}),
});

function check(records: number, stored: number, what: string): void {
  if (stored !== records) throw new Error(`${what}: expected ${records} records in the target, found ${stored}`);
}

const BEFORE_UP_TO = 20_000;

async function raw(dir: string, plan: TransferPlan, records: number): Promise<SubmitVariant> {
  return withServer(dir, 'raw', async (url, stored) => {
    const client = new VaultClient({ baseUrl: url, ...user });
    await client.signIn();
    const before = client.requests;
    const t = performance.now();
    // The same payloads, references left out (the raw client has no ids to put in them).
    for (const e of plan.entities) await client.upsert(e.object, e.records.map((r) => ({ ...r.fields })), 'external_id__v');
    const seconds = (performance.now() - t) / 1000;
    check(records, stored(), 'raw client');
    return variant(records, seconds, client.requests - before, 0);
  });
}

async function transferPhase(dir: string, plan: TransferPlan, records: number, mode: 'journal' | 'before'): Promise<SubmitVariant> {
  return withServer(dir, mode, async (url, stored) => {
    const client = new VaultClient({ baseUrl: url, ...user });
    await client.signIn();
    const file = path.join(dir, `${mode}.transfer-T.json`);
    const log = startLog(plan, { targetUrl: url, who: 'bench' });
    let journalBytes = 0;
    const journal = journalledLogFile(file);
    const save = mode === 'journal'
      ? async (l: TransferLog, change?: LogChange) => {
        await journal.save(l, change);
        if (l.status === 'running') journalBytes = (await fs.stat(journalPathFor(file))).size;
      }
      : (l: TransferLog) => writeTextAtomic(file, `${JSON.stringify(l, null, 1)}\n`);
    const before = client.requests;
    const t = performance.now();
    await save(log);
    await runTransfer(plan, log, { target: client, targetUrl: url, who: 'bench', save, ...(mode === 'before' ? { concurrency: 1 } : {}) });
    const seconds = (performance.now() - t) / 1000;
    check(records, stored(), mode);
    if (log.status !== 'done') throw new Error(`${mode}: transfer ended ${log.status}`);
    return variant(records, seconds, client.requests - before, (await fs.stat(file)).size, mode === 'journal' ? journalBytes : undefined);
  });
}

async function cli(dir: string, sheetsFile: string, records: number): Promise<SubmitVariant> {
  return withServer(dir, 'cli', async (url, stored) => {
    const env = { user: process.env.CTMS_USER, password: process.env.CTMS_PASSWORD };
    process.env.CTMS_USER = user.username;
    process.env.CTMS_PASSWORD = user.password;
    let out = '';
    const write = process.stdout.write.bind(process.stdout);
    const writeErr = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((s: string | Uint8Array) => { out += String(s); return true; }) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    const t = performance.now();
    let code: number;
    try {
      code = await cliMain(['node', 'ctms-collect', 'submit', sheetsFile, '--target', url, '--accept-proposals', '--force']);
    } finally {
      process.stdout.write = write;
      process.stderr.write = writeErr;
      process.env.CTMS_USER = env.user;
      process.env.CTMS_PASSWORD = env.password;
      process.exitCode = undefined;
    }
    const seconds = (performance.now() - t) / 1000;
    if (code !== 0) throw new Error(`submit exited ${code}: ${out}`);
    check(records, stored(), 'submit');
    const requests = Number(/requests: (\d+)/.exec(out)?.[1] ?? NaN);
    const logFile = /log: (.*)/.exec(out)?.[1] ?? '';
    return variant(records, seconds, requests, (await fs.stat(logFile)).size);
  });
}

export async function benchSubmit(sizes: number[] = [2_000, 20_000]): Promise<SubmitBenchResult[]> {
  const out: SubmitBenchResult[] = [];
  for (const n of [200, ...sizes]) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ctms-bench-submit-'));
    try {
      const s = sheets(n);
      const plan = planTransfer(std, wb(s), { today: TODAY, acceptProposals: true });
      const records = plan.entities.reduce((k, e) => k + e.records.length, 0);
      if (records !== n) throw new Error(`planned ${records} of ${n} records`);
      const file = path.join(dir, 'bench.xlsx');
      await writeWorkbook(file, s);
      const rawR = await raw(dir, plan, n);
      const transfer = await transferPhase(dir, plan, n, 'journal');
      // The old way is quadratic: at 200,000 records it would rewrite a 150 MB log 800 times (hours).
      const before = n <= BEFORE_UP_TO ? await transferPhase(dir, plan, n, 'before') : undefined;
      const cliR = await cli(dir, file, n);
      // The first, small size only warms up (JIT, prepared statements, sockets).
      if (n === 200) continue;
      out.push({ records: n, raw: rawR, transfer, cli: cliR, transferVsRaw: Math.round((rawR.seconds / transfer.seconds) * 100) / 100, ...(before ? { before, beforeVsRaw: Math.round((rawR.seconds / before.seconds) * 100) / 100 } : {}) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

export function printSubmit(results: SubmitBenchResult[]): void {
  console.log('submit: half organizations, half investigators referring to them; reference CTMS with a file database, in this process; a fresh database per run');
  for (const r of results) {
    const line = (name: string, v: SubmitVariant) => console.log(`  ${name.padEnd(34)} ${v.seconds.toFixed(2).padStart(7)} s ${String(v.recordsPerSec).padStart(7)} records/s  ${v.requestsPerRecord.toFixed(3)} requests/record${v.logBytesPerRecord ? `  log ${v.logBytesPerRecord} B/record` : ''}${v.journalBytesPerRecord ? `, journal ${v.journalBytesPerRecord} B/record` : ''}`);
    console.log(` ${r.records.toLocaleString('en-US')} records:`);
    line('raw client', r.raw);
    line('transfer phase (journal, overlap)', r.transfer);
    if (r.before) line('transfer phase as before', r.before);
    line('submit end to end (CLI)', r.cli);
    console.log(`  transfer phase ${r.transferVsRaw}× the raw client (target ≥ 0.5×)${r.beforeVsRaw !== undefined ? `; as before ${r.beforeVsRaw}×` : ''}`);
  }
}

const isMain = typeof process !== 'undefined' && process.argv[1] !== undefined && /bench[\\/]submit\.ts$/.test(process.argv[1]);
if (isMain) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  console.log(`load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`);
  benchSubmit(sizes.length ? sizes : undefined).then(printSubmit, (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
