import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';

/**
 * T-COUNTRY: names, official names and alpha-3 codes → ISO 3166-1 alpha-2.
 * Names come from i18n-iso-countries (English, with its alternative names)
 * plus the standard's own aliases; matching ignores case, accents,
 * punctuation, a leading "the" and the "Name, Republic of" inversion.
 * A value that does not match is never guessed.
 */
countries.registerLocale(en);

/** Abbreviations that registries use in country names ("Congo, Dem. Rep.", "Micronesia, Fed. Sts."). */
const WORDS: Record<string, string> = {
  rep: 'republic', dem: 'democratic', fed: 'federated', sts: 'states', st: 'saint', ste: 'sainte', is: 'islands',
  eq: 'equatorial', pdr: 'peoples democratic republic', utd: 'united',
};

function key(s: string): string {
  let k = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  // "People's" = "Peoples"; "U.S." = "US", "D.R." = "DR" (single letters with dots).
  k = k.replace(/['\u2019`]/g, '').replace(/\b([a-z])\.(?=[a-z]\b)/g, '$1').replace(/\b([a-z]{2})\.(?=\s|$)/g, '$1');
  k = k.replace(/&/g, ' and ').replace(/\([^)]*\)/g, (m) => (/^\(the\)$/i.test(m) ? ' ' : ` ${m.slice(1, -1)} `));
  k = k.replace(/[^a-z0-9]+/g, ' ').trim().replace(/^the /, '');
  return k.split(' ').map((w) => WORDS[w] ?? w).join(' ');
}

/** Words that do not tell countries apart, left out of the word-set key. */
const NOISE = new Set(['the', 'of', 'and', 'sar', 'special', 'administrative', 'region', 'part']);

/**
 * Order-free key: the set of words, sorted ("Korea, Rep." = "Republic of Korea").
 * Used only when the exact key fails, and only when the word set belongs to one country.
 */
function bag(k: string): string {
  return [...new Set(k.split(' ').filter((w) => w && !NOISE.has(w)))].sort().join(' ');
}

/** "Korea, Republic of" ↔ "Republic of Korea". */
function inversions(s: string): string[] {
  const m = /^([^,]+),\s*(.+)$/.exec(s);
  return m ? [`${m[2]} ${m[1]}`] : [];
}

export interface CountryResolver {
  /** alpha-2 for a valid code or a known spelling, else null. */
  resolve(value: string): string | null;
  isCode(value: string): boolean;
}

interface CountryTables {
  byKey: Map<string, string>;
  byBag: Map<string, string | null>;
  codes: Set<string>;
}

/**
 * The name tables depend only on the aliases (and the library's fixed names):
 * built once per distinct set of aliases, as a schema is compiled once, then
 * shared by every resolver made from it. Keyed by the aliases' content, not
 * the object, so an edited standard gets its own tables. Each resolver keeps
 * its own cache of values.
 */
const tablesByAliases = new Map<string, CountryTables>();

function countryTables(aliases: Record<string, string>): CountryTables {
  const id = JSON.stringify(Object.entries(aliases));
  let tables = tablesByAliases.get(id);
  if (!tables) {
    tables = buildTables(aliases);
    // A handful of standards per process at most; never let edits grow it without bound.
    if (tablesByAliases.size >= 16) tablesByAliases.clear();
    tablesByAliases.set(id, tables);
  }
  return tables;
}

function buildTables(aliases: Record<string, string>): CountryTables {
  const byKey = new Map<string, string>();
  /** Word-set key → code, or null when two countries share the word set (then it is never used). */
  const byBag = new Map<string, string | null>();
  const add = (name: string, code: string) => {
    for (const n of [name, ...inversions(name)]) {
      const k = key(n);
      if (k && !byKey.has(k)) byKey.set(k, code);
      const b = bag(k);
      if (b) byBag.set(b, byBag.has(b) && byBag.get(b) !== code ? null : code);
    }
  };
  // Standard's aliases first: they are the customer's decision and win over library spellings.
  for (const [name, code] of Object.entries(aliases)) add(name, code);
  const names = countries.getNames('en', { select: 'all' }) as Record<string, string[]>;
  for (const [code, list] of Object.entries(names)) for (const n of list) add(n, code);
  const alpha3 = countries.getAlpha3Codes() as Record<string, string>;
  for (const [a3, a2] of Object.entries(alpha3)) add(a3, a2);
  const codes = new Set(Object.keys(countries.getAlpha2Codes()));
  return { byKey, byBag, codes };
}

export function createCountryResolver(aliases: Record<string, string> = {}): CountryResolver {
  const { byKey, byBag, codes } = countryTables(aliases);
  const cache = new Map<string, string | null>();
  return {
    isCode: (v) => v.length === 2 && codes.has(v),
    resolve(value) {
      if (value.length === 2 && codes.has(value)) return value;
      let hit = cache.get(value);
      if (hit !== undefined) return hit;
      const up = value.toUpperCase();
      if (up.length === 2 && codes.has(up)) hit = up;
      else hit = byKey.get(key(value)) ?? null;
      if (hit === null) {
        for (const inv of inversions(value)) { hit = byKey.get(key(inv)) ?? null; if (hit) break; }
      }
      if (hit === null) hit = byBag.get(bag(key(value))) ?? null;
      cache.set(value, hit);
      return hit;
    },
  };
}
