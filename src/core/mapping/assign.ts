import { munkres } from 'munkres';

/**
 * One-to-one assignment maximising the total score (Hungarian algorithm from
 * the `munkres` package). Pairs scored below `floor` are never assigned: they
 * are given a cost that no real pair has and dropped from the answer.
 */
export function assignMax(score: number[][], floor: number): [number, number][] {
  const rows = score.length;
  const cols = rows ? score[0]!.length : 0;
  if (!rows || !cols) return [];
  const BIG = 1e6;
  const cost = score.map((r) => r.map((s) => (s >= floor ? 1 - s : BIG)));
  return munkres(cost).filter(([r, c]) => score[r]![c]! >= floor) as [number, number][];
}
