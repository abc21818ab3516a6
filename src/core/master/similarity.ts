/**
 * String similarity: talisman for Jaro / Jaro-Winkler, fastest-levenshtein for
 * edit distance; the tests pin them to the Apache commons-text and jellyfish
 * vectors. Name logic on top of them (swaps, hyphens, initials) lives in names.ts.
 *
 * Why talisman although it has had no release since 2021: Jaro and Jaro-Winkler
 * are fixed, finished algorithms (pure functions, no I/O, MIT), and talisman's
 * Winkler variant (prefix of up to 4, boost above 0.7) is the one the pinned
 * vectors and the duplicate thresholds were tuned on. The maintained
 * alternatives either compute the Winkler boost differently (which would move
 * duplicate scores) or ship ESM only, which the CommonJS CLI and jest cannot
 * load. If the pinned vectors ever fail after an upgrade, replace it here.
 */
import jaroWinklerLib from 'talisman/metrics/jaro-winkler';
import jaroLib from 'talisman/metrics/jaro';
import { distance } from 'fastest-levenshtein';

export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  return jaroWinklerLib(a, b);
}

export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  return jaroLib(a, b);
}

export function levenshtein(a: string, b: string): number {
  return distance(a, b);
}

/** 1 - distance / longer length: 1 for equal strings, 0 for nothing in common. */
export function levenshteinSimilarity(a: string, b: string): number {
  const n = Math.max(a.length, b.length);
  return n === 0 ? 1 : 1 - distance(a, b) / n;
}

/** Word-set overlap (Jaccard) of two space-separated strings. */
export function tokenJaccard(a: string, b: string): number {
  if (a === b) return 1;
  const ta = new Set(a.split(' ').filter(Boolean));
  const tb = new Set(b.split(' ').filter(Boolean));
  if (ta.size === 0 || tb.size === 0) return 0;
  let inter = 0;
  for (const t of ta) if (tb.has(t)) inter++;
  return inter / (ta.size + tb.size - inter);
}

/** Edit distance, or -1 when it exceeds `threshold` (commons-text's LevenshteinDistance(threshold) contract). */
export function levenshteinWithin(a: string, b: string, threshold: number): number {
  // Lengths alone can settle it without running the distance.
  if (Math.abs(a.length - b.length) > threshold) return -1;
  const d = distance(a, b);
  return d > threshold ? -1 : d;
}
