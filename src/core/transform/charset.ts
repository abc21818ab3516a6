/**
 * Latin-only check for fields the target stores in Latin script. Any letter of
 * another script needs translation or transliteration by a person.
 */
const NON_LATIN_LETTER = /[^\P{L}\p{Script=Latin}]/u;
const SCRIPTS: [RegExp, string][] = [
  [/\p{Script=Han}/u, 'Chinese (Han)'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'Japanese (kana)'],
  [/\p{Script=Hangul}/u, 'Korean (Hangul)'],
  [/\p{Script=Cyrillic}/u, 'Cyrillic'],
  [/\p{Script=Greek}/u, 'Greek'],
  [/\p{Script=Arabic}/u, 'Arabic'],
  [/\p{Script=Hebrew}/u, 'Hebrew'],
  [/\p{Script=Thai}/u, 'Thai'],
  [/\p{Script=Devanagari}/u, 'Devanagari'],
];

/** Returns the name of the first non-Latin script found, or null when the text is Latin-only. */
export function nonLatinScript(s: string): string | null {
  // Latin, Latin-1 and Latin Extended-A/B all sit below U+0250: most values stop here.
  let plain = true;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x250) { plain = false; break; }
  if (plain) return null;
  if (!NON_LATIN_LETTER.test(s)) return null;
  for (const [re, name] of SCRIPTS) if (re.test(s)) return name;
  return 'non-Latin';
}
