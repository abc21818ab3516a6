/**
 * `npm run bench`: every benchmark, each against a baseline run side by side
 * in the same run. Figures go to docs/benchmarks.md, with the machine and its load.
 * BENCH_BIG=1 adds the large sizes: 1,048,575 rows for read and annotate, 200,000
 * records for submit (about half an hour more on 2 cores).
 */
import os from 'node:os';
import { benchEngine } from './engine';
import { benchEngineBuilt } from './engine-built';
import { benchCli } from './cli';
import { benchRead } from './read';
import { benchDedupe } from './dedupe';
import { benchTransfer } from './transfer';
import { benchSubmit, printSubmit } from './submit';
import { benchMapping } from './mapping';
import { benchAnnotate } from './annotate';
import { benchDedupeCli } from './dedupe-cli';

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(2)}`);
  benchEngineBuilt();
  benchEngine();
  await benchCli();
  // 100,000 rows; BENCH_BIG=1 adds the 1,048,575-row run (minutes).
  await benchRead();
  await benchMapping();
  console.log('dedupe: 100,000 generated persons with injected variants; blocked vs naive all-pairs on 5,000');
  await benchDedupe();
  await benchDedupeCli();
  const t = await benchTransfer();
  console.log(`transfer: ${t.records} records to the reference CTMS on loopback, ${t.batchSize}/batch, concurrency ${t.concurrency}`);
  console.log(`  no faults : ${t.recordsPerSec} records/s (target ≥ 2,000/s)`);
  console.log(`  20% faults: ${t.faultRecordsPerSec} records/s (mean of ${t.faultRuns} seeded runs, ${t.faultsInjected} faults injected) — slowdown ×${t.faultSlowdown}`);
  // BENCH_BIG=1 adds 200,000 records (minutes).
  printSubmit(await benchSubmit([2_000, 20_000, ...(process.env.BENCH_BIG === '1' ? [200_000] : [])]));
  await benchAnnotate();
}

void main();
