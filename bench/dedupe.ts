/**
 * Mastering benchmark: 100,000 generated investigator records with injected
 * real-world variants, run through the public API; and blocking against naive
 * all-pairs comparison, side by side on 5,000 records.
 * Run: npx tsx bench/dedupe.ts
 */
import { defaultStandard } from '../src/core/standard';
import { dedupeWorkbook, preparePersons, matchPersons, scorePersons, forEachPair, clusterPairs, type ScoredPair } from '../src/core/master';
import { generatePersons } from '../test/master/synthetic';
import { personsSheet, scoreClusters } from '../test/master/synthetic-sheet';

const REVIEW = 0.75;

function allPairs(rows: ReturnType<typeof generatePersons>): { pairs: ScoredPair[]; compared: number } {
  const p = preparePersons(rows);
  const pairs: ScoredPair[] = [];
  const compared = forEachPair(p.n, (i, j) => { const s = scorePersons(p, i, j); if (s >= REVIEW) pairs.push({ i, j, score: s }); });
  return { pairs, compared };
}

export async function benchDedupe(): Promise<Record<string, number>> {
  const std = defaultStandard();
  const out: Record<string, number> = {};

  const big = generatePersons({ records: 100_000, seed: 42 });
  const sheet = personsSheet(big);
  const t0 = performance.now();
  const report = dedupeWorkbook(std, { sheets: [sheet] });
  out.persons100kMs = Math.round(performance.now() - t0);
  const s = scoreClusters(big, report.clusters);
  out.persons100kClusters = report.clusters.length;
  out.persons100kTruePairs = s.truePairs;
  out.persons100kPrecision = Number(s.precision.toFixed(4));
  out.persons100kRecall = Number(s.recall.toFixed(4));

  const small = generatePersons({ records: 5_000, seed: 7 });
  const p = preparePersons(small);
  const t1 = performance.now();
  const blocked = matchPersons(p, REVIEW, 50);
  const blockedClusters = clusterPairs(p.n, blocked.pairs);
  out.persons5kBlockedMs = Number((performance.now() - t1).toFixed(1));
  const t2 = performance.now();
  const naive = allPairs(small);
  const naiveClusters = clusterPairs(p.n, naive.pairs);
  out.persons5kAllPairsMs = Number((performance.now() - t2).toFixed(1));
  out.persons5kSpeedup = Number((out.persons5kAllPairsMs / out.persons5kBlockedMs).toFixed(1));
  out.persons5kBlockedComparisons = blocked.compared;
  out.persons5kAllPairsComparisons = naive.compared;
  const sb = scoreClusters(small, blockedClusters);
  const sn = scoreClusters(small, naiveClusters);
  out.persons5kBlockedRecall = Number(sb.recall.toFixed(4));
  out.persons5kBlockedPrecision = Number(sb.precision.toFixed(4));
  out.persons5kAllPairsRecall = Number(sn.recall.toFixed(4));
  out.persons5kAllPairsPrecision = Number(sn.precision.toFixed(4));
  // Pairs the scorer accepts that blocking never put side by side.
  const found = new Set(blocked.pairs.map((x) => `${x.i},${x.j}`));
  out.persons5kPairsMissedByBlocking = naive.pairs.filter((x) => !found.has(`${x.i},${x.j}`)).length;

  for (const [k, v] of Object.entries(out)) console.log(`${k.padEnd(32)} ${v}`);
  return out;
}

// Run directly with `npx tsx bench/dedupe.ts`; bench/run.ts imports benchDedupe instead.
if (typeof process !== 'undefined' && process.argv[1] && /dedupe\.ts$/.test(process.argv[1])) {
  void benchDedupe();
}
