import type { Standard } from '../standard/schema';
import type { RawSheet } from './types';
import { normalizeName, tokens } from './names';

/** The header is looked for within the first rows only: below that it is data. */
export const HEADER_SEARCH_ROWS = 20;

function knownNames(std: Standard): Set<string> {
  const out = new Set<string>();
  const add = (s: string) => { out.add(normalizeName(s)); out.add(tokens(s).join(' ')); };
  for (const e of std.entities) for (const f of e.fields) { add(f.header); add(f.key); for (const a of f.aliases ?? []) add(a); }
  return out;
}

/**
 * Index (into sheet.rows) of the header row: the row among the first 20 whose
 * cells name the most fields of the standard; ties go to the upper row. When
 * no row names any field, the first row with two or more text cells is taken.
 */
export function detectHeaderRow(std: Standard, sheet: RawSheet): number {
  const names = knownNames(std);
  const limit = Math.min(sheet.rows.length, HEADER_SEARCH_ROWS);
  let best = -1;
  let bestScore = 0;
  for (let r = 0; r < limit; r++) {
    let score = 0;
    for (const v of sheet.rows[r]!) {
      if (typeof v !== 'string' || !v.trim()) continue;
      if (names.has(normalizeName(v)) || names.has(tokens(v).join(' '))) score++;
    }
    if (score > bestScore) { best = r; bestScore = score; }
  }
  if (best >= 0) return best;
  for (let r = 0; r < limit; r++) {
    if (sheet.rows[r]!.filter((v) => typeof v === 'string' && v.trim()).length >= 2) return r;
  }
  return 0;
}
