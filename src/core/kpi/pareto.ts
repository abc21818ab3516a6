/**
 * Pareto analysis of error causes. Items are sorted by count (descending, then
 * by key); an item is **in the cut** when the cumulative share of the items
 * before it is below the cut (80%): the item that reaches or crosses 80% is
 * included, nothing after it. 50/30/10/5/5 → the first two (50% + 30% = 80%);
 * 50/29/11/5/5 → the first three (79% before the third).
 */
export interface ParetoItem {
  key: string;
  count: number;
  /** count / total. */
  share: number;
  /** Share of this item and every item before it. */
  cumulative: number;
  inCut: boolean;
}

export function pareto(counts: Map<string, number> | Record<string, number>, cut = 0.8): ParetoItem[] {
  const entries = (counts instanceof Map ? [...counts] : Object.entries(counts)).filter(([, n]) => n > 0);
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const total = entries.reduce((n, [, c]) => n + c, 0);
  let before = 0;
  return entries.map(([key, count]) => {
    // before/total < cut ⇔ before < cut × total; the tolerance keeps an exact 80% (80 of 100) from slipping in through float rounding.
    const inCut = before < cut * total - 1e-9;
    before += count;
    return { key, count, share: count / total, cumulative: before / total, inCut };
  });
}
