/**
 * The relay's allow-list: the target CTMS origins it may call on the pane's behalf.
 * An entry is an origin only (scheme, host, port); the pane names a target by its host
 * (`/relay/{host}/api/...`), so two entries may not share a host.
 */

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname.replace(/^\[|\]$/g, '').toLowerCase());
}

/** One allowed target, checked; throws a one-line reason when it cannot be one. */
export function parseTarget(entry: string): URL {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw new Error(`"${entry}" is not a URL (expected e.g. https://myvault.veevavault.com)`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new Error(`"${entry}": targets must use https (plain http only on this computer)`);
  }
  if (url.username || url.password) throw new Error(`"${entry}": a target carries no user name or password`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new Error(`"${entry}": give the target's origin only (scheme, host and port), without a path`);
  }
  return url;
}

export class AllowList {
  readonly #byHost = new Map<string, URL>();

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const url = parseTarget(entry);
      const key = url.host.toLowerCase();
      const other = this.#byHost.get(key);
      if (other && other.origin !== url.origin) throw new Error(`"${entry}" and "${other.origin}" share the host ${key}; keep one`);
      this.#byHost.set(key, url);
    }
  }

  /** The allowed origins, as the pane is told them. */
  get origins(): string[] {
    return [...this.#byHost.values()].map((u) => u.origin);
  }

  /** The allowed target named by a host (`host[:port]`), or null. */
  byHost(host: string): URL | null {
    return this.#byHost.get(host.toLowerCase()) ?? null;
  }
}
