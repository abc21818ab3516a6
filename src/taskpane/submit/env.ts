import { createContext, useContext } from 'react';
import { discoverRelay, VaultClient, type RelayInfo, type TargetCtms } from '../../connectors';

/**
 * What the Submit panel needs besides the workbook: a way to make a client
 * for the target (VaultClient in the pane, MemoryCtms in component tests) and
 * a place to remember the target URL. Nothing secret is remembered: the
 * password lives only in the client's credentials closure, which is dropped
 * on sign-out.
 */

/** How the client talks to the target besides who signs in (the pane's Settings; nothing secret). */
export interface ConnectionSettings {
  /** The client id the target logs our calls under; absent for the default. */
  clientId?: string;
  migrationMode?: boolean;
}

/** Who signs in: a user name and password, or an existing session (a Vault behind single sign-on). */
export type SignInRequest = {
  baseUrl: string;
  /** The add-in relay's route to the target, when the calls go through it. */
  relayUrl?: string;
} & ConnectionSettings & (
  | { username: string; password: string; sessionId?: undefined }
  | { sessionId: string; username?: undefined; password?: undefined }
);

/** A connected target: the connector's contract plus an optional client-side sign-out. */
export type SubmitClient = TargetCtms & { signOut?(): void };

export type ClientFactory = (req: SignInRequest) => SubmitClient;

export interface UrlMemory {
  load(): string | null;
  save(url: string): void;
}

export const DEFAULT_TARGET_URL = 'http://127.0.0.1:8787';
const URL_KEY = 'ctms-collect.submit.targetUrl.v1';

/** The target URL only, in browser storage (per user, like a browser's address history). */
export function localUrlMemory(storage: Storage | undefined = globalThis.localStorage): UrlMemory {
  return {
    load() {
      try {
        const v = storage?.getItem(URL_KEY);
        return v && /^https?:\/\//i.test(v) ? v : null;
      } catch {
        return null;
      }
    },
    save(url) {
      try {
        storage?.setItem(URL_KEY, url);
      } catch {
        // Quota or privacy mode: the URL still applies for this session.
      }
    },
  };
}

export function memoryUrl(initial: string | null = null): UrlMemory {
  let v = initial;
  return { load: () => v, save: (u) => { v = u; } };
}

/** The pane's client factory; `fetchImpl` lets a test record the requests exactly as the connector sends them. */
export const vaultClientFactoryWith = (fetchImpl?: typeof fetch): ClientFactory => (req) => new VaultClient({
  baseUrl: req.baseUrl, batchSize: 500, signInRetries: 2,
  ...(fetchImpl ? { fetch: fetchImpl } : {}),
  ...(req.relayUrl ? { relayUrl: req.relayUrl } : {}),
  ...(req.clientId ? { clientId: req.clientId } : {}),
  ...(req.migrationMode ? { migrationMode: true } : {}),
  // The credentials callback keeps the password in this closure only; VaultClient keeps it (and a session id) out of errors and JSON.
  ...(req.sessionId !== undefined ? { sessionId: req.sessionId } : { credentials: () => ({ username: req.username, password: req.password }) }),
});

export const vaultClientFactory: ClientFactory = vaultClientFactoryWith();

export interface SubmitEnv {
  createClient: ClientFactory;
  urls: UrlMemory;
  /** Whether the pane's own server relays calls to targets, and to which (absent: never). */
  relay?: () => Promise<RelayInfo | null>;
}

/** Asked once per page: the answer only changes when the add-in's server is reconfigured. */
function pageRelay(): () => Promise<RelayInfo | null> {
  let found: Promise<RelayInfo | null> | null = null;
  return () => (found ??= discoverRelay(globalThis.location?.origin ?? ''));
}

let defaultEnv: SubmitEnv | null = null;
const SubmitEnvContext = createContext<SubmitEnv | null>(null);

/** Component tests (and any host without a network) provide their own client factory here. */
export const SubmitEnvProvider = SubmitEnvContext.Provider;

export function useSubmitEnv(): SubmitEnv {
  const env = useContext(SubmitEnvContext);
  return env ?? (defaultEnv ??= { createClient: vaultClientFactory, urls: localUrlMemory(), relay: pageRelay() });
}
