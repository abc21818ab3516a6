/**
 * Person-name comparison on top of the string metrics: the ways one person's
 * name is written differently in clinical-trial sources are accents, typos,
 * hyphenated or dropped second surnames, first and last swapped, and initials.
 */
import { jaroWinkler } from './similarity';
import { areNicknames } from './nicknames';

export type NameRelation = 'same' | 'swapped' | 'similar' | 'different';

export interface NameMatch {
  score: number;
  relation: NameRelation;
  first: number;
  last: number;
}

/** "j r" or "jr" (two or three letters, no vowel pattern of a name) as initials "jr"; null for a name. */
function initialsOf(s: string): string | null {
  if (/^[a-z]( [a-z])+$/.test(s)) return s.replace(/ /g, '');
  // Two or three consonants together are initials, not a name ("JR", "MKS").
  return /^[b-df-hj-np-tv-z]{2,3}$/.test(s) ? s : null;
}

/** Similarity of two given names (already simplified): initials and short forms count. */
export function givenNameSimilarity(a: string, b: string): number {
  if (a === b) return a === '' ? 0 : 1;
  if (a === '' || b === '') return 0;
  // "J" against "John": consistent, but weaker evidence than the full name.
  if (a.length === 1 || b.length === 1) return a[0] === b[0] ? 0.85 : 0;
  // Initials of a compound given name: "J R" or "JR" against "John Robert".
  const ia = initialsOf(a), ib = initialsOf(b);
  if (ia !== null && ib === null && b.includes(' ') && ia === b.split(' ').map((w) => w[0]).join('')) return 0.85;
  if (ib !== null && ia === null && a.includes(' ') && ib === a.split(' ').map((w) => w[0]).join('')) return 0.85;
  // "Rob" / "Robert": a leading form of the other.
  if (a.length >= 3 && b.length >= 3 && (a.startsWith(b) || b.startsWith(a))) return 0.9;
  // Compound given names: "Jean Pierre" against "Jean".
  if (a.includes(' ') || b.includes(' ')) {
    const ta = a.split(' ');
    const tb = b.split(' ');
    if (ta[0] === tb[0]) return 0.9;
  }
  return jaroWinkler(a, b);
}

/** Similarity of two surnames (simplified, hyphens already spaces): a shared part of a compound counts. */
export function surnameSimilarity(a: string, b: string): number {
  if (a === b) return a === '' ? 0 : 1;
  if (a === '' || b === '') return 0;
  if (a.includes(' ') || b.includes(' ')) {
    // "smith jones" against "smith": one part of a double-barrelled name.
    const [short, long] = a.length <= b.length ? [a, b] : [b, a];
    if ((' ' + long + ' ').includes(' ' + short + ' ')) return 0.92;
    const joined = jaroWinkler(a.replace(/ /g, ''), b.replace(/ /g, ''));
    if (joined > 0.95) return joined;
  }
  return jaroWinkler(a, b);
}

// Surname weighs more: given names are shared by far more people than surnames.
const W_FIRST = 0.4;
const W_LAST = 0.6;

// Below these a reading is "different people": a surname at 0.6 Jaro-Winkler
// is another surname, however well the rest agrees.
const MIN_LAST = 0.85;
const MIN_FIRST = 0.8;
// A missing given name neither confirms nor contradicts.
const MISSING_FIRST = 0.5;

// "Bill" / "William": a listed nickname, as strong as a leading form ("Rob" / "Robert").
const NICKNAME = 0.9;

/** Two given names that only the nickname list matches (Bill / William; not Dona / Donna, a typo their spelling matches). */
export function nicknameOnly(a: string, b: string): boolean {
  return givenNameSimilarity(a, b) < MIN_FIRST && areNicknames(a, b);
}

function reading(first: number, last: number): number {
  if (last < MIN_LAST || first < MIN_FIRST) return 0;
  return W_FIRST * first + W_LAST * last;
}

/** Best reading of two (first, last) names, trying the swapped order too. */
export function compareNames(aFirst: string, aLast: string, bFirst: string, bLast: string): NameMatch {
  if (aFirst === bFirst && aLast === bLast && aLast !== '') return { score: 1, relation: 'same', first: 1, last: 1 };
  const noFirst = aFirst === '' || bFirst === '';
  // Surname first: most candidate pairs fail on it, and then the given name need not be compared.
  const last = surnameSimilarity(aLast, bLast);
  let first = 0;
  let direct = 0;
  if (last >= MIN_LAST) {
    first = noFirst ? MISSING_FIRST : givenNameSimilarity(aFirst, bFirst);
    // A nickname counts with the same surname only: the list also pairs names across languages
    // (Ivan / John), too loose to stand beside a surname that is merely similar.
    if (!noFirst && first < MIN_FIRST && last === 1 && areNicknames(aFirst, bFirst)) first = NICKNAME;
    direct = noFirst ? W_FIRST * first + W_LAST * last : reading(first, last);
  }
  let swapped = 0;
  let sf = 0;
  let sl = 0;
  // Swaps are judged on near-equality of whole words only (a given name
  // resembling a surname is common and says little), and only when the
  // initials cross over, which keeps the check off most pairs.
  if (!noFirst && direct < 0.99 && aFirst[0] === bLast[0] && aLast[0] === bFirst[0]) {
    sf = jaroWinkler(aFirst, bLast);
    sl = jaroWinkler(aLast, bFirst);
    if (sf >= 0.9 && sl >= 0.9) swapped = 0.98 * reading(sl, sf);
  }
  if (swapped > direct) return { score: swapped, relation: 'swapped', first: sl, last: sf };
  return { score: direct, relation: direct >= 0.999 ? 'same' : direct > 0 ? 'similar' : 'different', first, last };
}
