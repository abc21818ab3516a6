import type { CellValue } from '../model/sheet';
import type { Entity, Field, Standard } from '../standard/schema';
import { parseDateText } from '../transform/dates';
import { isValidEmail } from '../transform/email';
import type { CountryResolver } from '../transform/country';
import { matchKey } from '../transform/text';

/**
 * What a column holds, from a sample of its values: the share of values that
 * read as each kind. Mapping looks at a sample only, so a 100,000-row sheet
 * costs no more to map than a 200-row one.
 */
export const SAMPLE_SIZE = 200;

export interface ColumnProfile {
  /** Non-blank values sampled. */
  n: number;
  email: number;
  date: number;
  int: number;
  country: number;
  phone: number;
  /** Distinct sampled texts, for picklist, pattern and reference checks. */
  distinct: string[];
}

const PHONE = /^\+?[\d\s().\-/]{7,20}(\s*(x|ext\.?)\s*\d{1,5})?$/i;

export function profileColumn(values: CellValue[], countries: CountryResolver): ColumnProfile {
  const p: ColumnProfile = { n: 0, email: 0, date: 0, int: 0, country: 0, phone: 0, distinct: [] };
  const seen = new Set<string>();
  for (const v of values) {
    if (p.n >= SAMPLE_SIZE) break;
    if (v === null || v === '' || (typeof v === 'string' && v.trim() === '')) continue;
    p.n++;
    if (v instanceof Date) { p.date++; continue; }
    if (typeof v === 'number') {
      if (Number.isInteger(v)) p.int++;
      const t = String(v);
      if (!seen.has(t)) { seen.add(t); p.distinct.push(t); }
      continue;
    }
    const s = String(v).trim();
    if (!seen.has(s)) { seen.add(s); p.distinct.push(s); }
    if (s.includes('@') && isValidEmail(s.toLowerCase())) p.email++;
    else if (/^-?\d+$/.test(s)) p.int++;
    if (/[a-z]/i.test(s) || /[-/.]/.test(s)) {
      const d = parseDateText(s);
      if (d.kind !== 'invalid') p.date++;
    }
    if (countries.resolve(s)) p.country++;
    if (PHONE.test(s) && (s.match(/\d/g)?.length ?? 0) >= 7) p.phone++;
  }
  return p;
}

export interface ContentContext {
  std: Standard;
  /** entity.field → the keys of the referenced sheet (match keys), when that sheet is known. */
  keys: Map<string, Set<string>>;
}

const share = (k: number, n: number) => (n ? k / n : 0);

/** The picklist spellings the standard accepts for a field: its values and every `map` transformation's source spellings. */
export function picklistKeys(std: Standard, entity: Entity, f: Field): Set<string> {
  const out = new Set<string>((f.picklist ?? []).map(matchKey));
  for (const t of std.transformations) {
    if (t.kind !== 'map' || !t.map) continue;
    const applies = t.appliesTo.fields?.includes(`${entity.key}.${f.key}`) || t.appliesTo.types?.includes(f.type);
    if (applies) for (const k of Object.keys(t.map)) out.add(matchKey(k));
  }
  return out;
}

/** Which referenced field a referencing field's values must be found in. */
export function referencedKey(f: Field): string | null {
  const r = f.reference;
  if (!r) return null;
  const i = r.localFields ? r.localFields.indexOf(f.key) : 0;
  const target = r.fields[i < 0 ? 0 : i];
  return target ? `${r.entity}.${target}` : null;
}

/**
 * How well a column's content fits a field, 0..1, or null when the content
 * says nothing either way (free text into a text field).
 */
export function contentFit(p: ColumnProfile, entity: Entity, f: Field, ctx: ContentContext): number | null {
  if (!p.n) return null;
  switch (f.type) {
    case 'email': return share(p.email, p.n);
    case 'date': return share(p.date, p.n);
    case 'int': return share(p.int, p.n);
    case 'country': return share(p.country, p.n);
    case 'phone': return share(p.phone, p.n);
    case 'pick': {
      const keys = picklistKeys(ctx.std, entity, f);
      if (!p.distinct.length) return null;
      return share(p.distinct.filter((d) => keys.has(matchKey(d))).length, p.distinct.length);
    }
    default: break;
  }
  const ref = referencedKey(f);
  const keys = ref ? ctx.keys.get(ref) : undefined;
  if (keys && keys.size && p.distinct.length) {
    return share(p.distinct.filter((d) => keys.has(matchKey(d))).length, p.distinct.length);
  }
  if (f.pattern && p.distinct.length) {
    const re = new RegExp(f.pattern);
    const hit = share(p.distinct.filter((d) => re.test(d)).length, p.distinct.length);
    if (hit >= 0.5) return hit;
  }
  // A column of emails or dates is not free text: say so, so it does not land on a text field by name alone.
  if (share(p.email, p.n) >= 0.8 || share(p.date, p.n) >= 0.8) return 0.1;
  return null;
}

/** Content so specific that it identifies the field without any help from the header. */
export function decisiveContent(p: ColumnProfile, entity: Entity, f: Field): boolean {
  if (p.n < 3) return false;
  if (f.type === 'email') return share(p.email, p.n) >= 0.9 && entity.fields.filter((x) => x.type === 'email').length === 1;
  // Only a pattern that opens with literal letters (NCT…) is specific enough.
  if (f.pattern && f.type === 'text' && /^\^[A-Z]{2,}/.test(f.pattern) && p.distinct.length >= 3) {
    const re = new RegExp(f.pattern);
    return p.distinct.every((d) => re.test(d));
  }
  return false;
}
