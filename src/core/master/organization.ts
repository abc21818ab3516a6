/**
 * Organization matching: name (after normalisation), city and country.
 */
import { normaliseOrgName, simplify } from './normalize';
import { levenshtein, jaroWinkler } from './similarity';
import { similarityLabel } from '../labels';
import { BlockBuilder, forEachCandidatePair, type BlockIndex } from './blocking';
import type { ScoredPair } from './clustering';

export interface OrgInput {
  name?: string;
  city?: string;
  country?: string;
}

export interface PreparedOrgs {
  n: number;
  name: string[];
  tokens: string[][];
  city: string[];
  country: string[];
  raw: OrgInput[];
}

export function prepareOrgs(rows: readonly OrgInput[]): PreparedOrgs {
  const p: PreparedOrgs = { n: rows.length, name: [], tokens: [], city: [], country: [], raw: rows as OrgInput[] };
  for (const r of rows) {
    const name = normaliseOrgName(r.name ?? '');
    p.name.push(name);
    p.tokens.push(name === '' ? [] : name.split(' '));
    p.city.push(simplify(r.city ?? ''));
    p.country.push(simplify(r.country ?? ''));
  }
  return p;
}

function tokensMatch(a: string, b: string): boolean {
  if (a === b) return true;
  // Short tokens (initials) and anything with a digit must agree exactly:
  // "Vision3" is not "Vision4", nor "ORG-00012" "ORG-00013".
  if (a.length < 5 || b.length < 5 || /\d/.test(a) || /\d/.test(b)) return false;
  return levenshtein(a, b) <= 1 || jaroWinkler(a, b) >= 0.95;
}

/**
 * Name similarity in 0..1: the share of characters in words that find a match
 * (equal or a one-letter typo) in the other name. Unlike a whole-string
 * Jaro-Winkler, "University of Texas" and "University of Toledo" stay apart,
 * since the word that tells them apart carries its full weight.
 */
export function orgNameSimilarity(a: readonly string[], b: readonly string[]): number {
  let matched = 0;
  let total = 0;
  for (const t of a) { total += t.length; for (const u of b) if (tokensMatch(t, u)) { matched += t.length; break; } }
  for (const t of b) { total += t.length; for (const u of a) if (tokensMatch(t, u)) { matched += t.length; break; } }
  return total === 0 ? 0 : matched / total;
}

/** A word of 2+ letters in one name with no match in the other ("Dental", "Chandigarh", "VU", "New"). */
function hasUnmatchedWord(a: readonly string[], b: readonly string[]): boolean {
  for (const t of a) if (t.length >= 2 && !b.some((u) => tokensMatch(t, u))) return true;
  for (const t of b) if (t.length >= 2 && !a.some((u) => tokensMatch(t, u))) return true;
  return false;
}

// A name with an extra distinctive word may be a department, branch or joint
// venture of the other: never more than "review".
const EXTRA_WORD_CAP = 0.85;

export function orgBlocks(p: PreparedOrgs, maxBlockSize: number): BlockIndex {
  const b = new BlockBuilder();
  for (let i = 0; i < p.n; i++) {
    if (p.name[i] === '') continue;
    b.add(i, 'n' + p.name[i]);
    // Sorted words: the same words in another order ("Hospital Saint Louis" / "Saint Louis Hospital").
    b.add(i, 'w' + [...p.tokens[i]].sort().join(' '));
    // Each word of 5+ letters within the country: a typo elsewhere in the name is still caught.
    for (const t of p.tokens[i]) if (t.length >= 5) b.add(i, 't' + t + '|' + p.country[i]);
  }
  return b.build(p.n, maxBlockSize);
}

export function scoreOrgs(p: PreparedOrgs, i: number, j: number): number {
  let name = p.name[i] === p.name[j] ? 1 : orgNameSimilarity(p.tokens[i], p.tokens[j]);
  if (name < 0.8) return 0;
  if (name < 1 && hasUnmatchedWord(p.tokens[i], p.tokens[j])) name = Math.min(name, EXTRA_WORD_CAP);
  // Weights over the attributes both rows have, so a name-only list can still match.
  let w = 0.7;
  let s = 0.7 * name;
  if (p.city[i] !== '' && p.city[j] !== '') { w += 0.2; if (p.city[i] === p.city[j]) s += 0.2; }
  if (p.country[i] !== '' && p.country[j] !== '') {
    w += 0.1;
    if (p.country[i] === p.country[j]) s += 0.1;
    else return 0; // the same name in two countries is two organizations
  }
  return s / w;
}

export function matchOrgs(p: PreparedOrgs, minScore: number, maxBlockSize: number): { pairs: ScoredPair[]; compared: number; index: BlockIndex } {
  const index = orgBlocks(p, maxBlockSize);
  const pairs: ScoredPair[] = [];
  const compared = forEachCandidatePair(index, (i, j) => {
    const score = scoreOrgs(p, i, j);
    if (score >= minScore) pairs.push({ i, j, score });
  });
  return { pairs, compared, index };
}

export function explainOrgs(p: PreparedOrgs, i: number, j: number): string[] {
  const a = p.raw[i];
  const b = p.raw[j];
  const ev: string[] = [];
  if (p.name[i] === p.name[j]) {
    ev.push(a.name === b.name ? `same name ${a.name}` : `same name after normalisation: ${a.name} ~ ${b.name} (${p.name[i]})`);
  } else {
    ev.push(`name ${a.name} ~ ${b.name} (${similarityLabel(orgNameSimilarity(p.tokens[i], p.tokens[j]))})`);
  }
  if (p.city[i] !== '' && p.city[j] !== '') ev.push(p.city[i] === p.city[j] ? `same city ${a.city}` : `different cities ${a.city} / ${b.city}`);
  if (p.country[i] !== '' && p.country[i] === p.country[j]) ev.push(`same country ${a.country}`);
  return ev;
}
