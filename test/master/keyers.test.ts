import { fingerprint, ngramFingerprint, foldAccents, normaliseOrgName, normaliseEmail, phoneticKey } from '../../src/core/master';
import { fixture } from './helpers';

interface KeyerVector { keyer: string; params: string; input: string; expected: string }
const vectors = JSON.parse(fixture('openrefine-keyers/openrefine_keyer_vectors.json')) as KeyerVector[];

describe('fingerprint keyer agrees with OpenRefine', () => {
  const fp = vectors.filter((v) => v.keyer.startsWith('fingerprint'));
  it('has the 48 fingerprint vectors', () => expect(fp).toHaveLength(48));
  it.each(fp.map((v) => [JSON.stringify(v.input), v.input, v.expected]))('%s', (_label, input, expected) => {
    expect(fingerprint(input)).toBe(expected);
  });
});

describe('n-gram fingerprint keyer agrees with OpenRefine', () => {
  const ng = vectors.filter((v) => v.keyer === 'ngram-fingerprint');
  it('has the 10 n-gram vectors', () => expect(ng).toHaveLength(10));
  it.each(ng.map((v) => [JSON.stringify(v.input), v.params, v.input, v.expected]))('%s (%s)', (_label, params, input, expected) => {
    const n = Number(/ngram_size=(\d+)/.exec(params)?.[1] ?? 2);
    expect(ngramFingerprint(input, n)).toBe(expected);
  });
});

describe('normalisation', () => {
  it('folds accents and special letters', () => {
    expect(foldAccents('Łukasz Wiśniewski')).toBe('Lukasz Wisniewski');
    expect(foldAccents('Öztürk Yılmaz')).toBe('Ozturk Yilmaz');
  });
  it('treats trimmed, lower-cased emails as one', () => {
    expect(normaliseEmail('  J.Smith@Example.ORG ')).toBe(normaliseEmail('j.smith@example.org'));
  });
  it.each([
    ['Acme Pharma, Inc.', 'ACME Pharmaceuticals Inc'],
    ['Roche GmbH', 'roche'],
    ["St. Mary's Hosp.", 'Saint Marys Hospital'],
    ['Hôpital Européen Georges-Pompidou', 'Hopital Europeen Georges Pompidou'],
    ['Univ. of Texas M.D. Anderson Cancer Ctr', 'University of Texas MD Anderson Cancer Center'],
    ['Smith & Nephew Ltd', 'Smith and Nephew Limited'],
  ])('%s = %s', (a, b) => expect(normaliseOrgName(a)).toBe(normaliseOrgName(b)));
  it('keeps different organisations apart', () => {
    expect(normaliseOrgName('University of Texas')).not.toBe(normaliseOrgName('University of Toledo'));
    expect(normaliseOrgName('Mayo Clinic Hospital')).not.toBe(normaliseOrgName('Mayo Clinic'));
  });
});

describe('phonetic key (Double Metaphone, accent-folded)', () => {
  it.each([['Smith', 'Smyth'], ['Müller', 'Muller'], ['Schmidt', 'Schmitt'], ['Catherine', 'Kathryn'], ['Núñez', 'Nunez']])('%s ~ %s', (a, b) => {
    expect(phoneticKey(a)).toBe(phoneticKey(b));
  });
  it('separates different names', () => expect(phoneticKey('Smith')).not.toBe(phoneticKey('Jones')));
  it('is empty for empty input', () => expect(phoneticKey('')).toBe(''));
});
