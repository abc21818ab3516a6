import { neverAnswered, type RelayInfo } from '../../connectors';

/**
 * What the pane says about the way it reaches the target: through the add-in's own server (its
 * relay), or straight from the browser, and what to do when the browser gets no answer at all.
 */

export const RELAYED_NOTE = "through the add-in's own server, which passes the calls on to the CTMS";

/**
 * The sign-in failure in words. When the browser got no answer at all from a target it called
 * directly, the likely cause is that the target does not accept calls from the pane's page
 * (browsers do not say so); the way out is the relay.
 */
export function signInFailure(e: unknown, message: string, url: string, relay: RelayInfo | null, relayed: boolean): string {
  if (relayed || !neverAnswered(e)) return `Sign-in failed: ${message}`;
  let host = url;
  try { host = new URL(url).host; } catch { /* the URL was checked before; keep it as typed */ }
  const how = relay
    ? `The add-in's server can pass the calls on, but ${host} is not on its list of targets: ask whoever runs the add-in's server to add it.`
    : `Then it must be reached through the add-in's own server (its relay), with ${host} on the relay's list of targets: ask whoever runs the add-in's server.`;
  return `Sign-in failed: the browser got no answer from ${host}. Either it is not running or not reachable from this computer, or it does not accept calls from the add-in's page. ${how}`;
}
