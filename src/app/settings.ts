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

/** The document-settings key the pane stores these under (the CLI reads it from the .xlsx). */
export const PANE_SETTINGS_KEY = 'ctms-collect.settings.v1';
const ORDERS: readonly DateOrder[] = ['MDY', 'DMY', 'YMD'];

/** Accept only well-formed values: storage may hold anything an older version or a user left there. */
export function sanitizeSettings(raw: unknown): PaneSettings {
  if (!raw || typeof raw !== 'object') return DEFAULT_SETTINGS;
  const r = raw as Record<string, unknown>;
  const dateOrder = ORDERS.includes(r.dateOrder as DateOrder) ? (r.dateOrder as DateOrder) : null;
  const cs = r.customStandard as Record<string, unknown> | null | undefined;
  const customStandard = cs && typeof cs.json === 'string' && typeof cs.fileName === 'string' ? { fileName: cs.fileName, json: cs.json } : null;
  return { dateOrder, customStandard };
}

