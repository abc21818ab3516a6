#!/usr/bin/env node
/**
 * Builds the command line to one JavaScript file, dist-cli/main.js, so it starts without
 * compiling TypeScript on every run (bin/ctms-collect.js prefers it while it is newer than
 * every file in src/). Dependencies stay in node_modules; each command's modules are still
 * evaluated only when that command runs (esbuild keeps bundled CommonJS modules lazy).
 * esbuild comes with tsx, a runtime dependency, so this also works after `npm ci --omit=dev`.
 */
const path = require('node:path');
const esbuild = require('esbuild');
const { nodeBundle } = require('./esbuild-node');

const root = path.join(__dirname, '..');
const started = Date.now();
esbuild.buildSync(nodeBundle(path.join(root, 'src', 'cli', 'main.ts'), path.join(root, 'dist-cli', 'main.js')));
process.stdout.write(`build-cli: dist-cli/main.js in ${Date.now() - started} ms\n`);
