/**
 * Command-line start-up (issue 15): `ctms-collect --help` and `validate` of the
 * small sample workbook, each through bin/ctms-collect.js in a fresh process
 * (the compiled CLI, built first when it is older than the sources), paired with
 * a bare `node -e 0` in the same run: what the product adds to starting Node.
 * Best of BENCH_CLI_RUNS (default 5). Bigger files: bench/read.ts.
 *
 *   node --import tsx bench/cli.ts
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'ctms-collect.js');
const SAMPLE = path.join(ROOT, 'samples', 'sample-migration.xlsx');
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 5);

function timed(args: string[]): { ms: number; code: number | null } {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { ms: performance.now() - t, code: r.status };
}

function best(args: string[]): number {
  let min = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const r = timed(args);
    if (r.code !== 0 && r.code !== 1) throw new Error(`${args.join(' ')} exited ${r.code}`);
    min = Math.min(min, r.ms);
  }
  return min;
}

export async function benchCli(): Promise<Record<string, number>> {
  // The compiled CLI is what users run after a build; bin/ keeps it only while it is current.
  spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-cli.js')], { cwd: ROOT, stdio: 'ignore' });
  const node = best(['-e', '0']);
  const help = best([BIN, '--help']);
  const validate = best([BIN, 'validate', SAMPLE, '--quiet']);
  console.log(`cli start (best of ${RUNS}, fresh process each): bare node ${(node / 1000).toFixed(2)} s; ctms-collect --help ${(help / 1000).toFixed(2)} s (target ≤ 0.3 s), ${(help / node).toFixed(2)}× bare node; validate of the sample workbook ${(validate / 1000).toFixed(2)} s, ${(validate / node).toFixed(2)}× bare node`);
  return { nodeMs: node, helpMs: help, validateSampleMs: validate };
}

if (require.main === module) void benchCli();
