import { defaultStandard } from '../../src/core/standard';
import type { SheetData, CellValue } from '../../src/core/model/sheet';
import { dedupeWorkbook, compareNames, normaliseOrgName } from '../../src/core/master';
import { transliterationFold } from '../../src/core/master/normalize';
import { givenNameSimilarity } from '../../src/core/master/names';

/** Duplicates across spellings: transliterated letters, name order, initials, organization word order and legal forms. */

const std = defaultStandard();
const sheet = (name: string, headers: string[], rows: CellValue[][]): SheetData => ({ name, headers, rows, rowNumbers: rows.map((_, k) => k + 2) });
const PEOPLE = ['First Name', 'Last Name', 'Email', 'Organization ID', 'City', 'Country'];

function pairs(rows: CellValue[][]) {
  const report = dedupeWorkbook(std, { sheets: [sheet('Investigators', PEOPLE, rows)] });
  return report.clusters.map((c) => ({ rows: c.rows, evidence: c.evidence.join('; ') }));
}

describe('transliterated letters', () => {
  test.each([
    ['Müller', 'Mueller'], ['Müller', 'Muller'], ['Groß', 'Gross'], ['Jørgensen', 'Joergensen'], ['Ångström', 'Aangstroem'], ['Schäfer', 'Schaefer'], ['Köhler', 'Koehler'],
  ])('%s and %s at one organization are proposed as duplicates, with the evidence in words', (a, b) => {
    const found = pairs([
      ['Hans', a, 'h1@uni-a.example.de', 'ORG-1', 'Berlin', 'DE'],
      ['Hans', b, 'h2@uni-b.example.de', 'ORG-1', 'Berlin', 'DE'],
    ]);
    expect(found.map((c) => c.rows)).toEqual([[2, 3]]);
    expect(found[0]!.evidence).toMatch(new RegExp(`same name Hans ${a} ~ Hans ${b}`));
  });

  test('the evidence names the letters', () => {
    const [c] = pairs([
      ['Jürgen', 'Müller', 'j1@a.example.de', 'ORG-1', 'Berlin', 'DE'],
      ['Juergen', 'Mueller', 'j2@b.example.de', 'ORG-1', 'Berlin', 'DE'],
    ]);
    expect(c!.evidence).toContain('same name Jürgen Müller ~ Juergen Mueller (written with ü as ue)');
  });

  test('names without such letters are compared as before: Michael is not Michal', () => {
    expect(transliterationFold('Michael')).toBe('michael');
    expect(transliterationFold('Müller')).toBe('mueller');
    expect(pairs([
      ['Michael', 'Nowak', 'm1@a.example.pl', 'ORG-1', 'Warsaw', 'PL'],
      ['Michal', 'Nowak', 'm2@a.example.pl', 'ORG-2', 'Krakow', 'PL'],
    ])).toEqual([]);
  });
});

describe('name order and initials', () => {
  test('a Chinese name written family-first in one source and given-first in another is one person', () => {
    expect(compareNames('zhang', 'wei', 'wei', 'zhang').relation).toBe('swapped');
    const found = pairs([
      ['Zhang', 'Wei', 'wz@pumch.example.cn', 'ORG-PUMCH', 'Beijing', 'CN'],
      ['Wei', 'Zhang', 'zhang.wei@pumch.example.cn', 'ORG-PUMCH', 'Beijing', 'CN'],
    ]);
    expect(found.map((c) => c.rows)).toEqual([[2, 3]]);
    expect(found[0]!.evidence).toContain('first and last name swapped');
  });

  test('initials of a compound given name match it', () => {
    expect(givenNameSimilarity('j r', 'john robert')).toBe(0.85);
    expect(givenNameSimilarity('jr', 'john robert')).toBe(0.85);
    expect(givenNameSimilarity('j r', 'john peter')).toBeLessThan(0.8);
    expect(pairs([
      ['J. R.', 'Tolkien', 'jrt@a.example.uk', 'ORG-1', 'Oxford', 'GB'],
      ['John Ronald', 'Tolkien', 'tolkien@b.example.uk', 'ORG-1', 'Oxford', 'GB'],
    ]).map((c) => c.rows)).toEqual([[2, 3]]);
  });
});

describe('organizations', () => {
  test.each([
    ['Hospital Saint Louis', 'Saint-Louis Hospital'],
    ['Shanghai Pharma Co., Ltd.', 'Shanghai Pharma'],
    ['Sun Pharmaceutical Industries Pvt. Ltd.', 'Sun Pharmaceutical Industries'], ['Cytopeutics Sdn. Bhd.', 'Cytopeutics Sdn'],
    ['Novo Nordisk A/S', 'Novo Nordisk AS'],
    ['Pharmstandard OAO', 'Pharmstandard'],
    ['Universität Münster', 'Universitaet Muenster'],
  ])('%s ~ %s', (a, b) => {
    const report = dedupeWorkbook(std, { sheets: [sheet('Organizations', ['Organization ID', 'Organization Name', 'City', 'Country'], [['ORG-1', a, 'X', 'DE'], ['ORG-2', b, 'X', 'DE']])] });
    expect(report.clusters.map((c) => c.rows)).toEqual([[2, 3]]);
  });

  test('legal forms are dropped from the name key', () => {
    expect(normaliseOrgName('Sun Pharma Pvt Ltd')).toBe(normaliseOrgName('Sun Pharmaceuticals'));
    expect(normaliseOrgName('Hospital Saint Louis')).not.toBe(normaliseOrgName('Saint Louis Hospital'));
  });
});
