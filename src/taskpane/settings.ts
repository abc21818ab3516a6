import { DEFAULT_SETTINGS, PANE_SETTINGS_KEY as KEY, sanitizeSettings as sanitize, type PaneSettings, type SettingsStorage, type TargetSettings } from '../app/settings';

export { DEFAULT_SETTINGS, sanitize, type PaneSettings, type SettingsStorage, type TargetSettings };

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
