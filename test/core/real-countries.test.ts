import { readCsvObjects } from '../../testing/builders/csv';
import { createCountryResolver } from '../../src/core/transform/country';
import { defaultStandard } from '../../src/core/standard/load';

/**
 * T-COUNTRY against countrycode's country-name variants (test/fixtures/countrycode,
 * GPL-3: test data only, never shipped). A row counts as English when one of its
 * sources is an English-language name column: country.name.en, iso.name.en,
 * un.name.en, cow.name, p4.name, vdem.name, any cldr.*.en*, or the `country`
 * column of the per-source dictionaries (data_genc, data_imf, data_fao,
 * data_world_bank, data_unhcr, data_ecb, data_eurostat, data_wvs, data_dhs,
 * data_ioc, data_unpd, data_un, data_cow — all English-language publications).
 * German, French, Spanish, Italian and CJK-only rows are not English.
 */

const rows = readCsvObjects('countrycode/country_name_variants_to_iso.csv');
const resolver = createCountryResolver(defaultStandard().countryAliases);
const ENGLISH_SOURCE = /:(country\.name\.en|iso\.name\.en|un\.name\.en|cow\.name|p4\.name|vdem\.name|cldr\.[a-z]+\.en(_\d+)?|country \(joined on [a-z0-9]+\))$/;
const CJK = /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u;

const isEnglish = (r: Record<string, string>) => !CJK.test(r.variant!) && r.sources!.split(' | ').some((s) => ENGLISH_SOURCE.test(s));

/**
 * English variants we deliberately leave unmapped (a person must decide):
 * historical entities and annotated strings rather than country names.
 */
const UNMAPPED_ON_PURPOSE: Record<string, string> = {
  'Palestine/Gaza': 'a pair of names, not one country name',
  'Sudan-North': 'pre-2011 split label (COW); the country is "Sudan"',
  'Papal States': 'a historical state (before 1870), not the Holy See',
  'Saint Martin (FR)': 'an abbreviation in parentheses; "Saint Martin (French part)" maps',
  'Mayotte (FR - part of EU as of 01.01.2014)': 'an annotation, not a name',
};

test('the fixture is the expected file', () => {
  expect(rows).toHaveLength(2538);
  expect(rows.filter(isEnglish)).toHaveLength(728);
  expect(rows.filter((r) => CJK.test(r.variant!))).toHaveLength(980);
});

test('at least 95% of the English variants map to the right alpha-2 (now 723 of 728, 99.3%)', () => {
  const english = rows.filter(isEnglish);
  const missed = english.filter((r) => resolver.resolve(r.variant!.trim()) !== r.iso2c);
  const rate = (english.length - missed.length) / english.length;
  expect(rate).toBeGreaterThanOrEqual(0.95);
  expect(missed.map((r) => r.variant).sort()).toEqual(Object.keys(UNMAPPED_ON_PURPOSE).sort());
  // Unmapped means null (a type error the user fixes), never another country.
  for (const r of missed) expect(resolver.resolve(r.variant!)).toBeNull();
});

test('no variant in any language maps to a WRONG code; CJK variants are never mapped wrongly (null is fine)', () => {
  const wrong = rows.filter((r) => { const got = resolver.resolve(r.variant!.trim()); return got !== null && got !== r.iso2c; });
  expect(wrong.map((r) => `${r.variant} → ${resolver.resolve(r.variant!)} (is ${r.iso2c})`)).toEqual([]);
  const cjk = rows.filter((r) => CJK.test(r.variant!));
  expect(cjk.every((r) => [null, r.iso2c].includes(resolver.resolve(r.variant!)))).toBe(true);
});

test.each([
  ['Korea, Rep.', 'KR'], ['Korea, Dem. People\'s Rep.', 'KP'], ['Congo, Dem. Rep.', 'CD'], ['Congo, Rep.', 'CG'], ['Congo', 'CG'],
  ['Micronesia, Fed. Sts.', 'FM'], ['St. Vincent & Grenadines', 'VC'], ['Hong Kong SAR, China', 'HK'], ['D.R. Congo', 'CD'],
  ['Lao PDR', 'LA'], ['Eq.Guinea', 'GQ'], ['Virgin Islands, US', 'VI'], ['US Virgin Islands', 'VI'],
])('registry abbreviations: %p → %p', (v, code) => {
  expect(resolver.resolve(v)).toBe(code);
});

test.each(['Korea', 'Virgin Islands', 'Guinea Republic', 'Saint Martin', 'Islands', 'Republic'])('a word set shared by two countries is never guessed: %p', (v) => {
  expect(resolver.resolve(v)).toBeNull();
});

test('every country string of the ctgov sites fixture maps, apart from blank and a defunct state', () => {
  const sites = readCsvObjects('ctgov-flattened/sites.csv');
  const names = [...new Set(sites.map((s) => s.country!))];
  const unmapped = names.filter((n) => resolver.resolve(n.trim()) === null);
  expect(unmapped.sort()).toEqual(['', 'Former Serbia and Montenegro']);
});
