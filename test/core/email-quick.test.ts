import { isValidEmail, isValidLowerCaseEmail } from '../../src/core/transform/email';

/**
 * isValidLowerCaseEmail answers the commonest addresses in one pass before
 * the pattern: it must agree with the pattern everywhere. A valid lower-case
 * address is exactly a valid address that lower-casing leaves unchanged.
 */
const reference = (s: string) => isValidEmail(s) && s === s.toLowerCase();

function rng(seed: number) {
  let x = seed >>> 0;
  return () => ((x = (x * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('the quick check of lower-case addresses agrees with the pattern', () => {
  test('on edge cases of each part', () => {
    const label = (n: number) => 'a'.repeat(n);
    const cases = [
      'a@b.co', 'a.b@c.de', 'a..b@c.de', '.a@b.co', 'a.@b.co', 'a@b', 'a@b.c', 'a@b.c0', 'a@b.xn--p1ai', 'a@-b.co', 'a@b-.co', 'a@b-c.co',
      'a@b..co', 'a@.b.co', 'a@b.co.', '@b.co', 'a@', 'a@@b.co', 'a@b@c.co', 'a_b+c-d@e.fg', "a!#$%&'*+/=?^_`{|}~-@b.co", 'A@b.co', 'a@B.co',
      'a b@c.de', 'é@b.co', 'a@b.co ', `${label(64)}@b.co`, `${label(65)}@b.co`, `a@${label(63)}.co`, `a@${label(64)}.co`, `a@b.${label(63)}`,
      `a@b.${label(64)}`, `a@${[label(63), label(63), label(63)].join('.')}.${label(59)}`, `a@${[label(63), label(63), label(63)].join('.')}.${label(60)}`,
      `${label(64)}@${[label(63), label(63), label(61)].join('.')}.${label(60)}`, `${label(64)}@${[label(63), label(63), label(63)].join('.')}.${label(59)}`,
      'a@1.co', 'a@b.1co', '1@2.3', 'a-@b.co', '-a@b.co', 'a@b.c-o', '',
    ];
    for (const s of cases) expect([s, isValidLowerCaseEmail(s)]).toEqual([s, reference(s)]);
  });

  test('on 200,000 random strings of address characters', () => {
    const r = rng(7);
    const alphabet = 'abcxyz0129.@-_+!A.@-xn';
    let valid = 0;
    for (let k = 0; k < 200_000; k++) {
      const parts: string[] = [];
      // Mostly address-shaped: local part, @, two or three labels.
      const word = (max: number) => Array.from({ length: 1 + Math.floor(r() * max) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
      parts.push(word(6), '@', word(5), '.', word(4));
      if (r() < 0.3) parts.push('.', word(3));
      const s = parts.join('');
      const got = isValidLowerCaseEmail(s);
      if (got) valid++;
      if (got !== reference(s)) expect([s, got]).toEqual([s, reference(s)]);
    }
    // The strings reach both answers often.
    expect(valid).toBeGreaterThan(1000);
  });
});
