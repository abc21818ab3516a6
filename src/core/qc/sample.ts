import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { isoSinglePlan, type CodeLetter } from './iso2859';
import type { LotRecord } from './lot';

/**
 * Drawing the QC sample: how many records (ISO 2859-1 plan or a fixed
 * percentage) and which ones (a seeded pseudo-random draw, so anyone holding
 * the seed and the same lot draws the same records again).
 */

export type SamplingMethod =
  | { kind: 'iso2859'; aql: number | string }
  | { kind: 'percent'; percent: number };

export const PRNG_NAME = 'xoroshiro128+ (pure-rand), uniform integers, partial Fisher–Yates shuffle';
export const ISO_REFERENCE = 'ISO 2859-1 (ANSI/ASQ Z1.4) single sampling, normal inspection, general inspection level II: Table 1 code letter, Table 2-A plan';
/** Largest seed accepted: the generator takes a 32-bit integer. */
export const MAX_SEED = 0xffffffff;

export interface Stratum {
  study: string;
  site: string;
  lot: number;
  sample: number;
}

export interface SamplePlan {
  method: 'iso2859' | 'percent';
  reference: string;
  lotSize: number;
  sampleSize: number;
  /** Every record of the lot is inspected. */
  fullInspection: boolean;
  aql: string | null;
  codeLetter: CodeLetter | null;
  planLetter: CodeLetter | null;
  /** Nonconforming records (one or more failed fields) the lot may have in the sample and still be accepted; null for a percentage plan. */
  acceptance: number | null;
  rejection: number | null;
  percent: number | null;
  seed: number;
  prng: string;
  stratified: boolean;
  strata: Stratum[];
  /** The drawn records, in lot order. */
  selected: LotRecord[];
}

export interface DrawOptions {
  seed: number;
  /** Split the sample across study × site in proportion to their share of the lot. */
  stratify?: boolean;
}

export function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new RangeError(`The seed must be a whole number from 0 to ${MAX_SEED} (got ${seed})`);
}

/**
 * Proportional allocation by largest remainder, capped at each stratum's size,
 * with one record per stratum first when the sample has room for it.
 */
export function allocate(n: number, sizes: number[]): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (n > total) throw new RangeError(`Cannot draw ${n} records from ${total}`);
  const base = n >= sizes.filter((s) => s > 0).length ? sizes.map((s) => (s > 0 ? 1 : 0)) : sizes.map(() => 0);
  let left = n - base.reduce((a, b) => a + b, 0);
  const quotas = sizes.map((s) => (left * s) / total);
  const out = base.map((b, i) => Math.min(b + Math.floor(quotas[i]!), sizes[i]!));
  left = n - out.reduce((a, b) => a + b, 0);
  // Largest fractional part first, then the larger stratum, then the earlier one: deterministic.
  const order = sizes.map((_, i) => i).sort((a, b) => (quotas[b]! % 1) - (quotas[a]! % 1) || sizes[b]! - sizes[a]! || a - b);
  while (left > 0) {
    for (const i of order) {
      if (left === 0) break;
      if (out[i]! < sizes[i]!) { out[i]!++; left--; }
    }
  }
  return out;
}

function sampleSizeFor(lotSize: number, method: SamplingMethod): Omit<SamplePlan, 'seed' | 'prng' | 'stratified' | 'strata' | 'selected'> {
  if (method.kind === 'percent') {
    const p = method.percent;
    if (!(p > 0 && p <= 100)) throw new RangeError(`The percentage must be above 0 and at most 100 (got ${p})`);
    const n = Math.min(lotSize, Math.ceil((lotSize * p) / 100 - 1e-9));
    return { method: 'percent', reference: `fixed percentage: ${p}% of the lot, rounded up`, lotSize, sampleSize: n, fullInspection: n === lotSize, aql: null, codeLetter: null, planLetter: null, acceptance: null, rejection: null, percent: p };
  }
  // Table 1 starts at 2 records; a single record is simply inspected, with the smallest lot's plan.
  const iso = isoSinglePlan(Math.max(lotSize, 2), method.aql);
  const n = Math.min(iso.sampleSize, lotSize);
  return { method: 'iso2859', reference: ISO_REFERENCE, lotSize, sampleSize: n, fullInspection: n === lotSize, aql: iso.aql, codeLetter: iso.codeLetter, planLetter: iso.planLetter, acceptance: iso.acceptance, rejection: iso.rejection, percent: null };
}

function stratumKey(r: LotRecord): string {
  return `${r.study}\u0001${r.site}`;
}

export function drawSample(lot: LotRecord[], method: SamplingMethod, opts: DrawOptions): SamplePlan {
  checkSeed(opts.seed);
  if (!lot.length) throw new RangeError('The lot is empty: there are no records to sample');
  const size = sampleSizeFor(lot.length, method);
  const rng = xoroshiro128plus(opts.seed);
  const groups = new Map<string, number[]>();
  if (opts.stratify) {
    lot.forEach((r, i) => { const k = stratumKey(r); (groups.get(k) ?? groups.set(k, []).get(k)!).push(i); });
  } else groups.set('', lot.map((_, i) => i));
  // Strata in a fixed order (by study, then site), independent of the lot's order.
  const keys = [...groups.keys()].sort();
  const counts = allocate(size.sampleSize, keys.map((k) => groups.get(k)!.length));
  const picked: number[] = [];
  const strata: Stratum[] = [];
  keys.forEach((k, s) => {
    const members = [...groups.get(k)!];
    const want = counts[s]!;
    for (let i = 0; i < want; i++) {
      const j = uniformInt(rng, i, members.length - 1);
      [members[i], members[j]] = [members[j]!, members[i]!];
      picked.push(members[i]!);
    }
    if (opts.stratify) { const [study, site] = k.split('\u0001') as [string, string]; strata.push({ study, site, lot: members.length, sample: want }); }
  });
  picked.sort((a, b) => a - b);
  return { ...size, seed: opts.seed, prng: PRNG_NAME, stratified: !!opts.stratify, strata, selected: picked.map((i) => lot[i]!) };
}
