import type { Romanizers } from './load';
import { CHINESE_COMPOUND_FAMILY_NAMES } from './chinese';
import { KOREAN_COMPOUND_FAMILY_NAMES, KOREAN_FAMILY_NAMES } from './korean';

/**
 * Romanization of one person's name, as a proposal for a person to accept:
 * each result names its scheme and how sure it is. A name that cannot be
 * romanized by rule (Japanese kanji, scripts without a scheme here) gives
 * null: it stays an error for a translator.
 */

export type Confidence = 'high' | 'medium' | 'low';

export interface Romanized {
  /** Set when a full name was split: the family and the given name. */
  family?: string;
  given?: string;
  /** The romanized text when the name was not split. */
  whole?: string;
  scheme: string;
  confidence: Confidence;
  note?: string;
}

/** What the text in a field is: a family name, a given name, or possibly a whole name (family name first). */
export type NameRole = 'family' | 'given' | 'full';

const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const OTHER_LETTER = /[^\P{L}\p{Script=Latin}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Cyrillic}]/u;

const PINYIN = 'Hanyu Pinyin (as on Chinese passports: no tones, ü as yu)';
const HEPBURN = 'Hepburn romanization as on Japanese passports (long vowels unmarked)';
const HEPBURN_KANJI = 'Hepburn romanization as on Japanese passports, from a dictionary reading of the kanji (kuromoji with IPADIC)';
const KANJI_NOTE = 'needs review: a name in kanji can be read several ways and the dictionary gives the commonest; ask for the spelling on the passport';
const RR = 'Revised Romanization of Korean, family name in its customary spelling';
const ICAO = 'ICAO Doc 9303 (machine-readable passports)';

/** Countries whose Chinese names are usually spelled in Wade–Giles or Cantonese, not Pinyin. */
const NOT_PINYIN_COUNTRIES = new Set(['TW', 'HK', 'MO']);

const cap = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
const capWords = (s: string) => s.split(/([\s-]+)/).map(cap).join('');

export function romanizeName(text: string, role: NameRole, country: string | null, r: Romanizers): Romanized | null {
  const t = text.trim();
  if (!t || OTHER_LETTER.test(t)) return null;
  if (HANGUL.test(t)) return korean(t, role, r);
  if (KANA.test(t)) return HAN.test(t) ? japaneseKanji(t, role, r) : japaneseKana(t, role, r);
  if (HAN.test(t)) return country === 'JP' ? japaneseKanji(t, role, r) : chinese(t, role, country, r);
  if (CYRILLIC.test(t)) return { whole: capWords(r.cyrillic(t)), scheme: ICAO, confidence: 'high' };
  return null;
}

const FULL_IN_FAMILY = 'this looks like a whole name (family name first), not a family name alone: check First Name';

/** A family name field holding more than a family name: a space, or more characters than a family name has. */
function looksFull(t: string, compounds: ReadonlySet<string>): boolean {
  const s = t.trim();
  return /\s/.test(s) || ([...s].length > 1 && !compounds.has(s));
}

/** Family name first: split at a space, else after a known two-character family name, else after the first character. */
function splitFamilyFirst(t: string, compounds: ReadonlySet<string>): [string, string] | null {
  const parts = t.split(/\s+/).filter(Boolean);
  if (parts.length >= 2) return [parts[0]!, parts.slice(1).join('')];
  const chars = [...t];
  if (chars.length < 2) return null;
  const two = chars.slice(0, 2).join('');
  if (chars.length >= 3 && compounds.has(two)) return [two, chars.slice(2).join('')];
  return [chars[0]!, chars.slice(1).join('')];
}

function pinyinWord(syllables: string[]): string {
  // ü as yu (lü → lyu), as Chinese passports write it; an apostrophe where a syllable starting with a, o or e follows another (Xi'an).
  const s = syllables.map((x) => x.replace(/ü|v/g, 'yu'));
  return cap(s.map((x, i) => (i > 0 && /^[aoe]/.test(x) ? `'${x}` : x)).join(''));
}

function chinese(t: string, role: NameRole, country: string | null, r: Romanizers): Romanized {
  const hanOnly = [...t].filter((c) => HAN.test(c) || c === ' ').join('').trim();
  const base = NOT_PINYIN_COUNTRIES.has(country ?? '')
    ? { scheme: PINYIN, confidence: 'low' as const, note: 'names from Taiwan, Hong Kong and Macao are usually spelled otherwise: use the passport spelling' }
    : { scheme: PINYIN, confidence: 'medium' as const };
  if (role === 'full' || (role === 'family' && looksFull(hanOnly, CHINESE_COMPOUND_FAMILY_NAMES))) {
    const split = splitFamilyFirst(hanOnly, CHINESE_COMPOUND_FAMILY_NAMES);
    if (split) {
      const syl = r.pinyin(split.join(''), true);
      const n = [...split[0]].length;
      const family = pinyinWord(syl.slice(0, n)), given = pinyinWord(syl.slice(n));
      return role === 'full' ? { ...base, family, given } : { ...base, whole: `${family} ${given}`, note: FULL_IN_FAMILY };
    }
  }
  return { ...base, whole: pinyinWord(r.pinyin(hanOnly.replace(/\s+/g, ''), role !== 'given')) };
}

/** Passport Hepburn from wanakana's romaji: no apostrophes or long marks, ou/oo/uu shortened, n before b, m, p as m. */
function passportHepburn(romaji: string): string {
  return romaji.replace(/'/g, '').replace(/([aeiou])-/g, '$1').replace(/oo/g, 'o').replace(/ou(?![aeiou])/g, 'o').replace(/uu(?![aeiou])/g, 'u')
    .replace(/n(?=[bmp])/g, 'm');
}

function japaneseKana(t: string, role: NameRole, r: Romanizers): Romanized {
  const base = { scheme: HEPBURN, confidence: 'medium' as const };
  const parts = t.split(/\s+/).filter(Boolean);
  const word = (x: string) => cap(passportHepburn(r.kana(x)));
  if (role === 'full' && parts.length === 2) return { ...base, family: word(parts[0]!), given: word(parts[1]!) };
  const note = role === 'full' && parts.length === 1 ? 'family and given name could not be told apart: check which is which' : undefined;
  return { ...base, whole: parts.map(word).join(' '), ...(note ? { note } : {}) };
}

/** A Japanese name in kanji (or kanji and kana): read by the caller's dictionary, then as kana; never better than low confidence. */
function japaneseKanji(t: string, role: NameRole, r: Romanizers): Romanized | null {
  const reading = r.kanji?.(t);
  if (!reading || HAN.test(reading)) return null;
  const x = japaneseKana(reading, role, r);
  const words = [x.whole, x.family, x.given].filter((w): w is string => w !== undefined);
  // Whatever the dictionary could not read stays for a translator, never half-romanized.
  if (words.some((w) => !/^[A-Za-z' -]+$/.test(w))) return null;
  return { ...x, scheme: HEPBURN_KANJI, confidence: 'low', note: x.note ? `${KANJI_NOTE}; ${x.note}` : KANJI_NOTE };
}

function korean(t: string, role: NameRole, r: Romanizers): Romanized {
  const base = { scheme: RR, confidence: 'medium' as const, note: 'people often keep another spelling on their passport: check it' };
  const family = (x: string) => KOREAN_FAMILY_NAMES[x] ?? cap(r.hangul(x));
  const given = (x: string) => cap(r.hangul(x.replace(/\s+/g, '')));
  if (role === 'family' && !looksFull(t, KOREAN_COMPOUND_FAMILY_NAMES)) return { ...base, whole: family(t.replace(/\s+/g, '')) };
  if (role === 'given') return { ...base, whole: given(t) };
  const split = splitFamilyFirst(t, KOREAN_COMPOUND_FAMILY_NAMES);
  if (!split) return { ...base, whole: family(t) };
  if (role === 'family') return { ...base, whole: `${family(split[0])} ${given(split[1])}`, note: FULL_IN_FAMILY };
  return { ...base, family: family(split[0]), given: given(split[1]) };
}
