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
  return lengthsFit(s) && LOWER_CASE_ADDRESS.test(s);
}
