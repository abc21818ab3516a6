import type { IncomingHttpHeaders } from 'node:http';

/**
 * What passes through the relay, in each direction. Only what the Vault API needs goes to the
 * target (no cookies, no Origin or Referer of the pane, no forwarding headers), and only what the
 * client reads comes back (no Set-Cookie, no Location: a redirect is refused, never passed on).
 */
const REQUEST_HEADERS = new Set(['accept', 'content-type', 'authorization']);
const RESPONSE_HEADERS = new Set(['content-type', 'retry-after']);
const isVaultHeader = (name: string) => name.toLowerCase().startsWith('x-vaultapi-');

export function requestHeaders(incoming: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (REQUEST_HEADERS.has(key) || isVaultHeader(key)) out[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export function responseHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (RESPONSE_HEADERS.has(name.toLowerCase()) || isVaultHeader(name)) out[name] = value;
  });
  return out;
}

export interface RelayedPath {
  /** The host named in the path (`/relay/{host}/...`), decoded. */
  host: string;
  /** Path and query to send to the target, as the pane wrote them. */
  rest: string;
}

/** Splits `/relay/{host}/api/...?...`; null when the path has no host and rest. */
export function splitRelayPath(url: string, prefix: string): RelayedPath | null {
  if (!url.startsWith(`${prefix}/`)) return null;
  const tail = url.slice(prefix.length + 1);
  const slash = tail.indexOf('/');
  if (slash <= 0) return null;
  let host: string;
  try {
    host = decodeURIComponent(tail.slice(0, slash));
  } catch {
    return null;
  }
  return { host, rest: tail.slice(slash) };
}

/**
 * The target URL for a relayed path, or null when it would leave the target's origin or its
 * API (a `//other.host/...` path, `..` segments resolving outside /api/).
 */
export function targetUrl(origin: string, rest: string): URL | null {
  if (rest.startsWith('//')) return null;
  let url: URL;
  try {
    url = new URL(rest, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin || !url.pathname.startsWith('/api/')) return null;
  return url;
}

/** Path without its query: queries may carry data (a VQL filter), and the log never shows data. */
export const pathOnly = (url: string): string => url.split('?')[0];
