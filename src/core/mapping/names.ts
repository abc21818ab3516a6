import { distance } from 'fastest-levenshtein';

/**
 * How alike two column or sheet names are. Two measures, the larger wins:
 * characters (Levenshtein ratio, for typos and run-together words) and tokens
 * (Dice over word sets, for reordered or extra words: "Site Country" ~ "Country of Site").
 */

/** Generic abbreviations of English words in headers; field-specific synonyms belong in the standard's aliases. */
const WORD: Record<string, string> = {
  no: 'number', nr: 'number', num: 'number', nbr: 'number', number: 'number', '#': 'number',
  dt: 'date', addr: 'address', tel: 'phone', telephone: 'phone', mail: 'email', 'e-mail': 'email',
  org: 'organization', organisation: 'organization', centre: 'center', cntry: 'country', ctry: 'country',
  st: 'state', prov: 'province', qty: 'count', cnt: 'count', desc: 'description', inv: 'investigator',
};

/**
 * The same few hundred names (headers, the standard's names and aliases) are
 * compared again for every sheet and entity: their normal forms are kept
 * rather than redone by regular expressions each time.
 */
function memo<T>(fn: (s: string) => T): (s: string) => T {
  const cache = new Map<string, T>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined) {
      v = fn(s);
      if (cache.size > 20_000) cache.clear();
      cache.set(s, v);
    }
    return v;
  };
}

export const normalizeName = memo((s: string): string => s.normalize('NFKD').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ''));

/** Words of a name (shared between callers: do not change the array). */
export const tokens = memo((s: string): string[] => {
  const spaced = s.normalize('NFKD')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/#/g, ' # ')
    .toLowerCase();
  return spaced.split(/[^\p{L}\p{N}#]+/u).filter(Boolean).map((t) => WORD[t] ?? t);
});

const joinedTokens = memo((s: string): string => tokens(s).join(' '));
const tokenSet = memo((s: string): Set<string> => new Set(tokens(s)));

function charSimilarity(a: string, b: string): number {
  const x = normalizeName(a);
  const y = normalizeName(b);
  if (!x || !y) return 0;
  return 1 - distance(x, y) / Math.max(x.length, y.length);
}

function tokenSimilarity(a: string, b: string): number {
  const x = tokenSet(a);
  const y = tokenSet(b);
  if (!x.size || !y.size) return 0;
  let common = 0;
  for (const t of x) if (y.has(t)) common++;
  return (2 * common) / (x.size + y.size);
}

export function nameSimilarity(a: string, b: string): number {
  return Math.max(charSimilarity(a, b), tokenSimilarity(a, b));
}

/** Exact (1), alias (0.95) or the best similarity to the name and its aliases. */
export function nameScore(source: string, name: string, aliases: readonly string[] = []): { score: number; how: 'exact' | 'alias' | 'name' } {
  const n = normalizeName(source);
  if (!n) return { score: 0, how: 'name' };
  if (n === normalizeName(name)) return { score: 1, how: 'exact' };
  const expanded = joinedTokens(source);
  for (const a of aliases) {
    if (n === normalizeName(a) || expanded === joinedTokens(a)) return { score: 0.95, how: 'alias' };
  }
  if (expanded === joinedTokens(name)) return { score: 0.95, how: 'alias' };
  let best = nameSimilarity(source, name);
  for (const a of aliases) best = Math.max(best, nameSimilarity(source, a));
  // Similar names stay below the alias level: a similarity alone is never as good as a recorded synonym.
  return { score: Math.min(best, 0.9), how: 'name' };
}
