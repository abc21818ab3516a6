import { realFile } from '../../testing/builders/csv';
import { isValidEmail } from '../../src/core/transform/email';

/**
 * Our email notion (src/core/transform/email.ts, docs/email-validity.md) held to
 * EVERY vector of two public suites, copied under test/fixtures/.
 *
 * Mapping from each vector's metadata to our expected verdict:
 *
 * isemail (Dominic Sayers, tests.xml v3.05, 164 vectors):
 *   - category ISEMAIL_VALID_CATEGORY or ISEMAIL_DNSWARN (DNS lookups are not
 *     syntax) → valid, unless the address breaks one of our stricter rules
 *     (domain of ≥ 2 labels, alphabetic TLD of ≥ 2 letters or xn--): those are
 *     listed in ISEMAIL_STRICTER with the reason;
 *   - ISEMAIL_RFC5321 (quoted strings, address literals, numeric or lone TLD) →
 *     invalid: RFC 5321 allows them but no CTMS stores such an address;
 *   - ISEMAIL_CFWS, ISEMAIL_DEPREC, ISEMAIL_RFC5322, ISEMAIL_ERR → invalid.
 *
 * validator.js isEmail (211 vectors, with the options each was run with):
 *   - the vector's expected_valid is our verdict, except where our notion is
 *     stricter by design (stricterReason): non-ASCII characters (IDN domains
 *     must be given in xn-- form), quoted local parts, IP domains, underscores
 *     in domain labels, RFC 5321 lengths even when ignore_max_length is set,
 *     and display-name forms ("Name <a@b.com>": a cell holds a bare address);
 *   - options that are site policy, not syntax (host_blacklist/whitelist,
 *     blacklisted_chars, domain_specific_validation for Gmail, and
 *     require_display_name on a bare address) can make validator.js reject an
 *     address we accept: those vectors are listed in POLICY_ONLY and expected
 *     valid for us, because we do not apply those policies.
 */

interface IsemailVector { id: string; address_decoded: string; category: string; diagnosis: string }
interface ValidatorVector { address: string; expected_valid: 'True' | 'False'; isEmail_options: string; source_line: string; note: string }

const isemail = JSON.parse(realFile('isemail/isemail_tests.json')) as IsemailVector[];
const validator = JSON.parse(realFile('validatorjs/validatorjs_isEmail_cases.json')) as ValidatorVector[];

/** isemail vectors valid there (VALID or DNSWARN) that our stricter domain rules reject. */
const ISEMAIL_STRICTER: Record<string, string> = {
  5: 'test@io — a single-label domain: we require at least two labels',
  13: 'test@iana.a — a one-letter top-level label',
  33: 'test@iana.co-uk — a hyphen in the top-level label (not a TLD form)',
  37: 'a@a.b.c…u.v — ends in the one-letter top-level label "v"',
};

function isemailExpected(v: IsemailVector): boolean {
  if (v.category !== 'ISEMAIL_VALID_CATEGORY' && v.category !== 'ISEMAIL_DNSWARN') return false;
  return !(v.id in ISEMAIL_STRICTER);
}

/** Why our notion rejects an address that validator.js accepts, or null. */
function stricterReason(a: string): string | null {
  if (a.includes('<')) return 'display name: a cell holds one bare address';
  if (a.startsWith('"')) return 'quoted local part';
  if (/[^\x21-\x7e]/.test(a)) return 'non-ASCII: IDN domains must be written in xn-- form; local parts are ASCII';
  if (/@\[?\d+\.\d+\.\d+\.\d+\]?$/.test(a)) return 'IP address domain';
  if (/@[^@]*_/.test(a)) return 'underscore in a domain label';
  if (a.slice(0, a.lastIndexOf('@')).length > 64) return 'local part over 64 characters (RFC 5321)';
  return null;
}

/** validator.js rejects these only because of a policy option we do not apply. */
const POLICY_ONLY: [string, string][] = [
  ['[{ domain_specific_validation: true }]', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@gmail.com'],
  ['[{ domain_specific_validation: true }]', 'test@gmail.com'],
  ['[{ domain_specific_validation: true }]', 'test.1@gmail.com'],
  ['[{ require_display_name: true }]', 'some.name.midd.leNa.me+extension@GoogleMail.com'],
  ['[{ require_display_name: true }]', 'foo@bar.com'],
  ['[{ require_display_name: true }]', 'x@x.au'],
  ['[{ require_display_name: true }]', 'foo@bar.com.au'],
  ['[{ require_display_name: true }]', 'foo+bar@bar.com'],
  ['[{ require_display_name: true }]', 'test123+ext@gmail.com'],
  ["[{ blacklisted_chars: 'abc\"' }]", 'email@gmail.com'],
  ["[{ host_blacklist: ['gmail.com', 'foo.bar.com'] }]", 'foo+bar@gmail.com'],
  ["[{ host_blacklist: ['gmail.com', 'foo.bar.com'] }]", 'email@foo.bar.com'],
  ["[{ host_blacklist: ['bar.com', 'foo.com', /\\.foo\\.com$/], }]", 'email@bar.com'],
  ["[{ host_blacklist: ['bar.com', 'foo.com', /\\.foo\\.com$/], }]", 'email@foo.com'],
  ["[{ host_blacklist: ['bar.com', 'foo.com', /\\.foo\\.com$/], }]", 'email@a.b.c.foo.com'],
  ["[{ host_whitelist: ['gmail.com', 'foo.bar.com'] }]", 'foo+bar@test.com'],
  ["[{ host_whitelist: ['gmail.com', 'foo.bar.com'] }]", 'email@foo.com'],
  ["[{ host_whitelist: ['gmail.com', 'foo.bar.com'] }]", 'email@bar.com'],
  ["[{ host_whitelist: ['bar.com', 'foo.com', /\\.foo\\.com$/], }]", 'email@foobar.com'],
  ["[{ host_whitelist: ['bar.com', 'foo.com', /\\.foo\\.com$/], }]", 'email@foo.bar.com'],
  ["[{ host_whitelist: ['bar.com', 'foo.com', /\\.foo\\.com$/], }]", 'email@qux.com'],
];
const policyOnly = new Set(POLICY_ONLY.map(([o, a]) => `${o}\u0000${a}`));

function validatorExpected(v: ValidatorVector): boolean {
  if (policyOnly.has(`${v.isEmail_options}\u0000${v.address}`)) return true;
  return v.expected_valid === 'True' && stricterReason(v.address) === null;
}

test('the fixtures are the expected files', () => {
  expect(isemail).toHaveLength(164);
  expect(validator).toHaveLength(211);
  // every POLICY_ONLY entry names a real vector that validator.js rejects
  for (const [o, a] of POLICY_ONLY) expect(validator.some((v) => v.isEmail_options === o && v.address === a && v.expected_valid === 'False')).toBe(true);
});

test.each(isemail.map((v) => [v.id, v.category, v.diagnosis, v] as const))('isemail #%s (%s / %s)', (_id, _c, _d, v) => {
  expect(isValidEmail(v.address_decoded)).toBe(isemailExpected(v));
});

test.each(validator.map((v, i) => [i + 1, v.source_line, v.isEmail_options, v] as const))('validator.js vector %i (line %s, options %s)', (_i, _l, _o, v) => {
  expect(isValidEmail(v.address)).toBe(validatorExpected(v));
});

test('the exceptions are few and each is explained', () => {
  expect(Object.keys(ISEMAIL_STRICTER)).toHaveLength(4);
  const stricter = validator.filter((v) => v.expected_valid === 'True' && stricterReason(v.address) !== null && !isValidEmail(v.address));
  const reasons = new Map<string, number>();
  for (const v of stricter) reasons.set(stricterReason(v.address)!, (reasons.get(stricterReason(v.address)!) ?? 0) + 1);
  expect(Object.fromEntries(reasons)).toEqual({
    'display name: a cell holds one bare address': 32,
    'non-ASCII: IDN domains must be written in xn-- form; local parts are ASCII': 8,
    'quoted local part': 6,
    'IP address domain': 2,
    'underscore in a domain label': 1,
    'local part over 64 characters (RFC 5321)': 2,
  });
});
