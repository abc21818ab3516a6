/**
 * Cell content that is wrong whatever the field: Excel error values, text
 * broken by a wrong encoding, and text a spreadsheet would run as a formula.
 * Which values count is data in the standard (`cellContent`); this module
 * only knows how to recognise them.
 */

/** The Excel error value the text is (case ignored), or null. */
export function excelErrorOf(text: string, errors: ReadonlySet<string>): string | null {
  if (text.charCodeAt(0) !== 35 /* # */) return null;
  const up = text.toUpperCase();
  return errors.has(up) ? up : null;
}

/**
 * Windows-1252 bytes 0x80–0x9F as the characters a UTF-8 file misread as
 * Windows-1252 shows (the WHATWG table); 0xA0–0xFF are the Latin-1
 * characters of the same code. The five undefined bytes stay C1 controls.
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const BYTE_OF = new Map<string, number>();
for (let i = 0; i < 32; i++) BYTE_OF.set(CP1252_HIGH[i]!, 0x80 + i);
for (let b = 0xa0; b <= 0xff; b++) BYTE_OF.set(String.fromCharCode(b), b);

function byteOf(ch: string): number | undefined {
  const c = ch.charCodeAt(0);
  return c < 0x80 ? c : BYTE_OF.get(ch);
}

const isContinuation = (b: number | undefined) => b !== undefined && b >= 0x80 && b <= 0xbf;

/** How many continuation bytes a UTF-8 lead byte announces (0 for no lead byte). */
function followers(b: number): number {
  if (b >= 0xc2 && b <= 0xdf) return 1;
  if (b >= 0xe0 && b <= 0xef) return 2;
  if (b >= 0xf0 && b <= 0xf4) return 3;
  return 0;
}

/**
 * The text as it was meant when it is UTF-8 read as Windows-1252 ("MÃ¼ller"
 * for "Müller", "â€™" for "’"), or null. Only complete UTF-8 sequences
 * count, so real text such as "SÃO PAULO" (Ã followed by a plain letter) is
 * left alone.
 */
export function repairMisreadUtf8(text: string): string | null {
  let found = false;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const lead = byteOf(text[i]!);
    const n = lead === undefined ? 0 : followers(lead);
    if (n > 0 && i + n < text.length) {
      const bytes = [lead!];
      for (let k = 1; k <= n; k++) bytes.push(byteOf(text[i + k]!) ?? -1);
      if (bytes.slice(1).every(isContinuation)) {
        const decoded = decodeUtf8(bytes);
        if (decoded !== null) { out += decoded; i += n; found = true; continue; }
      }
    }
    out += text[i];
  }
  return found ? out : null;
}

function decodeUtf8(bytes: number[]): string | null {
  const n = bytes.length - 1;
  let cp = bytes[0]! & (n === 1 ? 0x1f : n === 2 ? 0x0f : 0x07);
  for (let k = 1; k <= n; k++) cp = (cp << 6) | (bytes[k]! & 0x3f);
  // Overlong forms and surrogates are not text anyone wrote.
  if ((n === 2 && cp < 0x800) || (n === 3 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff)) return null;
  return String.fromCodePoint(cp);
}

export type BrokenText = { kind: 'replacement' } | { kind: 'misread'; repaired: string };

/** Why the text is broken, or null: a U+FFFD replacement character, or UTF-8 read as Windows-1252. */
export function brokenTextOf(text: string): BrokenText | null {
  // Both need a character beyond ASCII: most values stop at the first test.
  if (!/[\u0080-\uFFFF]/.test(text)) return null;
  if (text.includes('\uFFFD')) return { kind: 'replacement' };
  const repaired = repairMisreadUtf8(text);
  return repaired === null ? null : { kind: 'misread', repaired };
}

/**
 * The text without the leading characters that would make a spreadsheet run
 * it as a formula (and the spaces after them), or null when it does not
 * start with one. Removing is the standard's choice over an apostrophe
 * prefix: see T-INERT's reason in the standard.
 */
export function inertText(text: string, prefixes: string): string | null {
  if (!prefixes.includes(text[0] ?? '\u0000')) return null;
  let i = 0;
  while (i < text.length && (prefixes.includes(text[i]!) || text[i] === ' ')) i++;
  return text.slice(i);
}
