/**
 * T-TRIM: whitespace and invisible characters. Non-breaking spaces and other
 * Unicode spaces become plain spaces; zero-width and control characters go.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2064\uFEFF\u00AD]/g;
const SPACES = /[\s\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g;
// Fast path: printable ASCII with no leading/trailing/double spaces needs no work.
const CLEAN_ASCII = /^[\x21-\x7E]+(?: [\x21-\x7E]+)*$/;

/** Printable ASCII, single-spaced, nothing to trim: text that tidyText returns unchanged. */
export function isCleanAscii(s: string): boolean {
  return CLEAN_ASCII.test(s);
}

export function tidyText(s: string): string {
  if (CLEAN_ASCII.test(s)) return s;
  return s.replace(INVISIBLE, '').replace(SPACES, ' ').trim();
}

const HAS_INVISIBLE = new RegExp(INVISIBLE.source);
const HAS_ODD_SPACE = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\t\n\r\v\f]/;

/** What tidyText removes that a person cannot see, in words; null when nothing of the kind. */
export function hiddenCharacters(s: string): string | null {
  if (CLEAN_ASCII.test(s)) return null;
  const parts: string[] = [];
  if (HAS_INVISIBLE.test(s)) parts.push('invisible or control characters removed');
  if (HAS_ODD_SPACE.test(s)) parts.push('non-breaking spaces, tabs or line breaks made plain spaces');
  return parts.length ? parts.join('; ') : null;
}

/** Blank means nothing but whitespace, including non-breaking and zero-width spaces. */
export function isBlank(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v !== 'string') return false;
  return tidyText(v) === '';
}

/** Key for matching source spellings: case, spacing and punctuation ignored. */
export function matchKey(s: string): string {
  return s.normalize('NFKD').toLowerCase().replace(/[^\p{L}\p{N}/]+/gu, '');
}
