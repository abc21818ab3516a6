#!/usr/bin/env node
'use strict';
/**
 * Browser end-to-end tests: builds the development harness (the real task pane on the
 * fake Excel workbook) into test-artifacts/e2e/site, serves it from 127.0.0.1, drives
 * Debian's chromium with playwright-core (never a downloaded browser), and runs every
 * test/e2e/*.e2e.js scenario. Screenshots go to test-artifacts/e2e/*.png.
 *
 *   npm run test:e2e            build + run
 *   E2E_SKIP_BUILD=1 ...        reuse the last build
 *   CHROMIUM=/path/to/chromium  another executable (default /usr/bin/chromium)
 *
 * Exits non-zero when any check fails; the last line says "N passed, M failed".
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const { spawnSync } = require('child_process');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'test-artifacts', 'e2e');
const SITE = path.join(OUT, 'site');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

function build() {
  if (process.env.E2E_SKIP_BUILD && fs.existsSync(path.join(SITE, 'harness.html'))) return;
  console.log('e2e: building the harness (webpack --mode development --env harness)');
  // Its own output folder: dist/ belongs to `npm run build` and may be in use.
  const r = spawnSync(process.execPath, [require.resolve('webpack-cli/bin/cli.js'), '--mode', 'development', '--env', 'harness', '--output-path', SITE],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`webpack failed (exit ${r.status})`);
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json', '.png': 'image/png', '.css': 'text/css', '.xml': 'application/xml' };

/** A static file server on 127.0.0.1 and a free port: no HTTPS, no dev server, nothing to trust. */
function serve(dir) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const file = path.normalize(path.join(dir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A minimal sequential runner: a scenario stops at its first failing step; the steps after it count as failed, not run. */
function makeRunner() {
  const results = [];
  return {
    results,
    async scenario(name, steps) {
      let failed = false;
      for (const [title, fn] of steps) {
        const label = `${name} › ${title}`;
        if (failed) {
          results.push({ label, ok: false, skipped: true });
          console.log(`  - ${label} (not run)`);
          continue;
        }
        const t0 = Date.now();
        try {
          await fn();
          results.push({ label, ok: true });
          console.log(`  ✓ ${label} (${Date.now() - t0} ms)`);
        } catch (e) {
          failed = true;
          results.push({ label, ok: false, error: e });
          console.log(`  ✗ ${label}\n      ${String((e && e.stack) || e).split('\n').slice(0, 6).join('\n      ')}`);
        }
      }
    },
  };
}

async function main() {
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`e2e: ${CHROMIUM} not found. Install Debian's chromium: apt-get install -y chromium`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of fs.readdirSync(OUT)) if (f.endsWith('.png')) fs.rmSync(path.join(OUT, f));
  build();
  const server = await serve(SITE);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const { chromium } = require('playwright-core');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctms-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1440, height: 900 },
  });
  const runner = makeRunner();
  try {
    // E2E_ONLY=dashboard runs the scenarios whose file name contains it (one engineer's scenarios on a shared machine).
    const files = fs.readdirSync(path.join(ROOT, 'test', 'e2e')).filter((f) => f.endsWith('.e2e.js') && f.includes(process.env.E2E_ONLY || '')).sort();
    for (const f of files) {
      console.log(`e2e: ${f}`);
      const mod = require(path.join(ROOT, 'test', 'e2e', f));
      await mod.run({ context, base, out: OUT, scenario: runner.scenario });
    }
  } finally {
    await context.close().catch(() => undefined);
    server.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  const passed = runner.results.filter((r) => r.ok).length;
  const failed = runner.results.length - passed;
  console.log(`e2e: screenshots in ${path.relative(ROOT, OUT)}/`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed || !runner.results.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
