/**
 * Generated investigator records with injected real-world variants, for the
 * mastering benchmark. Deterministic (seeded) so figures are reproducible.
 *
 * Ground truth: every record carries the id of the person it describes; two
 * records are a true pair exactly when their ids are equal. Besides the
 * duplicates, the generator plants look-alikes that must NOT be merged:
 * namesakes at other organizations, and relatives/colleagues with similar names.
 */
import type { PersonInput } from '../../src/core/master/person';

export interface SyntheticPerson extends PersonInput {
  entity: number;
  variant: string;
}

/** mulberry32: small, fast, seedable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ('James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen ' +
  'Christopher Nancy Daniel Lisa Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle ' +
  'Kenneth Carol Kevin Amanda Brian Melissa George Deborah Timothy Stephanie Ronald Rebecca Edward Sharon Jason Laura Jeffrey Cynthia Ryan Kathleen ' +
  'Jacob Amy Gary Angela Nicholas Shirley Eric Anna Jonathan Brenda Stephen Pamela Larry Emma Justin Nicole Scott Helen Brandon Samantha Benjamin Katherine ' +
  'José María François Hélène Jürgen Björn Zoë Søren Łukasz Małgorzata Agnès Céline Jérôme Renée Andrés Inés Ramón Sofía Müge Çağla ' +
  'Hiroshi Yuki Wei Li Ananya Rahul Priya Arjun Olga Dmitri Ivan Natalia Ahmed Fatima Omar Layla Pierre Jean Luc Marco Giulia Francesca Lorenzo ' +
  'Hans Klaus Anke Ingrid Lars Sven Astrid Pieter Joost Anouk Sean Siobhan Aoife Ciaran Kofi Amara Chidi Ngozi Thabo Lerato').split(' ');

const LAST_REAL = ('Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin ' +
  'Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores ' +
  'Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Dubois Durand Lefèvre Moreau Laurent Simon Michel Lefebvre Leroy Roux ' +
  'Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Nowak Kowalski Wiśniewski Wójcik Kowalczyk Jensen Nielsen Hansen Pedersen Andersen ' +
  'Sato Suzuki Takahashi Tanaka Watanabe Wang Zhang Liu Chen Yang Patel Shah Singh Kumar Gupta Ivanov Smirnov Kuznetsov Popov Sokolov ' +
  "O'Brien O'Connor Murphy Kelly Byrne Núñez Peña Muñoz Jiménez Álvarez Öztürk Yılmaz Kaya Demir Şahin De Jong Van Dijk Bakker Janssen Visser").split(' ');

const SYL = ['ka', 'ber', 'lin', 'do', 'mar', 'sten', 'vo', 'ri', 'tal', 'gren', 'ha', 'mo', 'zel', 'an', 'ter', 'ski', 'ow', 'fel', 'lu', 'brand', 'ne', 'cott', 'ra', 'win', 'dal', 'ek', 'son', 'ham', 'pi', 'ger'];

const COUNTRIES: [string, string[]][] = [
  ['US', ['Boston', 'New York', 'Houston', 'Chicago', 'Seattle', 'Atlanta', 'Denver', 'Miami']],
  ['GB', ['London', 'Manchester', 'Leeds', 'Glasgow']],
  ['DE', ['Berlin', 'München', 'Köln', 'Hamburg']],
  ['FR', ['Paris', 'Lyon', 'Marseille', 'Toulouse']],
  ['ES', ['Madrid', 'Barcelona', 'Sevilla']],
  ['JP', ['Tokyo', 'Osaka']],
  ['IN', ['Mumbai', 'Delhi', 'Bengaluru']],
  ['PL', ['Warszawa', 'Kraków']],
];
const DOMAINS = ['hospital.org', 'univ.edu', 'clinic.com', 'research.net', 'med.org', 'health.gov', 'uni-klinik.de', 'chu.fr'];
const FREE = ['gmail.com', 'yahoo.com', 'outlook.com'];

function ascii(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ł/g, 'l').replace(/ı/g, 'i').replace(/ø/g, 'o').toLowerCase().replace(/[^a-z]/g, '');
}

function typo(s: string, r: () => number): string {
  if (s.length < 3) return s + 'e';
  const k = 1 + Math.floor(r() * (s.length - 1));
  const c = 'abcdefghiklmnorstuy'[Math.floor(r() * 19)];
  switch (Math.floor(r() * 4)) {
    case 0: return s.slice(0, k) + s.slice(k + 1); // deletion
    case 1: return s.slice(0, k) + c + s.slice(k); // insertion
    case 2: return s.slice(0, k) + c + s.slice(k + 1); // substitution
    default: return k < s.length - 1 ? s.slice(0, k) + s[k + 1] + s[k] + s.slice(k + 2) : s.slice(0, k - 1) + s[k] + s[k - 1]; // transposition
  }
}

function toggleAccents(s: string): string {
  const stripped = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  if (stripped !== s) return stripped;
  // Add one: the typical mis-keyed "Jose" → "José" in the other direction.
  return s.replace(/e/, 'é').replace(/^([^é]*)a/, '$1á');
}

export interface SyntheticOptions {
  records: number;
  /** Share of records that are duplicates of another. */
  duplicateRate?: number;
  seed?: number;
}

export function generatePersons({ records, duplicateRate = 0.2, seed = 42 }: SyntheticOptions): SyntheticPerson[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const orgs = Array.from({ length: Math.max(50, Math.floor(records / 40)) }, (_, k) => {
    const [country, cities] = pick(COUNTRIES);
    return { id: `ORG-${String(k + 1).padStart(5, '0')}`, country, city: pick(cities), domain: `o${k + 1}.${pick(DOMAINS)}` };
  });
  const synthLast = () => {
    const n = 2 + Math.floor(r() * 2);
    let s = '';
    for (let k = 0; k < n; k++) s += pick(SYL);
    return s[0].toUpperCase() + s.slice(1);
  };
  const usedEmails = new Set<string>();
  const out: SyntheticPerson[] = [];
  const bases: SyntheticPerson[] = [];
  const nBase = Math.round(records * (1 - duplicateRate));
  for (let e = 0; out.length < nBase; e++) {
    const org = pick(orgs);
    let first = pick(FIRST);
    let last = r() < 0.35 ? pick(LAST_REAL) : synthLast();
    let variant = 'base';
    // Look-alikes that are different people.
    const lookalike = r();
    if (lookalike < 0.02 && bases.length) { const o = pick(bases); first = o.firstName!; last = o.lastName!; variant = 'namesake'; }
    else if (lookalike < 0.025 && bases.length) { const o = pick(bases); last = o.lastName!; variant = 'relative'; }
    let email = `${ascii(first)}.${ascii(last)}@${org.domain}`;
    for (let k = 2; usedEmails.has(email); k++) email = `${ascii(first)}.${ascii(last)}${k}@${org.domain}`;
    usedEmails.add(email);
    const p: SyntheticPerson = { entity: e, variant, email, firstName: first, lastName: last, orgId: org.id, city: org.city, country: org.country };
    if (variant === 'relative') {
      // Same family name at the same organization: a colleague or relative.
      const o = bases[bases.length - 1 - Math.floor(r() * Math.min(bases.length, 50))];
      Object.assign(p, { orgId: o.orgId, city: o.city, country: o.country });
    }
    bases.push(p);
    out.push(p);
  }
  const variants = ['caseEmail', 'typoLast', 'typoFirst', 'accents', 'hyphen', 'swap', 'initial', 'exactOtherEmail'];
  while (out.length < records) {
    const b = pick(bases);
    const v = pick(variants);
    const d: SyntheticPerson = { ...b, variant: v };
    switch (v) {
      case 'caseEmail': d.email = (r() < 0.5 ? b.email!.toUpperCase() : b.email![0].toUpperCase() + b.email!.slice(1)) + (r() < 0.3 ? ' ' : ''); break;
      case 'typoLast': d.lastName = typo(b.lastName!, r); break;
      case 'typoFirst': d.firstName = typo(b.firstName!, r); break;
      case 'accents': d.firstName = toggleAccents(b.firstName!); d.lastName = toggleAccents(b.lastName!); break;
      case 'hyphen': d.lastName = b.lastName!.includes('-') ? b.lastName!.split('-')[0] : `${b.lastName}-${pick(LAST_REAL)}`; break;
      case 'swap': d.firstName = b.lastName; d.lastName = b.firstName; break;
      case 'initial': d.firstName = b.firstName![0] + (r() < 0.5 ? '.' : ''); break;
      default: break;
    }
    // The email of a duplicate: kept (60%), same mailbox at a free provider (20%),
    // or a different address altogether (20%), in which case the organization is kept:
    // every duplicate keeps at least one anchor a person would also rely on.
    const e = r();
    if (v !== 'caseEmail' && e >= 0.6) {
      const local = b.email!.split('@')[0];
      d.email = e < 0.8 ? `${local}@${pick(FREE)}` : `${ascii(b.firstName!)[0]}${ascii(b.lastName!)}${Math.floor(r() * 90 + 10)}@${pick(FREE)}`;
    } else if (v !== 'caseEmail' && r() < 0.15) {
      // Moved to another organization in the same country, kept the address.
      const o = pick(orgs.filter((x) => x.country === b.country).slice(0, 20));
      if (o) Object.assign(d, { orgId: o.id, city: o.city });
    }
    out.push(d);
  }
  // Shuffle so duplicates are not next to their originals.
  for (let k = out.length - 1; k > 0; k--) { const m = Math.floor(r() * (k + 1)); [out[k], out[m]] = [out[m], out[k]]; }
  return out;
}

/** True pairs "i,j" (i < j) of record indexes describing the same person. */
export function truePairs(rows: readonly SyntheticPerson[]): Set<string> {
  const byEntity = new Map<number, number[]>();
  rows.forEach((p, i) => { const l = byEntity.get(p.entity); if (l) l.push(i); else byEntity.set(p.entity, [i]); });
  const pairs = new Set<string>();
  for (const l of byEntity.values()) for (let a = 0; a < l.length; a++) for (let b = a + 1; b < l.length; b++) pairs.add(`${l[a]},${l[b]}`);
  return pairs;
}
