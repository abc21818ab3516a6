/**
 * Transfer benchmark: 10,000 records to the reference CTMS on loopback at 500 per batch,
 * without faults and with 20% injected faults. Run standalone: `npx tsx bench/transfer.ts`.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from '../src/server';
import { VaultClient } from '../src/connectors';

export interface TransferBenchResult {
  records: number;
  batchSize: number;
  concurrency: number;
  seconds: number;
  recordsPerSec: number;
  faultSeconds: number;
  faultRecordsPerSec: number;
  /** Fault run time ÷ clean run time. */
  faultSlowdown: number;
  faultsInjected: number;
  /** Fault runs averaged (one seed each): with ~20 requests, which faults hit varies a lot. */
  faultRuns: number;
  failedRecords: number;
}

async function run(records: number, batchSize: number, concurrency: number, faultRate: number, seed = 1): Promise<{ seconds: number; faults: number; failed: number }> {
  // Throwaway credentials for an in-process server that lives only for this run.
  const user = { username: 'bench', password: randomBytes(16).toString('hex') };
  const server = createServer({
    port: 0,
    dbFile: ':memory:',
    users: user,
    burstLimit: 1_000_000,
    ...(faultRate > 0 ? { faults: { rate: faultRate, seed, delayMs: 2500, retryAfterSec: 1 } } : {}),
  });
  const { url } = await server.start();
  try {
    const client = new VaultClient({ baseUrl: url, ...user, batchSize, concurrency, timeoutMs: 2000, backoffBaseMs: 100, backoffMaxMs: 2000, maxRetries: 12 });
    await client.signIn();
    // As a Vault takes them: picklist value names and the country by its name (a lookup), not labels.
    const data = Array.from({ length: records }, (_, i) => ({
      external_id__v: `BENCH-ORG-${i}`,
      name__v: `Benchmark Hospital ${i}`,
      organization_type__v: 'hospital__v',
      address_line_1__v: `${i} Main Street`,
      city__v: 'Boston',
      state_province__v: 'MA',
      postal_code__v: String(10000 + (i % 89999)),
      'country__vr.name__v': 'US',
      phone__v: '+16175550100',
    }));
    const t = performance.now();
    const results = await client.upsert('organization__v', data, 'external_id__v');
    const seconds = (performance.now() - t) / 1000;
    const stored = (server.db.prepare('SELECT COUNT(*) AS n FROM organization__v').get() as { n: number }).n;
    if (stored !== records) throw new Error(`expected ${records} records in the target, found ${stored}`);
    const faults = Object.values(server.faultCounts()).reduce((a, b) => a + b, 0);
    return { seconds, faults, failed: results.filter((r) => !r.ok).length };
  } finally {
    await server.stop();
  }
}

export async function benchTransfer(options: { records?: number; batchSize?: number; concurrency?: number; faultRate?: number; faultRuns?: number } = {}): Promise<TransferBenchResult> {
  const records = options.records ?? 10_000;
  const batchSize = options.batchSize ?? 500;
  const concurrency = options.concurrency ?? 4;
  await run(1000, batchSize, concurrency, 0); // warm-up: JIT, prepared statements, sockets
  const clean = await run(records, batchSize, concurrency, 0);
  const faultRuns = options.faultRuns ?? 5;
  const faultyRuns = [];
  for (let seed = 1; seed <= faultRuns; seed++) faultyRuns.push(await run(records, batchSize, concurrency, options.faultRate ?? 0.2, seed));
  const faulty = {
    seconds: faultyRuns.reduce((a, r) => a + r.seconds, 0) / faultRuns,
    faults: faultyRuns.reduce((a, r) => a + r.faults, 0),
    failed: faultyRuns.reduce((a, r) => a + r.failed, 0),
  };
  const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
  return {
    records,
    batchSize,
    concurrency,
    seconds: round(clean.seconds, 3),
    recordsPerSec: Math.round(records / clean.seconds),
    faultSeconds: round(faulty.seconds, 3),
    faultRecordsPerSec: Math.round(records / faulty.seconds),
    faultSlowdown: round(faulty.seconds / clean.seconds),
    faultsInjected: faulty.faults,
    faultRuns,
    failedRecords: clean.failed + faulty.failed,
  };
}

const isMain = typeof process !== 'undefined' && process.argv[1] !== undefined && /bench[\\/]transfer\.ts$/.test(process.argv[1]);
if (isMain) {
  benchTransfer().then((r) => {
    console.log(`transfer: ${r.records} records, ${r.batchSize}/batch, concurrency ${r.concurrency}`);
    console.log(`  no faults : ${r.recordsPerSec} records/s (${r.seconds} s)`);
    console.log(`  20% faults: ${r.faultRecordsPerSec} records/s (mean of ${r.faultRuns} seeded runs, ${r.faultSeconds} s each, ${r.faultsInjected} faults injected in all) — slowdown ×${r.faultSlowdown}`);
    if (r.failedRecords) console.log(`  FAILED records: ${r.failedRecords}`);
  }, (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
