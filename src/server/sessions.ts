import { randomBytes } from 'node:crypto';

export interface Session {
  userId: number;
  username: string;
  createdAt: number;
  lastUsedAt: number;
}

/**
 * In-memory sessions with Vault's two expiries: idle time (per Vault setting) and an
 * absolute maximum. Kept in memory on purpose: a server restart signs everyone out,
 * which exercises the client's re-authentication.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly idleMs: number, private readonly maxMs: number, private readonly now: () => number = Date.now) {}

  create(userId: number, username: string): string {
    const id = randomBytes(32).toString('hex').toUpperCase();
    const t = this.now();
    this.sessions.set(id, { userId, username, createdAt: t, lastUsedAt: t });
    return id;
  }

  /** Returns the live session and refreshes its idle timer, or undefined. */
  touch(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    const t = this.now();
    if (t - s.lastUsedAt > this.idleMs || t - s.createdAt > this.maxMs) {
      this.sessions.delete(id);
      return undefined;
    }
    s.lastUsedAt = t;
    return s;
  }

  /** Test facility: ends every session as if it had expired. */
  expireAll(): void {
    this.sessions.clear();
  }
}

/** Accepts `Authorization: {sessionId}` and `Authorization: Bearer {sessionId}`. */
export function sessionIdFrom(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const v = header.trim();
  return /^bearer\s+/i.test(v) ? v.replace(/^bearer\s+/i, '') : v;
}
