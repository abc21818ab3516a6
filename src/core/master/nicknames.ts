/**
 * Given names and their nicknames, from a maintained public list (see
 * nicknames/SOURCE.md): "Bill" and "William" are one given name written two
 * ways, which no string metric sees. Names are looked up as simplify() leaves
 * them (lower case, no accents), first word of a compound given name.
 */
import table from './nicknames/names.json';

interface NicknameIndex {
  /** Name → its nicknames. */
  nicks: Map<string, Set<string>>;
  /** Nickname → the names it is short for. */
  fulls: Map<string, string[]>;
}

let index: NicknameIndex | null = null;

// Built on first use: only duplicate detection needs it.
function nicknameIndex(): NicknameIndex {
  if (index) return index;
  const nicks = new Map<string, Set<string>>();
  const fulls = new Map<string, string[]>();
  for (const [name, list] of Object.entries(table as Record<string, string[]>)) {
    nicks.set(name, new Set(list));
    for (const n of list) {
      const f = fulls.get(n);
      if (f) f.push(name); else fulls.set(n, [name]);
    }
  }
  return (index = { nicks, fulls });
}

const firstWord = (s: string) => { const k = s.indexOf(' '); return k < 0 ? s : s.slice(0, k); };

/**
 * True when one given name is listed as a nickname of the other. Either way
 * round: the list has both "william → bill" and "bill → william", so it cannot
 * tell which is the short form.
 */
export function areNicknames(a: string, b: string): boolean {
  const x = firstWord(a), y = firstWord(b);
  if (x === y || x === '' || y === '') return false;
  const { nicks } = nicknameIndex();
  return !!(nicks.get(y)?.has(x) || nicks.get(x)?.has(y));
}

/**
 * Blocking keys for a given name: the full names it is a nickname of, and
 * itself when it has nicknames, wherever the initials differ (Bill / William:
 * the other keys block on the first initial, so Will / William meet already).
 */
export function nicknameKeys(name: string): string[] {
  const x = firstWord(name);
  if (x === '') return [];
  const { nicks, fulls } = nicknameIndex();
  const out: string[] = [];
  for (const f of fulls.get(x) ?? []) if (f[0] !== x[0]) out.push(f);
  const own = nicks.get(x);
  if (own) for (const n of own) if (n[0] !== x[0]) { out.push(x); break; }
  return out;
}
