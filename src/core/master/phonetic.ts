// talisman (no release since 2021) for Double Metaphone: a fixed algorithm, pure
// and MIT-licensed. The maintained `double-metaphone` package is ESM only, which
// the CommonJS CLI (run through tsx/cjs) and jest cannot require; see similarity.ts.
import doubleMetaphone from 'talisman/phonetics/double-metaphone';
import { simplify } from './normalize';

// Names repeat a lot (100k rows hold a few thousand distinct surnames), so the
// phonetic code of each distinct token is computed once.
const cache = new Map<string, string>();
const CACHE_LIMIT = 200_000;

/** Primary Double Metaphone code of one word, after folding accents ("Müller" = "Muller"). */
export function phoneticKey(word: string): string {
  let code = cache.get(word);
  if (code !== undefined) return code;
  const w = simplify(word).replace(/ /g, '');
  code = w === '' ? '' : doubleMetaphone(w.toUpperCase())[0];
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, code);
  return code;
}
