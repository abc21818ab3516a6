import type { MappingProfile } from '../../core/mapping/profile';

/**
 * Mapping profiles the steward saved, kept in this browser (localStorage),
 * so the next hand-over from the same partner maps with no questions even in
 * a new workbook. One entry per name; the newest save wins.
 */

export const LIBRARY_KEY = 'ctms-collect.mapping-profiles';

export interface SavedProfile {
  name: string;
  savedAt: string;
  profile: MappingProfile;
}

export interface ProfileLibrary {
  list(): SavedProfile[];
  save(entry: SavedProfile): void;
}

interface KeyValue { getItem(k: string): string | null; setItem(k: string, v: string): void }

export function storageLibrary(store: KeyValue | null = typeof localStorage === 'undefined' ? null : localStorage): ProfileLibrary {
  let memory: SavedProfile[] = [];
  const read = (): SavedProfile[] => {
    if (!store) return memory;
    try {
      const v = JSON.parse(store.getItem(LIBRARY_KEY) ?? '[]') as unknown;
      return Array.isArray(v) ? (v as SavedProfile[]).filter((x) => x && typeof x.name === 'string' && x.profile) : [];
    } catch {
      // Storage edited by hand or by another version: an empty library, not a broken pane.
      return [];
    }
  };
  return {
    list: read,
    save(entry) {
      const next = [...read().filter((x) => x.name !== entry.name), entry];
      if (store) store.setItem(LIBRARY_KEY, JSON.stringify(next));
      else memory = next;
    },
  };
}

export function memoryLibrary(entries: SavedProfile[] = []): ProfileLibrary {
  let list = [...entries];
  return { list: () => list, save: (e) => { list = [...list.filter((x) => x.name !== e.name), e]; } };
}
