/**
 * The pane's side of the add-in's relay: the add-in's own web server may relay Vault API calls
 * to allow-listed targets on the pane's origin (`/relay/{host}/api/...`), for targets that do
 * not answer cross-origin calls from a browser. No Node built-ins: bundled into the pane.
 */

export interface RelayInfo {
  /** e.g. https://addin.example.com/relay */
  base: string;
  /** Target origins the relay may call. */
  targets: string[];
}

/** Path of the relay on the pane's origin; the relay's server answers `${RELAY_PATH}/config`. */
export const RELAY_PATH = '/relay';
/** Header on a relay refusal that a retry would meet again. */
export const RELAY_REFUSED_HEADER = 'X-CTMS-Relay-Refused';

/**
 * Asks the pane's own origin whether it relays, and for which targets. Null when it does not
 * (a plain static host, the webpack dev server without the relay, a page opened from a file).
 */
export async function discoverRelay(origin: string, fetchFn: typeof fetch = (...a) => globalThis.fetch(...a)): Promise<RelayInfo | null> {
  if (!/^https?:\/\//.test(origin)) return null;
  try {
    const res = await fetchFn(`${origin}${RELAY_PATH}/config`, { headers: { Accept: 'application/json' }, redirect: 'error' });
    if (res.status !== 200) return null;
    const body = (await res.json()) as { relay?: unknown; targets?: unknown };
    if (body.relay !== true || !Array.isArray(body.targets)) return null;
    return { base: `${origin}${RELAY_PATH}`, targets: body.targets.filter((t): t is string => typeof t === 'string') };
  } catch {
    return null;
  }
}

/**
 * Where calls to `baseUrl` go through the relay (`{relay}/{host}{path}`), or null when the
 * relay does not serve that target.
 */
export function relayRoute(relay: RelayInfo | null, baseUrl: string): string | null {
  if (!relay) return null;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return null;
  }
  const served = relay.targets.some((t) => {
    try { return new URL(t).origin === url.origin; } catch { return false; }
  });
  if (!served) return null;
  return `${relay.base}/${url.host}${url.pathname.replace(/\/+$/, '')}`;
}
