import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultStandard } from '../../src/core/standard';
import { dedupeWorkbook } from '../../src/core/master';
import { compareNames } from '../../src/core/master/names';
import { areNicknames, nicknameKeys } from '../../src/core/master/nicknames';
import type { SheetData } from '../../src/core/model/sheet';
import table from '../../src/core/master/nicknames/names.json';

/** Nicknames from the vendored list (src/core/master/nicknames/SOURCE.md) in duplicate detection. */

const DIR = path.join(__dirname, '..', '..', 'src', 'core', 'master', 'nicknames');

describe('the vendored list', () => {
  it('names.json is names.csv as the script makes it', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { tableOf } = require('../../scripts/vendor-nicknames.js') as { tableOf: (csv: string) => Record<string, string[]> };
    expect(table).toEqual(tableOf(readFileSync(path.join(DIR, 'names.csv'), 'utf8')));
    expect(Object.keys(table)).toHaveLength(1151);
    expect(readFileSync(path.join(__dirname, '..', '..', 'licenses', 'nicknames-Apache-2.0.txt'), 'utf8')).toMatch(/Apache License\s+Version 2\.0/);
  });

  it('pairs a name with its listed nicknames, and no more', () => {
    expect(areNicknames('bill', 'william')).toBe(true);
    expect(areNicknames('robert', 'bob')).toBe(true);
    expect(areNicknames('liz', 'elizabeth j')).toBe(true);
    // Two nicknames of one name are not one name (Liz and Beth, both listed under Elizabeth).
    expect(areNicknames('liz', 'beth')).toBe(false);
    expect(areNicknames('william', 'william')).toBe(false);
    expect(areNicknames('john', 'smith')).toBe(false);
    expect(nicknameKeys('bill')).toEqual(expect.arrayContaining(['william', 'robert']));
    // Will / William share the initial: the usual keys meet already, no extra key.
    expect(nicknameKeys('will')).not.toContain('william');
  });

  it('counts a nickname only with the same surname', () => {
    expect(compareNames('bill', 'smith', 'william', 'smith').score).toBeGreaterThanOrEqual(0.95);
    // The list maps Ivan to John across languages: beside a merely similar surname that is no evidence.
    expect(compareNames('ivan', 'branddalek', 'john', 'branddo').score).toBe(0);
  });
});

function investigators(rows: [string, string, string, string][]): SheetData {
  return {
    name: 'Investigators',
    headers: ['Email', 'First Name', 'Last Name', 'Organization ID', 'City', 'Country'],
    rows: rows.map(([email, first, last, org]) => [email, first, last, org, 'Boston', 'US']),
    rowNumbers: rows.map((_, k) => k + 2),
  };
}

describe('duplicates across nicknames', () => {
  const report = dedupeWorkbook(defaultStandard(), { sheets: [investigators([
    ['w.smith@mgh.example.org', 'William', 'Smith', 'ORG-1'],
    ['bill.smith@gmail.example.com', 'Bill', 'Smith', 'ORG-1'],
    ['rjones@mgh.example.org', 'Robert', 'Jones', 'ORG-1'],
    ['bobby77@yahoo.example.com', 'Bob', 'Jones', 'ORG-1'],
    ['etaylor@bwh.example.org', 'Elizabeth', 'Taylor', 'ORG-2'],
    ['liz.t@outlook.example.com', 'Liz', 'Taylor', 'ORG-2'],
    // Not the same person: a nickname with another surname.
    ['bill.brown@x.example.org', 'Bill', 'Brown', 'ORG-1'],
    ['liz.brown@y.example.org', 'Liz', 'Brown', 'ORG-2'],
  ])] });
  const byRows = new Map(report.clusters.map((c) => [c.rows.join(','), c]));

  it.each([
    ['2,3', 'first name William ~ Bill (one is a common nickname of the other)'],
    ['4,5', 'first name Robert ~ Bob (one is a common nickname of the other)'],
    ['6,7', 'first name Elizabeth ~ Liz (one is a common nickname of the other)'],
  ])('rows %s are proposed as one person, the evidence in words', (rows, words) => {
    const c = byRows.get(rows);
    expect(c).toBeDefined();
    expect(c!.evidence).toContain(words);
    expect(c!.evidence).toContain(rows === '6,7' ? 'same organization ORG-2' : 'same organization ORG-1');
  });

  it('proposes nothing else', () => {
    expect([...byRows.keys()].sort()).toEqual(['2,3', '4,5', '6,7']);
  });
});
