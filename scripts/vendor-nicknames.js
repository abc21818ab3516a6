#!/usr/bin/env node
/**
 * Regenerates src/core/master/nicknames/names.json from the vendored names.csv
 * (see SOURCE.md there): { canonical: [nicknames] }, in the CSV's order. The
 * engine imports the JSON (no CSV loader in the bundlers); a test checks that
 * the two agree.   Usage: node scripts/vendor-nicknames.js
 */
const fs = require('node:fs');
const path = require('node:path');

const dir = path.join(__dirname, '..', 'src', 'core', 'master', 'nicknames');

function tableOf(csv) {
  const out = {};
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  const [header, ...rows] = lines;
  if (header.trim() !== 'name1,relationship,name2') throw new Error(`unexpected header: ${header}`);
  for (const line of rows) {
    const [name1, relationship, name2] = line.split(',').map((s) => s.trim().toLowerCase());
    if (relationship !== 'has_nickname') continue;
    (out[name1] ??= []).push(name2);
  }
  return out;
}

module.exports = { tableOf };

if (require.main === module) {
  const table = tableOf(fs.readFileSync(path.join(dir, 'names.csv'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'names.json'), `${JSON.stringify(table)}\n`);
  console.log(`names.json: ${Object.keys(table).length} names, ${Object.values(table).reduce((n, v) => n + v.length, 0)} nicknames`);
}
