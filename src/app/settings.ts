import type { DateOrder } from '../core/transform/dates';

/**
 * Pane settings. Nothing secret lives here: the source's date order and, when
 * the customer uses one, their standard's JSON text (re-parsed on load, so a
 * stored standard is checked exactly like a freshly chosen file).
 */
export interface PaneSettings {
  dateOrder: DateOrder | null;
  customStandard: { fileName: string; json: string } | null;
  /** How to talk to the target; absent means the defaults (shipped profile, default client id, no migration mode). */
  target?: TargetSettings;
}

/**
 * The target connection's settings. Never a user name, password or session id: those live in the
 * signed-in client's memory only.
 */
export interface TargetSettings {
  /** A customer's target profile (JSON text, re-checked on load), or absent for the shipped Vault CTMS profile. */
  profile?: { fileName: string; json: string };
  /** The client id the target logs our calls under; absent for the default. */
  clientId?: string;
  /** Ask the target for migration mode on writes. */
  migrationMode?: boolean;
}

/** Letters, digits, dots, dashes and underscores, as the command line's --client-id takes. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;

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
  const target = sanitizeTarget(r.target);
  return { dateOrder, customStandard, ...(target ? { target } : {}) };
}

function sanitizeTarget(raw: unknown): TargetSettings | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const p = r.profile as Record<string, unknown> | null | undefined;
  const out: TargetSettings = {
    ...(p && typeof p.json === 'string' && typeof p.fileName === 'string' ? { profile: { fileName: p.fileName, json: p.json } } : {}),
    ...(typeof r.clientId === 'string' && CLIENT_ID_PATTERN.test(r.clientId) ? { clientId: r.clientId } : {}),
    ...(r.migrationMode === true ? { migrationMode: true } : {}),
  };
  return Object.keys(out).length ? out : null;
}

