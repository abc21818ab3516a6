/**
 * TEST FACILITY — fault injection, off unless `faults` is passed to createServer.
 * With probability `rate` per request it picks one fault: a 5xx before processing,
 * a 429 with Retry-After, processing then answering only after the client's timeout,
 * or (the nasty case) processing and COMMITTING, then dropping the connection unanswered.
 * A seed makes the sequence reproducible.
 */

export type FaultKind = 'http500' | 'http502' | 'http503' | 'http429' | 'slow' | 'dropAfterCommit';

export interface FaultOptions {
  /** Probability per request, 0..1. */
  rate: number;
  seed?: number;
  /** How long a 'slow' answer is held back; set above the client's timeout. Default 3000. */
  delayMs?: number;
  /** Retry-After of the 429 answers, in seconds. Default 1. */
  retryAfterSec?: number;
  /** Restrict to these kinds (default: all). */
  kinds?: FaultKind[];
  /** Inject at most this many faults, then none (a test can make exactly the first call time out). */
  limit?: number;
  /** Also inject on /auth (default false: sign-in is not the point of these tests). */
  includeAuth?: boolean;
  /** Inject only into the requests this selects (a test can hold back the answer to one chosen write). */
  only?: (req: { method: string; url: string }) => boolean;
}

const ALL_KINDS: FaultKind[] = ['http500', 'http502', 'http503', 'http429', 'slow', 'dropAfterCommit'];

/** mulberry32: small, fast, good enough to make test runs reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private readonly random: () => number;
  private readonly kinds: FaultKind[];
  readonly counts: Record<FaultKind, number> = { http500: 0, http502: 0, http503: 0, http429: 0, slow: 0, dropAfterCommit: 0 };

  constructor(readonly options: FaultOptions) {
    if (!(options.rate >= 0 && options.rate <= 1)) throw new Error('faults.rate must be between 0 and 1');
    this.random = seededRandom(options.seed ?? 1);
    this.kinds = options.kinds?.length ? options.kinds : ALL_KINDS;
  }

  get delayMs(): number {
    return this.options.delayMs ?? 3000;
  }

  get retryAfterSec(): number {
    return this.options.retryAfterSec ?? 1;
  }

  pick(req?: { method: string; url: string }): FaultKind | undefined {
    if (req && this.options.only && !this.options.only(req)) return undefined;
    if (this.options.limit !== undefined && Object.values(this.counts).reduce((a, b) => a + b, 0) >= this.options.limit) return undefined;
    if (this.random() >= this.options.rate) return undefined;
    const kind = this.kinds[Math.floor(this.random() * this.kinds.length)];
    this.counts[kind]++;
    return kind;
  }
}
