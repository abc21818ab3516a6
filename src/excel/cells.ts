import { MAX_ADDRESS_CHARS } from './budget';

/** Join areas into comma lists of at most `max` characters (getRanges' address argument). */
export function chunkAddresses(areas: string[], max = MAX_ADDRESS_CHARS): string[] {
  const out: string[] = [];
  let cur = '';
  for (const a of areas) {
    if (cur && cur.length + 1 + a.length > max) { out.push(cur); cur = ''; }
    cur = cur ? `${cur},${a}` : a;
  }
  if (cur) out.push(cur);
  return out;
}
