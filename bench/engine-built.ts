import fs from 'node:fs';
import path from 'node:path';

/**
 * The engine benchmark on the code as it ships: bench/engine.ts bundled by
 * esbuild with the command line's own options (dist-cli/main.js is built the
 * same way; the pane's production webpack build likewise joins modules into
 * one scope). Run from the sources through tsx, every call between modules
 * goes through an export getter that the shipped code does not have.
 */
export function benchEngineBuilt(): Record<string, number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS build helpers, shared with scripts/build-cli.js
  const esbuild = require('esbuild') as typeof import('esbuild');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { nodeBundle } = require('../scripts/esbuild-node') as { nodeBundle: (entry: string, outfile: string) => import('esbuild').BuildOptions };
  // Inside the project, so that the bundle's require('ajv') finds node_modules.
  const cache = path.join(__dirname, '..', 'node_modules', '.cache');
  fs.mkdirSync(cache, { recursive: true });
  const dir = fs.mkdtempSync(path.join(cache, 'ctms-bench-engine-'));
  try {
    const outfile = path.join(dir, 'engine.js');
    esbuild.buildSync(nodeBundle(path.join(__dirname, 'engine.ts'), outfile));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const built = require(outfile) as { benchEngine: (build: string) => Record<string, number> };
    return built.benchEngine('as shipped: esbuild bundle, like dist-cli/main.js');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) benchEngineBuilt();
