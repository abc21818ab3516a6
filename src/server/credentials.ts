import { createHash, timingSafeEqual } from 'node:crypto';

export interface Credentials {
  username: string;
  password: string;
}

/** Documented development defaults, accepted only when the server binds to loopback. */
export const DEV_CREDENTIALS: Readonly<Credentials> = Object.freeze({ username: 'dev', password: 'dev-password' });

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/**
 * Explicit users win, then CTMS_USER / CTMS_PASSWORD, then the development defaults —
 * but only on loopback: a server reachable from the network must not run with a
 * password printed in the README.
 */
export function resolveCredentials(host: string, explicit?: Credentials, env: NodeJS.ProcessEnv = process.env): { credentials: Credentials; devDefaults: boolean } {
  if (explicit) return { credentials: explicit, devDefaults: false };
  if (env.CTMS_USER && env.CTMS_PASSWORD) return { credentials: { username: env.CTMS_USER, password: env.CTMS_PASSWORD }, devDefaults: false };
  if (!isLoopback(host)) {
    throw new Error(`Refusing to listen on ${host} with development credentials: set CTMS_USER and CTMS_PASSWORD`);
  }
  return { credentials: { ...DEV_CREDENTIALS }, devDefaults: true };
}

/** Constant-time comparison so response timing does not reveal how much of a password matched. */
export function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}
