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
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
// One pass over the domain: labels of letters, digits and inner hyphens, then an alphabetic or IDNA top-level label.
const DOMAIN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

export function isValidEmail(s: string): boolean {
  if (s.length > 254) return false;
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return false;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (local.length > 64 || domain.length > 253) return false;
  return LOCAL.test(local) && DOMAIN.test(domain);
}
