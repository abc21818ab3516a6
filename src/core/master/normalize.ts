/**
 * Text normalisation and keyers. The fingerprint keyers follow OpenRefine's
 * FingerprintKeyer / NGramFingerprintKeyer step for step, so that a steward who
 * knows OpenRefine's clustering sees the same keys here.
 */

// Letters that Unicode does not decompose (so NFKD leaves them whole) but that
// read as ASCII letters to a person; same table as OpenRefine's NONDIACRITICS.
const NON_DIACRITICS: Record<string, string> = {
  'ß': 'ss', 'æ': 'ae', 'ø': 'oe', '©': 'c', 'ð': 'd', 'đ': 'd', 'ɖ': 'd', 'þ': 'th',
  'ƿ': 'w', 'ħ': 'h', 'ı': 'i', 'ĸ': 'k', 'ł': 'l', 'ŀ': 'l', 'ŉ': 'n', 'ŋ': 'n',
  'œ': 'oe', 'ŧ': 't', 'ſ': 's', 'ẜ': 's', 'ẝ': 's', 'ĳ': 'ij',
  // Capitals, for callers that fold before lower-casing (the keyers lower-case first).
  'Æ': 'AE', 'Ø': 'OE', 'Ð': 'D', 'Đ': 'D', 'Þ': 'TH', 'Ħ': 'H', 'Ł': 'L', 'Ŀ': 'L', 'Ŋ': 'N', 'Œ': 'OE', 'Ŧ': 'T', 'ẞ': 'SS',
};
const NON_DIACRITIC_RE = new RegExp(`[${Object.keys(NON_DIACRITICS).join('')}]`, 'g');
// Combining marks, modifier letters and modifier symbols: what is left of an
// accent after NFKD (OpenRefine: InCombiningDiacriticalMarks, Lm, Sk).
const DIACRITICS_RE = /[\p{M}\p{Lm}\p{Sk}]+/gu;
// Java's \s under UNICODE_CHARACTER_CLASS is White_Space, which includes U+0085;
// JavaScript's \s does not.
const WS = '\\s\\u0085';
const WS_SPLIT_RE = new RegExp(`[${WS}]+`, 'u');
// Control characters other than the White_Space ones (tab, line feeds, U+0085).
// eslint-disable-next-line no-control-regex -- removing control characters is the point (OpenRefine's keyer does)
const PUNCT_CTRL_RE = new RegExp('[\\p{P}\\x00-\\x08\\x0e-\\x1f\\x7f-\\x84\\x86-\\x9f]', 'gu');
const PUNCT_CTRL_SPACE_RE = new RegExp(`[\\p{P}\\p{Cc}${WS}]`, 'gu');
const ASCII_SAFE_RE = /^[\x20-\x7e]*$/;

/** Strips accents and folds ligatures and special Latin letters to ASCII-like text. */
export function foldAccents(s: string): string {
  if (ASCII_SAFE_RE.test(s)) return s;
  return s.normalize('NFKD').replace(DIACRITICS_RE, '').replace(NON_DIACRITIC_RE, (c) => NON_DIACRITICS[c]!);
}

function trimWs(s: string): string {
  return s.replace(new RegExp(`^[${WS}]+|[${WS}]+$`, 'gu'), '');
}

/** OpenRefine's fingerprint key: lower-case, fold, drop punctuation, sort and dedupe tokens. */
export function fingerprint(s: string): string {
  const folded = foldAccents(trimWs(s).toLowerCase()).replace(PUNCT_CTRL_RE, '');
  const tokens = folded.split(WS_SPLIT_RE).filter((t) => t !== '');
  return [...new Set(tokens)].sort().join(' ');
}

/** OpenRefine's n-gram fingerprint: the sorted distinct character n-grams of the folded, squeezed text. */
export function ngramFingerprint(s: string, n = 2): string {
  const squeezed = foldAccents(s.toLowerCase().replace(PUNCT_CTRL_SPACE_RE, ''));
  const grams = new Set<string>();
  for (let i = 0; i + n <= squeezed.length; i++) grams.add(squeezed.slice(i, i + n));
  return [...grams].sort().join('');
}

/** Lower-case, accent-free, punctuation as space, single-spaced: the base form every comparison uses. */
export function simplify(s: string): string {
  return foldAccents(s.toLowerCase())
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// How German, Danish, Norwegian and Swedish names are written without their letters: Müller as Mueller, Jørgensen as Joergensen, Ångström as Aangstrom.
const DIGRAPHS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', ø: 'oe', å: 'aa', æ: 'ae' };
const DIGRAPH_RE = /[äöüßøåæ]/g;
const HAS_DIGRAPH = /[äöüßøåæ]/;

/**
 * A person's name as it is written where a keyboard lacks its letters
 * (ü as ue, ß as ss, ø as oe, å as aa), then simplified. Compared beside
 * simplify's accent-stripped form (ü as u), it makes Müller equal to both
 * Mueller and Muller without making Michael equal to Michal: only names
 * that have such a letter change.
 */
export function transliterationFold(s: string): string {
  const lower = s.toLowerCase();
  return simplify(HAS_DIGRAPH.test(lower) ? lower.replace(DIGRAPH_RE, (c) => DIGRAPHS[c]!) : lower);
}

/** The letters of a name that are written another way by transliterationFold, for the evidence ("ü as ue"). */
export function transliteratedLetters(...names: string[]): string[] {
  const seen = new Set<string>();
  for (const n of names) for (const c of n.toLowerCase().match(DIGRAPH_RE) ?? []) seen.add(c);
  return [...seen].map((c) => `${c} as ${DIGRAPHS[c]}`);
}

/** The standard's email notion: trimmed and lower-cased equality is the same mailbox. */
export function normaliseEmail(s: string): string {
  return s.trim().toLowerCase();
}

// Legal forms and generic words that vary between spellings of one organisation.
// Hospital words are folded to one token rather than dropped: "St Mary's Hosp." and
// "St Mary's Hospital" are the same, but a hospital is not the university next to it.
const ORG_SUFFIXES = new Set([
  'inc', 'incorporated', 'ltd', 'limited', 'llc', 'llp', 'lp', 'plc', 'gmbh', 'ag', 'kg', 'kgaa', 'sa', 'sas', 'sarl',
  'srl', 'spa', 'bv', 'nv', 'ab', 'as', 'oy', 'kk', 'co', 'corp', 'corporation', 'company', 'pty', 'pte', 'the',
  'ev', 'mbh', 'se',
  // Legal forms met in partner lists from Asia and Eastern and Northern Europe (not "private" or "sdn": "Private Hospital X" and "IRCCS SDN" are names).
  'pvt', 'bhd', 'tbk', 'sro', 'kft', 'zrt', 'ooo', 'oao', 'zao', 'pao', 'jsc', 'pjsc', 'aps', 'asa', 'oyj', 'gk', 'spzoo',
]);
const ORG_SYNONYMS: Record<string, string> = {
  hosp: 'hospital', hospitals: 'hospital', hopital: 'hospital', hospital: 'hospital', krankenhaus: 'hospital', ospedale: 'hospital', hospitalario: 'hospital',
  univ: 'university', universite: 'university', universitat: 'university', universitaet: 'university', universidad: 'university', universita: 'university', universiteit: 'university', uni: 'university',
  ctr: 'center', centre: 'center', cntr: 'center', cent: 'center',
  med: 'medical', medicine: 'medical', inst: 'institute', institut: 'institute', instituto: 'institute', istituto: 'institute',
  st: 'saint', ste: 'saint', mt: 'mount', dept: 'department', natl: 'national', intl: 'international', res: 'research',
  pharma: 'pharmaceuticals', pharmaceutical: 'pharmaceuticals', pharmaceuticals: 'pharmaceuticals', labs: 'laboratories', lab: 'laboratories', laboratory: 'laboratories',
  hlth: 'health', hlthcare: 'healthcare', assoc: 'associates', coll: 'college', sch: 'school', clin: 'clinic', clinics: 'clinic',
  and: '', of: '', de: '', du: '', des: '', der: '', la: '', le: '', di: '', y: '', et: '', und: '', for: '',
};

/** Organisation name key: folded, abbreviations expanded, legal suffixes and filler words dropped. */
export function normaliseOrgName(s: string): string {
  // "&" and "+" are "and"; apostrophes and dots join ("Mary's" → "marys",
  // "M.D." → "md") rather than split a word in two.
  const base = simplify(s.replace(/['’`.]/g, '').replace(/[&+]/g, ' and '));
  const out: string[] = [];
  for (const raw of base.split(' ')) {
    if (raw === '') continue;
    const t = raw in ORG_SYNONYMS ? ORG_SYNONYMS[raw]! : raw;
    if (t === '' || ORG_SUFFIXES.has(t)) continue;
    out.push(t);
  }
  // A name that is only a legal form (e.g. "AG") keeps its text rather than becoming empty.
  return out.length ? out.join(' ') : base;
}
