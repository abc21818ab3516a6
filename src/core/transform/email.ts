/**
 * Our notion of a valid email: an address that ordinary mail systems deliver
 * and that the target accepts as a person's identifier — the RFC 5321
 * "dot-atom" local part (no quoted strings, comments or IP-literal domains,
 * which RFC 5322 allows but no CTMS stores), ASCII only, local part ≤ 64,
 * whole address ≤ 254, a domain of at least two DNS labels (letters, digits,
 * inner hyphens, ≤ 63 each) ending in an alphabetic top-level label of two or
 * more letters (or an IDNA "xn--" label). This is the definition used by the
 * HTML living standard's valid e-mail address, tightened by RFC 5321 lengths
 * and a real top-level domain. test/core/email-vectors.test.ts holds it to
 * every isemail and validator.js vector.
 */
/**
 * The whole address in one pass: a dot-atom local part, "@", then labels of
 * letters, digits and inner hyphens and an alphabetic or IDNA top-level label,
 * with `letters` as the letters allowed. Neither part admits "@", so a match
 * splits at the last "@", where the length checks measure the parts (without
 * slicing them out).
 */
function addressPattern(letters: string): RegExp {
  const local = `[${letters}0-9!#$%&'*+/=?^_\`{|}~-]`;
  const label = `[${letters}0-9](?:[${letters}0-9-]{0,61}[${letters}0-9])?`;
  return new RegExp(`^${local}+(?:\\.${local}+)*@(?:${label}\\.)+(?:[${letters}]{2,63}|xn--[${letters}0-9-]{1,59})$`);
}
const ADDRESS = addressPattern('A-Za-z');
const LOWER_CASE_ADDRESS = addressPattern('a-z');

function lengthsFit(s: string): boolean {
  if (s.length > 254) return false;
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return false;
  // Local part ≤ 64, domain ≤ 253.
  return at <= 64 && s.length - at - 1 <= 253;
}

export function isValidEmail(s: string): boolean {
  return lengthsFit(s) && ADDRESS.test(s);
}

/** A valid address with no capital letter: one that lower-casing leaves unchanged. */
export function isValidLowerCaseEmail(s: string): boolean {
  return plainLowerCaseAddress(s) || (lengthsFit(s) && LOWER_CASE_ADDRESS.test(s));
}

const isLowerAlnum = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

/**
 * A quick yes, in one pass over the characters, for the commonest shape of a
 * valid lower-case address: dot-separated atoms of letters, digits, "_", "+"
 * and "-", then labels and an alphabetic top-level label. It says yes only
 * where LOWER_CASE_ADDRESS and lengthsFit do; anything else (other specials,
 * IDNA labels, invalid text) is left to them. Columns of addresses are mostly
 * distinct values, each checked once: the pattern was most of their cost.
 */
function plainLowerCaseAddress(s: string): boolean {
  const n = s.length;
  if (n > 254) return false;
  let i = 0, atom = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 64) break; // @
    if (isLowerAlnum(c) || c === 95 || c === 43 || c === 45) atom++; // _ + -
    else if (c === 46 && atom > 0) atom = 0; // .
    else return false;
  }
  if (i === n || atom === 0 || i > 64 || n - i - 1 > 253) return false;
  let label = 0, labels = 0, letters = true, hyphenLast = false;
  for (i++; i < n; i++) {
    const c = s.charCodeAt(i);
    if (isLowerAlnum(c)) { label++; hyphenLast = false; if (c <= 57) letters = false; }
    else if (c === 45 && label > 0) { label++; hyphenLast = true; letters = false; }
    else if (c === 46 && label > 0 && label <= 63 && !hyphenLast) { labels++; label = 0; letters = true; }
    else return false;
  }
  return labels > 0 && letters && label >= 2 && label <= 63;
}
