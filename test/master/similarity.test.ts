import { jaroWinkler, jaro, levenshtein, levenshteinWithin, levenshteinSimilarity } from '../../src/core/master';
import { fixture, parseCsv } from './helpers';

interface DistanceVector { metric: string; left: string; right: string; threshold: string; expected: string; tolerance: string }
const commons = JSON.parse(fixture('apache-commons-text/string_distance_vectors.json')) as DistanceVector[];
const of = (m: string) => commons.filter((v) => v.metric === m).map((v) => [v.left, v.right, v] as const);

/**
 * commons-text and jellyfish disagree on one case: with an odd number of
 * out-of-order matches, commons-text halves it exactly (1.5) while jellyfish
 * and Winkler's strcmp95 (and talisman, which we use) halve it as an integer.
 * On "aaabcd"/"aaacdb" that gives 0.941666 against 0.961111.
 */
const ODD_TRANSPOSITIONS = new Set(['aaabcd|aaacdb']);

describe('Jaro-Winkler against Apache commons-text', () => {
  it.each(of('jaro_winkler_similarity'))('%j ~ %j', (a, b, v) => {
    const odd = ODD_TRANSPOSITIONS.has(`${a}|${b}`);
    const [expected, tolerance] = odd ? [0.961111, 1e-6] : [Number(v.expected), Number(v.tolerance)];
    expect(Math.abs(jaroWinkler(a, b) - expected)).toBeLessThanOrEqual(tolerance);
  });
  it.each(of('jaro_winkler_distance'))('distance %j ~ %j', (a, b, v) => {
    const odd = ODD_TRANSPOSITIONS.has(`${a}|${b}`);
    const [expected, tolerance] = odd ? [1 - 0.961111, 1e-6] : [Number(v.expected), Number(v.tolerance)];
    expect(Math.abs(1 - jaroWinkler(a, b) - expected)).toBeLessThanOrEqual(tolerance);
  });
});

describe('Levenshtein against Apache commons-text', () => {
  it.each(of('levenshtein_distance'))('%j ~ %j', (a, b, v) => expect(levenshtein(a, b)).toBe(Number(v.expected)));
  it.each(of('levenshtein_distance_with_threshold'))('%j ~ %j within threshold', (a, b, v) => {
    expect(levenshteinWithin(a, b, Number(v.threshold))).toBe(Number(v.expected));
  });
});

describe('against jellyfish test data', () => {
  const rows = (f: string) => parseCsv(fixture(`jellyfish-testdata/${f}`).trim()).map(([a, b, e]) => [a, b, Number(e)] as const);
  it.each(rows('jaro_winkler.csv'))('jaro-winkler %j ~ %j = %d', (a, b, e) => expect(jaroWinkler(a, b)).toBeCloseTo(e, 3));
  it.each(rows('jaro_distance.csv'))('jaro %j ~ %j = %d', (a, b, e) => expect(jaro(a, b)).toBeCloseTo(e, 3));
  it.each(rows('levenshtein.csv'))('levenshtein %j ~ %j = %d', (a, b, e) => expect(levenshtein(a, b)).toBe(e));
});

describe('against OpenRefine GREL levenshteinDistance', () => {
  const rows = parseCsv(fixture('openrefine-keyers/openrefine_levenshtein_vectors.csv').trim()).slice(1);
  it.each(rows.map((r) => [r[1], r[2], Number(r[3])] as const))('%j ~ %j = %d', (a, b, e) => expect(levenshtein(a, b)).toBe(e));
});

describe('levenshteinSimilarity', () => {
  it('is 1 for equal strings and 0 for disjoint ones', () => {
    expect(levenshteinSimilarity('', '')).toBe(1);
    expect(levenshteinSimilarity('abc', 'abc')).toBe(1);
    expect(levenshteinSimilarity('abc', 'xyz')).toBe(0);
  });
});
