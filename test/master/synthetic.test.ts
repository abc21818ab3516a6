import { defaultStandard } from '../../src/core/standard';
import { dedupeWorkbook, preparePersons, matchPersons, scorePersons, forEachPair } from '../../src/core/master';
import { generatePersons } from './synthetic';
import { personsSheet, scoreClusters } from './synthetic-sheet';

// The 100k/5 s figure is measured by bench/dedupe.ts; here a smaller run keeps the suite quick.
describe('generated investigators with injected variants', () => {
  const rows = generatePersons({ records: 20_000, seed: 11 });
  const report = dedupeWorkbook(defaultStandard(), { sheets: [personsSheet(rows)] });
  const s = scoreClusters(rows, report.clusters);

  it('has injected duplicates to find', () => expect(s.truePairs).toBeGreaterThan(3000));
  it('reaches precision and recall of at least 0.95 on the injected pairs', () => {
    expect(s.precision).toBeGreaterThanOrEqual(0.95);
    expect(s.recall).toBeGreaterThanOrEqual(0.95);
  });
  it('finds every kind of variant', () => {
    const byVariant = new Map<string, number>();
    for (const c of report.clusters) for (const r of c.rows) byVariant.set(rows[r - 2].variant, (byVariant.get(rows[r - 2].variant) ?? 0) + 1);
    for (const v of ['caseEmail', 'typoLast', 'typoFirst', 'accents', 'hyphen', 'swap', 'initial', 'exactOtherEmail']) expect(byVariant.get(v)).toBeGreaterThan(100);
  });
});

describe('blocking against all pairs', () => {
  const rows = generatePersons({ records: 1_500, seed: 3 });
  const p = preparePersons(rows);
  it('loses no pair that all-pairs comparison would accept, at a small fraction of the comparisons', () => {
    const blocked = matchPersons(p, 0.75, 50);
    const found = new Set(blocked.pairs.map((x) => `${x.i},${x.j}`));
    const missed: string[] = [];
    const all = forEachPair(p.n, (i, j) => { if (scorePersons(p, i, j) >= 0.75 && !found.has(`${i},${j}`)) missed.push(`${i},${j}`); });
    expect(missed).toEqual([]);
    expect(blocked.compared).toBeLessThan(all / 50);
  });
});
