/**
 * Vault's burst limit: calls per fixed 5-minute window per Vault. Past the ceiling Vault
 * delays each answer (it does not reject), and says so in X-VaultAPI-ResponseDelay.
 */
export const BURST_WINDOW_MS = 5 * 60 * 1000;

export class BurstLimiter {
  private windowStart = 0;
  private used = 0;

  constructor(readonly limit: number, readonly delayMs: number, private readonly now: () => number = Date.now) {}

  /** Counts one call; returns what remains and the delay to apply to this answer. */
  take(): { remaining: number; delayMs: number } {
    const t = this.now();
    if (t - this.windowStart >= BURST_WINDOW_MS) {
      this.windowStart = t;
      this.used = 0;
    }
    this.used++;
    const remaining = Math.max(0, this.limit - this.used);
    return { remaining, delayMs: this.used > this.limit ? this.delayMs : 0 };
  }
}
