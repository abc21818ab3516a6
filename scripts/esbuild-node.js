/**
 * How TypeScript is bundled to run under Node, as the command line ships
 * (scripts/build-cli.js) and as the engine benchmark measures it
 * (bench/engine-built.ts): one CommonJS file, dependencies left in node_modules.
 */
const path = require('node:path');

const root = path.join(__dirname, '..');

function nodeBundle(entry, outfile) {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    tsconfig: path.join(root, 'tsconfig.json'),
    logLevel: 'warning',
  };
}

module.exports = { nodeBundle };
