import type { DateOrder } from '../core/transform/dates';

/**
 * Pane settings. Nothing secret lives here: the source's date order and, when
 * the customer uses one, their standard's JSON text (re-parsed on load, so a
 * stored standard is checked exactly like a freshly chosen file).
 */
export interface PaneSettings {
  dateOrder: DateOrder | null;
  customStandard: { fileName: string; json: string } | null;
}

export const DEFAULT_SETTINGS: PaneSettings = { dateOrder: null, customStandard: null };

export interface SettingsStorage {
  load(): PaneSettings;
  save(settings: PaneSettings): void;
}

const KEY = 'ctms-collect.settings.v1';
const ORDERS: readonly DateOrder[] = ['MDY', 'DMY', 'YMD'];

/** Accept only well-formed values: storage may hold anything an older version or a user left there. */
export function sanitize(raw: unknown): PaneSettings {
  if (!raw || typeof raw !== 'object') return DEFAULT_SETTINGS;
  const r = raw as Record<string, unknown>;
  const dateOrder = ORDERS.includes(r.dateOrder as DateOrder) ? (r.dateOrder as DateOrder) : null;
  const cs = r.customStandard as Record<string, unknown> | null | undefined;
  const customStandard = cs && typeof cs.json === 'string' && typeof cs.fileName === 'string' ? { fileName: cs.fileName, json: cs.json } : null;
  return { dateOrder, customStandard };
}

/** Browser storage; also what Excel's pane uses when document settings are unavailable. */
export function localStorageSettings(storage: Storage | undefined = globalThis.localStorage): SettingsStorage {
  return {
    load() {
      try {
        const text = storage?.getItem(KEY);
        return text ? sanitize(JSON.parse(text)) : DEFAULT_SETTINGS;
      } catch {
        return DEFAULT_SETTINGS;
      }
    },
    save(settings) {
      try {
        storage?.setItem(KEY, JSON.stringify(settings));
      } catch {
        // Quota or privacy mode: the settings still apply for this session.
      }
    },
  };
}

type DocSettings = { get(name: string): unknown; set(name: string, value: unknown): void; saveAsync(cb?: (r: unknown) => void): void };

/**
 * In Excel the date order belongs to the workbook being migrated (one source,
 * one order), so it is stored in the document's settings and travels with the
 * file; localStorage is the fallback outside Office.
 */
export function officeSettings(fallback: SettingsStorage = localStorageSettings()): SettingsStorage {
  const doc = (globalThis as { Office?: { context?: { document?: { settings?: DocSettings } } } }).Office?.context?.document?.settings;
  if (!doc) return fallback;
  return {
    load() {
      const stored = doc.get(KEY);
      return stored ? sanitize(stored) : fallback.load();
    },
    save(settings) {
      doc.set(KEY, settings);
      doc.saveAsync();
      fallback.save(settings);
    },
  };
}

export function memorySettings(initial: PaneSettings = DEFAULT_SETTINGS): SettingsStorage {
  let current = initial;
  return { load: () => current, save: (s) => { current = s; } };
}
