#!/usr/bin/env node
// Runs the compiled command line (dist-cli/main.js, built by `npm run build`) while it is newer
// than every source file, else the TypeScript sources through tsx: a fresh clone needs only
// `npm ci`, and a source edited after a build is never shadowed by the older build.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const built = path.join(root, 'dist-cli', 'main.js');

function newestIn(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function compiledIsCurrent() {
  if (process.env.CTMS_COLLECT_FROM_SOURCE) return false;
  let builtAt;
  try { builtAt = fs.statSync(built).mtimeMs; } catch { return false; }
  // Without the sources (an install of the built package) the build is all there is.
  if (!fs.existsSync(path.join(root, 'src'))) return true;
  return newestIn(path.join(root, 'src')) <= builtAt;
}

if (compiledIsCurrent()) {
  require(built).run();
} else {
  require('tsx/cjs');
  require('../src/cli/main.ts').run();
}
