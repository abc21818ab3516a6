/**
 * `npm run bench`: every benchmark, each against a baseline run side by side
 * in the same process. Figures go to docs/benchmarks.md by hand, with the machine.
 */
import os from 'node:os';
import { benchEngine } from './engine';
import { benchCli } from './cli';

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  benchEngine();
  await benchCli();
  const extra: [string, string][] = [['./dedupe', 'benchDedupe'], ['./transfer', 'benchTransfer']];
  for (const [mod, fn] of extra) {
    try {
      const m = (await import(mod)) as Record<string, () => Promise<unknown>>;
      if (typeof m[fn] === 'function') await m[fn]!();
    } catch (e) {
      console.log(`${mod}: not run (${(e as Error).message.split('\n')[0]})`);
    }
  }
}

void main();
