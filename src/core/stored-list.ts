/**
 * Lists the add-in keeps in the workbook (duplicate decisions, flag
 * overrides) are stored as `{"v":1,"<name>":[…]}`: versioned, so a later
 * format can tell an old list from its own. Reading never trusts what it
 * finds: a missing, malformed or other-version list reads as empty, and each
 * caller checks every item.
 */
const VERSION = 1;

export function encodeStoredList(name: string, items: readonly unknown[]): string {
  return JSON.stringify({ v: VERSION, [name]: items });
}

/** The items of a stored list (raw JSON text or the parsed value), each an object still to be checked. */
export function storedListItems(raw: unknown, name: string): Record<string, unknown>[] {
  let data: unknown = raw;
  if (typeof raw === 'string') {
    try { data = JSON.parse(raw); } catch { return []; }
  }
  if (!data || typeof data !== 'object' || Array.isArray(data) || (data as { v?: unknown }).v !== VERSION) return [];
  const list = (data as Record<string, unknown>)[name];
  if (!Array.isArray(list)) return [];
  return list.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x));
}

export const isStr = (v: unknown): v is string => typeof v === 'string';
export const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
