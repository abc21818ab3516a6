import type { VALUE_PARSERS } from '../../standard/schema';
import { readPhase } from './phase';
import { readRole } from './role';
import { readStatus } from './status';

/**
 * The value readers a transformation of the standard can name (`parser`):
 * each turns a spelling into a key, its meaning. A source value becomes the
 * picklist value with the same key, or what the standard's map says for a
 * spelling with that key; a value with no key, or a key no list value or map
 * entry has, stays an error.
 */
export interface Reading { key: string; note?: string }
export type ValueReader = (text: string) => Reading | null;

const asReading = (read: (t: string) => string | null): ValueReader => (t) => {
  const key = read(t);
  return key === null ? null : { key };
};

export const VALUE_READERS = {
  phase: readPhase,
  status: asReading(readStatus),
  role: asReading(readRole),
} satisfies Record<ReaderName, ValueReader>;

export type ReaderName = (typeof VALUE_PARSERS)[number];

export interface ReaderTable {
  read: ValueReader;
  /** Key → list value: the field's picklist values read by the same reader, then the map's spellings (the standard's decisions). */
  byKey: Map<string, string>;
}

export function readerTable(name: ReaderName, picklist: readonly string[], map: Record<string, string>): ReaderTable {
  const read: ValueReader = VALUE_READERS[name];
  const byKey = new Map<string, string>();
  const allowed = new Set(picklist);
  for (const v of picklist) {
    const r = read(v);
    if (r && !byKey.has(r.key)) byKey.set(r.key, v);
  }
  for (const [from, to] of Object.entries(map)) {
    const r = read(from);
    // A map entry only ever leads to a list value; the list's own values keep their meaning.
    if (r && allowed.has(to) && !byKey.has(r.key)) byKey.set(r.key, to);
  }
  return { read, byKey };
}
