#!/usr/bin/env node
'use strict';
/**
 * Bundle budget (run by `npm run build` after `webpack --mode production`).
 *
 * Reads dist/taskpane.html, takes every local <script src> it loads (the entry and its vendor
 * chunks; office.js from Microsoft's CDN is not ours and not counted), gzips each and prints:
 *   taskpane initial JS: 312.4 KB gzip (budget 400 KB)
 * Exits 1 if over budget or if the page loads no local script.
 *
 * Usage: node scripts/bundle-size.js [--dist dist] [--page taskpane.html] [--budget 400]
 */
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

function parseArgs(argv) {
  const opts = { dist: 'dist', page: 'taskpane.html', budgetKb: 400 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=');
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (flag === '--dist') opts.dist = value();
    else if (flag === '--page') opts.page = value();
    else if (flag === '--budget') opts.budgetKb = Number(value());
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return opts;
}

/** Local script URLs in an HTML page, in order (skips absolute http(s):// and protocol-relative). */
function scriptSources(html) {
  const out = [];
  for (const m of html.matchAll(/<script\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>/gi)) {
    const src = m[1] ?? m[2] ?? m[3];
    if (!src || /^(?:[a-z]+:)?\/\//i.test(src)) continue;
    if (/\btype\s*=\s*["']?module["']?/i.test(m[0]) === false && /\bnomodule\b/i.test(m[0])) continue;
    out.push(src);
  }
  return out;
}

function gzipSize(buf) {
  return zlib.gzipSync(buf, { level: 9 }).length;
}

function measure({ dist, page }) {
  const pagePath = path.resolve(dist, page);
  if (!fs.existsSync(pagePath)) throw new Error(`${path.relative(process.cwd(), pagePath)} not found: run webpack --mode production first`);
  const html = fs.readFileSync(pagePath, 'utf8');
  const scripts = scriptSources(html).map((src) => {
    const clean = decodeURIComponent(src.split(/[?#]/)[0]).replace(/^\.?\//, '');
    const file = path.resolve(path.dirname(pagePath), clean);
    if (!fs.existsSync(file)) throw new Error(`${page} loads ${src}, which is not in ${dist}`);
    const buf = fs.readFileSync(file);
    return { src, bytes: buf.length, gzip: gzipSize(buf) };
  });
  return { scripts, totalGzip: scripts.reduce((n, s) => n + s.gzip, 0), totalBytes: scripts.reduce((n, s) => n + s.bytes, 0) };
}

const kb = (n) => (n / 1024).toFixed(1);

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const name = opts.page.replace(/\.html$/, '');
  let result;
  try {
    result = measure(opts);
  } catch (err) {
    console.error(`bundle-size: ${err.message}`);
    process.exitCode = 1;
    return;
  }
  for (const s of result.scripts) console.log(`  ${s.src.padEnd(36)} ${kb(s.bytes).padStart(8)} KB  ${kb(s.gzip).padStart(7)} KB gzip`);
  if (result.scripts.length === 0) {
    console.error(`bundle-size: ${opts.page} loads no local script; is the build broken?`);
    process.exitCode = 1;
    return;
  }
  const line = `${name} initial JS: ${kb(result.totalGzip)} KB gzip (budget ${opts.budgetKb} KB)`;
  if (result.totalGzip > opts.budgetKb * 1024) {
    console.error(`${line}: OVER BUDGET by ${kb(result.totalGzip - opts.budgetKb * 1024)} KB. Lazy-load heavy panels with import().`);
    process.exitCode = 1;
  } else {
    console.log(line);
  }
}

if (require.main === module) main();

module.exports = { scriptSources, measure };
