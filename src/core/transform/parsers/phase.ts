/**
 * Study phase grammar: an optional prefix (Phase, Ph, Ph., P before a digit;
 * any case, spacing, underscores), a number 0–4 in arabic or roman numerals
 * or as a word, an optional sub-phase letter (1b, IIa), and several such
 * numbers joined by / - | , & + "and" "to" (never "or": that is doubt, not a combined phase) ("Phase 1/Phase 2",
 * "PHASE1|PHASE2", "Phase I-II"). Also "Early Phase 1" (EARLY_PHASE1) and
 * the not-applicable forms (NA, N/A, Not Applicable).
 *
 * The result is a key: the phase numbers, sorted and joined by "/" ("1/2"),
 * "early 1", or "na". A value whose key is null cannot be read; the caller
 * keeps it as an error.
 */

export interface PhaseReading {
  key: string;
  /** Set when the reading drops something a person should know about (a sub-phase letter). */
  note?: string;
}

const NUMBER: Record<string, number> = { 0: 0, 1: 1, 2: 2, 3: 3, 4: 4, i: 1, ii: 2, iii: 3, iv: 4, zero: 0, one: 1, two: 2, three: 3, four: 4 };

// Sticky tokens, tried in order at the current position.
const PREFIX = /(?:phase|ph\.?|p(?=\s*\d))\s*[-.:#]?\s*/y;
const NUM = /(iv|iii|ii|i|[0-4]|zero|one|two|three|four)([ab])?(?![a-z0-9])\s*/y;
const SEP = /(?:\/|\||,|&|\+|-|–|—|\band\b|\bto\b)\s*/y;
const NOT_APPLICABLE = new Set(['na', 'notapplicable', 'nonapplicable']);

function at(re: RegExp, s: string, i: number): RegExpExecArray | null {
  re.lastIndex = i;
  return re.exec(s);
}

export function readPhase(text: string): PhaseReading | null {
  const s = text.normalize('NFKD').toLowerCase().replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
  if (s === '') return null;
  if (NOT_APPLICABLE.has(s.replace(/[^a-z]/g, '')) && /^[a-z\s/.-]+$/.test(s)) return { key: 'na' };
  const early = /^early\s*(.*)$/.exec(s);
  if (early) {
    const rest = readPhase(early[1]!);
    return rest && rest.key === '1' && !rest.note ? { key: 'early 1' } : null;
  }
  const nums = new Set<number>();
  const subs: string[] = [];
  let i = 0;
  let expectNumber = true;
  while (i < s.length) {
    if (expectNumber) {
      const p = at(PREFIX, s, i);
      if (p) i = PREFIX.lastIndex;
      const n = at(NUM, s, i);
      if (!n) return null;
      nums.add(NUMBER[n[1]!]!);
      if (n[2]) subs.push(`${n[1]}${n[2]}`);
      i = NUM.lastIndex;
      expectNumber = false;
    } else {
      if (!at(SEP, s, i)) return null;
      i = SEP.lastIndex;
      expectNumber = true;
    }
  }
  if (expectNumber || nums.size === 0) return null;
  const key = [...nums].sort((a, b) => a - b).join('/');
  return subs.length ? { key, note: `sub-phase ${subs.join(', ')} counted as its phase` } : { key };
}
