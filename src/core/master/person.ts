/**
 * Person (investigator) matching on several attributes: email, names, the
 * "study conducted at" organization and city/state/country.
 */
import { simplify, normaliseEmail, normaliseOrgName, transliterationFold, transliteratedLetters } from './normalize';
import { orgNameSimilarity } from './organization';
import { similarityLabel } from '../labels';
import { phoneticKey } from './phonetic';
import { compareNames, nicknameOnly, type NameMatch } from './names';
import { nicknameKeys } from './nicknames';
import { BlockBuilder, forEachCandidatePair, type BlockIndex } from './blocking';
import type { ScoredPair } from './clustering';

export interface PersonInput {
  email?: string;
  firstName?: string;
  lastName?: string;
  middleName?: string;
  orgId?: string;
  city?: string;
  state?: string;
  country?: string;
}

/** Normalised columns, one array per attribute (cheap to scan in the pair loop). */
export interface PreparedPersons {
  n: number;
  email: string[];
  local: string[];
  first: string[];
  middle: string[];
  last: string[];
  /** First and last name with ü as ue, ß as ss, ø as oe, å as aa (transliterationFold); equal to first/last for most names. */
  firstT: string[];
  lastT: string[];
  org: string[];
  /** Words of the normalised organization, for sources that give a name instead of an id. */
  orgWords: string[][];
  city: string[];
  state: string[];
  country: string[];
  /** Display forms for evidence. */
  raw: PersonInput[];
}

export function preparePersons(rows: readonly PersonInput[]): PreparedPersons {
  const n = rows.length;
  const p: PreparedPersons = { n, email: [], local: [], first: [], middle: [], last: [], firstT: [], lastT: [], org: [], orgWords: [], city: [], state: [], country: [], raw: rows as PersonInput[] };
  for (const r of rows) {
    const email = normaliseEmail(r.email ?? '');
    p.email.push(email);
    const at = email.lastIndexOf('@');
    // Separators in the local part vary ("j.smith" / "j_smith" / "jsmith").
    p.local.push((at > 0 ? email.slice(0, at) : '').replace(/[^a-z0-9]/g, ''));
    p.first.push(simplify(r.firstName ?? '').replace(/^(dr|prof|mr|ms|mrs) /, ''));
    p.middle.push(simplify(r.middleName ?? ''));
    p.last.push(simplify(r.lastName ?? ''));
    p.firstT.push(transliterationFold(r.firstName ?? '').replace(/^(dr|prof|mr|ms|mrs) /, ''));
    p.lastT.push(transliterationFold(r.lastName ?? ''));
    p.org.push(simplify(r.orgId ?? ''));
    p.orgWords.push(normaliseOrgName(r.orgId ?? '').split(' ').filter(Boolean));
    p.city.push(simplify(r.city ?? ''));
    p.state.push(simplify(r.state ?? ''));
    p.country.push(simplify(r.country ?? ''));
  }
  return p;
}

/** Blocking keys; each targets one kind of variation that the others miss. */
export function personBlocks(p: PreparedPersons, maxBlockSize: number): BlockIndex {
  const b = new BlockBuilder();
  for (let i = 0; i < p.n; i++) {
    const first = p.first[i];
    const last = p.last[i];
    if (p.email[i] !== '') b.add(i, 'e' + p.email[i]);
    // Same mailbox name at another domain (hospital vs university address).
    if (p.local[i].length >= 4) b.add(i, 'l' + p.local[i]);
    const fi = first.charAt(0);
    const li = last.charAt(0);
    const lastTokens = last.split(' ');
    // Phonetic surname + first initial: spelling variants, accents, initials, each part of a hyphenated surname.
    for (const t of lastTokens) if (t.length > 1) b.add(i, 'p' + phoneticKey(t) + '|' + fi);
    // Müller written Mueller: the transliterated surname's sound too.
    if (p.lastT[i] !== last) for (const t of p.lastT[i].split(' ')) if (t.length > 1) b.add(i, 'p' + phoneticKey(t) + '|' + fi);
    const pf = phoneticKey(first.split(' ')[0]);
    // Phonetic given name + surname initial: a typo that changes the surname's sound.
    if (pf !== '') b.add(i, 'q' + pf + '|' + li);
    // Swapped first/last: the same two sounds in either order.
    const pl = phoneticKey(lastTokens[0]);
    if (pf !== '' && pl !== '') b.add(i, 's' + (pf < pl ? pf + '|' + pl : pl + '|' + pf));
    // Bill Smith / William Smith: initials differ, so the keys above miss them; the full name and the surname's sound meet.
    if (pl !== '') for (const full of nicknameKeys(first)) b.add(i, 'n' + full + '|' + pl);
    // Same organization, same initials: colleagues are few, so this catches the rest cheaply.
    if (p.org[i] !== '' && fi !== '' && li !== '') b.add(i, 'o' + p.org[i] + '|' + (fi < li ? fi + li : li + fi));
  }
  return b.build(p.n, maxBlockSize);
}

/**
 * Score of one pair in 0..1. Email equality (trimmed, case-insensitive) is the
 * standard's exact key and settles it; otherwise names carry most weight and
 * shared context (organization, mailbox name, place) lifts or lowers it.
 */
export function scorePersons(p: PreparedPersons, i: number, j: number): number {
  if (p.email[i] !== '' && p.email[i] === p.email[j]) return 1;
  const nm = bestNames(p, i, j);
  if (nm.score < 0.7) return 0;
  let support = 0;
  let conflict = 0;
  // Investigators work at several sites, so another organization is only weak counter-evidence.
  if (p.org[i] !== '' && p.org[j] !== '') {
    if (p.org[i] === p.org[j]) support += 0.5;
    else {
      // Free-text organizations ("Asan Med Ctr" / "Univ Ulsan Coll Med/Asan Med Ctr") count by their shared words.
      const o = orgNameSimilarity(p.orgWords[i], p.orgWords[j]);
      if (o >= 0.5) support += 0.5 * o; else conflict += 0.05;
    }
  }
  // A mailbox name built from the name itself ("john.smith") is shared by namesakes
  // and adds little; one that is not ("jsm1974") is a real clue.
  if (p.local[i].length >= 4 && p.local[i] === p.local[j]) support += p.last[i] !== '' && p.local[i].includes(p.last[i].replace(/ /g, '')) ? 0.1 : 0.25;
  if (p.middle[i] !== '' && p.middle[j] !== '') { if (p.middle[i][0] === p.middle[j][0]) support += 0.15; else conflict += 0.2; }
  if (p.city[i] !== '' && p.city[j] !== '') { if (p.city[i] === p.city[j]) support += 0.25; else conflict += 0.1; }
  if (p.state[i] !== '' && p.state[j] !== '') { if (p.state[i] === p.state[j]) support += 0.1; else conflict += 0.05; }
  if (p.country[i] !== '' && p.country[j] !== '') { if (p.country[i] === p.country[j]) support += 0.1; else conflict += 0.3; }
  if (support > 1) support = 1;
  const s = 0.6 * nm.score + 0.4 * support - conflict;
  return s < 0 ? 0 : s > 1 ? 1 : s;
}

/**
 * The names compared as simplified (ü as u) and, when either has such a
 * letter, as transliterated (ü as ue): the better reading counts.
 */
function bestNames(p: PreparedPersons, i: number, j: number): NameMatch & { transliterated: boolean } {
  const plain = compareNames(p.first[i], p.last[i], p.first[j], p.last[j]);
  const same = (k: number) => p.firstT[k] === p.first[k] && p.lastT[k] === p.last[k];
  if (same(i) && same(j)) return { ...plain, transliterated: false };
  const t = compareNames(p.firstT[i], p.lastT[i], p.firstT[j], p.lastT[j]);
  return t.score > plain.score ? { ...t, transliterated: true } : { ...plain, transliterated: false };
}

/** All pairs at or above `minScore`, found through the blocks. */
export function matchPersons(p: PreparedPersons, minScore: number, maxBlockSize: number): { pairs: ScoredPair[]; compared: number; index: BlockIndex } {
  const index = personBlocks(p, maxBlockSize);
  const pairs: ScoredPair[] = [];
  const compared = forEachCandidatePair(index, (i, j) => {
    const score = scorePersons(p, i, j);
    if (score >= minScore) pairs.push({ i, j, score });
  });
  return { pairs, compared, index };
}

/** A score in words ("87 % similar"): the evidence is read by data stewards, not compared as numbers. */
const pct = (x: number): string => similarityLabel(x);

/** The reasons behind a pair's score, in the words a data steward reads. */
export function explainPersons(p: PreparedPersons, i: number, j: number): string[] {
  const a = p.raw[i];
  const b = p.raw[j];
  const ev: string[] = [];
  if (p.email[i] !== '' && p.email[i] === p.email[j]) {
    ev.push(a.email?.trim() === b.email?.trim() ? `same email ${p.email[i]}` : `same email ${p.email[i]} (differs only in case or spaces)`);
  } else if (p.local[i].length >= 4 && p.local[i] === p.local[j]) {
    ev.push(`same mailbox name ${p.local[i]} at different domains`);
  }
  const nm = bestNames(p, i, j);
  const nameA = `${a.firstName ?? ''} ${a.lastName ?? ''}`.trim();
  const nameB = `${b.firstName ?? ''} ${b.lastName ?? ''}`.trim();
  const spelled = nm.transliterated ? transliteratedLetters(nameA, nameB).join(', ') : '';
  if (nm.relation === 'same') {
    ev.push(nameA === nameB ? `same name ${nameA}` : spelled ? `same name ${nameA} ~ ${nameB} (written with ${spelled})` : `same name ${nameA} ~ ${nameB} (ignoring case and accents)`);
  }
  else if (nm.relation === 'swapped') ev.push(`first and last name swapped: ${nameA} ~ ${nameB}`);
  else {
    if (p.last[i] !== p.last[j]) ev.push(`last name ${a.lastName ?? ''} ~ ${b.lastName ?? ''} (${pct(nm.last)})`);
    if (p.first[i] !== p.first[j]) {
      const why = nicknameOnly(p.first[i], p.first[j]) ? 'one is a common nickname of the other' : pct(nm.first);
      ev.push(`first name ${a.firstName ?? ''} ~ ${b.firstName ?? ''} (${why})`);
    }
    if (p.last[i] === p.last[j] && p.first[i] === p.first[j]) ev.push(`same name ${nameA}`);
  }
  if (p.org[i] !== '' && p.org[j] !== '') {
    const o = p.org[i] === p.org[j] ? 1 : orgNameSimilarity(p.orgWords[i], p.orgWords[j]);
    ev.push(o === 1 ? `same organization ${a.orgId}` : o >= 0.5 ? `similar organizations ${a.orgId} ~ ${b.orgId} (${pct(o)})` : `different organizations ${a.orgId} / ${b.orgId}`);
  }
  const place = (k: number) => [p.raw[k].city, p.raw[k].country].filter(Boolean).join(', ');
  if (p.city[i] !== '' && p.city[i] === p.city[j] && p.country[i] === p.country[j]) ev.push(`same city ${place(i)}`);
  else if (p.country[i] !== '' && p.country[j] !== '' && p.country[i] !== p.country[j]) ev.push(`different countries ${a.country} / ${b.country}`);
  else if (p.city[i] !== '' && p.city[j] !== '' && p.city[i] !== p.city[j]) ev.push(`different cities ${a.city} / ${b.city}`);
  return ev;
}
