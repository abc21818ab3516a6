import type { Entity, Standard } from '../../standard/schema';
import type { Romanizers } from './load';
import { romanizeName, type Romanized } from './names';

/**
 * T-ROMANIZE over one row: which name fields get which romanization. A full
 * name in the family or the given field, with the other one blank or
 * holding the same text, is split into both; otherwise each field flagged
 * for its script is romanized where it stands.
 */

export interface RomanizePlan {
  ruleId: string;
  /** Field indexes of the entity the rule covers. */
  fields: Set<number>;
  family?: number;
  given?: number;
}

export function romanizePlan(std: Standard, entity: Entity): RomanizePlan | undefined {
  for (const t of std.transformations) {
    if (t.kind !== 'romanize') continue;
    const fields = new Set<number>();
    entity.fields.forEach((f, i) => {
      if (t.appliesTo.types?.includes(f.type) || t.appliesTo.fields?.includes(`${entity.key}.${f.key}`)) fields.add(i);
    });
    if (!fields.size) continue;
    const parts = t.nameParts?.[entity.key];
    const idx = (k: string | undefined) => { const i = k === undefined ? -1 : entity.fields.findIndex((f) => f.key === k); return i >= 0 ? i : undefined; };
    return { ruleId: t.id, fields, family: idx(parts?.family), given: idx(parts?.given) };
  }
  return undefined;
}

export interface NameProposal { fi: number; to: string; reason: string }

/** In words: the scheme, how sure, and what to check. */
export function romanizeReason(x: Romanized): string {
  return `${x.scheme}; confidence ${x.confidence}${x.note ? `; ${x.note}` : ''}`;
}

/**
 * @param flagged fields of the row whose text is in a script the target does not store
 * @param text the tidied text of a field of the row, or '' when blank
 */
export function romanizeRow(plan: RomanizePlan, flagged: ReadonlySet<number>, text: (fi: number) => string, country: string | null, r: Romanizers): NameProposal[] {
  const out: NameProposal[] = [];
  const { family, given } = plan;
  const done = new Set<number>();
  if (family !== undefined && given !== undefined) {
    for (const [from, other] of [[family, given], [given, family]] as const) {
      if (!flagged.has(from) || done.has(from)) continue;
      const t = text(from), o = text(other);
      if (o !== '' && o !== t) continue;
      const x = romanizeName(t, 'full', country, r);
      if (!x) continue;
      done.add(from).add(other);
      if (x.family !== undefined && x.given !== undefined) {
        const why = `${romanizeReason(x)}; full name split, family name first in the source`;
        out.push({ fi: family, to: x.family, reason: why }, { fi: given, to: x.given, reason: why });
      } else if (x.whole !== undefined) {
        out.push({ fi: from, to: x.whole, reason: romanizeReason(x) });
      }
    }
  }
  for (const fi of flagged) {
    if (done.has(fi) || !plan.fields.has(fi)) continue;
    const x = romanizeName(text(fi), fi === family ? 'family' : fi === given ? 'given' : 'full', country, r);
    const to = x?.whole ?? (x?.family !== undefined ? `${x.given} ${x.family}` : undefined);
    if (x && to) out.push({ fi, to, reason: romanizeReason(x) });
  }
  return out;
}
