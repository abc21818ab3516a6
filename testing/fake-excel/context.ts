import { FakeExcelError, notLoaded } from './errors';
import { apiNotFound, missingMembers } from './requirements';
import type { FakeWorkbook } from './model';

/**
 * The request/response machinery: every proxy call queues an operation with an
 * estimated wire size; sync() sends the batch. Sizes follow Office.js's JSON
 * protocol closely enough (an action ~ 100 bytes plus its arguments; the
 * response is the JSON of what was loaded) to hold the adapter to Excel on the
 * web's 5 MB limit.
 */

export const ACTION_BYTES = 100;

export interface SyncStat { requestBytes: number; responseBytes: number; ops: number; /** Error code when Excel would have refused the batch. */ failed?: string }

export interface FakeStats {
  syncCount: number;
  syncs: SyncStat[];
  maxRequestBytes: number;
  maxResponseBytes: number;
  totalRequestBytes: number;
  totalResponseBytes: number;
}

export interface FakeEnv {
  workbook: FakeWorkbook;
  apiVersion: string;
  payloadLimitBytes: number;
  maxAddressLength: number;
  /** Largest settings bag (JSON bytes) the host keeps. */
  settingsLimitBytes: number;
  stats: FakeStats;
  /** Whether this add-in receives events (runtime.enableEvents). */
  eventsEnabled: boolean;
  /** Raised after a write by the add-in or by fireChange. */
  raiseChange(sheetId: string, address: string, source: 'Local' | 'Remote', bySelf: boolean): void;
  afterSync(): Promise<void>;
  /** onChanged handlers registered by this add-in, per sheet id. */
  handlers(sheetId: string): Set<(args: Record<string, unknown>) => unknown>;
  supports(version: string): boolean;
}

interface Op { bytes: number; run(): number }

export const jsonSize = (v: unknown): number => {
  if (v === undefined) return 4;
  return JSON.stringify(v, (_k, x) => (x instanceof Date ? x.toISOString() : x)).length;
};

export class FakeContext {
  private ops: Op[] = [];
  /** Number of completed syncs of this context: a proxy's values are readable only after one. */
  seq = 0;
  readonly trackedObjects = { add: (): void => {}, remove: (): void => {} };
  workbook!: unknown;
  runtime!: unknown;

  constructor(readonly env: FakeEnv) {}

  /** Queue an action; `run` applies it at sync and returns its response size. `part` = no action of its own (a check riding on the call that created the proxy). */
  queue(bytes: number, run: () => number | void, part = false): void {
    this.ops.push({ bytes: (part ? 0 : ACTION_BYTES) + bytes, run: () => run() ?? 0 });
  }

  async sync(): Promise<void> {
    const ops = this.ops;
    this.ops = [];
    const env = this.env;
    const requestBytes = ops.reduce((n, o) => n + o.bytes, 200);
    const stat: SyncStat = { requestBytes, responseBytes: 0, ops: ops.length };
    env.stats.syncCount++;
    env.stats.syncs.push(stat);
    env.stats.totalRequestBytes += requestBytes;
    env.stats.maxRequestBytes = Math.max(env.stats.maxRequestBytes, requestBytes);
    if (requestBytes > env.payloadLimitBytes) {
      stat.failed = 'RequestPayloadSizeLimitExceeded';
      throw new FakeExcelError('RequestPayloadSizeLimitExceeded', `The request payload size has exceeded the limit (${requestBytes} > ${env.payloadLimitBytes} bytes).`);
    }
    // Like Excel, actions before a failing one stay applied; later ones never run.
    let responseBytes = 0;
    env.workbook.reindex();
    try {
      for (const op of ops) responseBytes += op.run();
    } finally {
      env.workbook.compact();
    }
    stat.responseBytes = responseBytes;
    env.stats.totalResponseBytes += responseBytes;
    env.stats.maxResponseBytes = Math.max(env.stats.maxResponseBytes, responseBytes);
    this.seq++;
    if (responseBytes > env.payloadLimitBytes) {
      stat.failed = 'ResponsePayloadSizeLimitExceeded';
      throw new FakeExcelError('ResponsePayloadSizeLimitExceeded', `The response payload size has exceeded the limit (${responseBytes} > ${env.payloadLimitBytes} bytes).`);
    }
    await env.afterSync();
  }
}

/** Load option shapes Office.js accepts: "a, b/c", ["a", "b"], {select: "a,b"}. */
export type LoadSpec = string | string[] | { select?: string; expand?: string } | undefined;

export function loadPaths(spec: LoadSpec): string[] {
  if (spec === undefined) return [];
  const list = typeof spec === 'string' ? spec.split(',') : Array.isArray(spec) ? spec : (spec.select ?? '').split(',');
  return list.map((s) => s.trim()).filter(Boolean);
}

/**
 * Base of every proxy: property values become readable only once loaded and
 * synced, as in Office.js.
 */
export abstract class FakeObject {
  protected readonly data = new Map<string, unknown>();
  private readonly createdAt: number;
  protected nullObject = false;

  /** Members of this entity the simulated host lacks (name → requirement set). */
  protected readonly lacking: Map<string, string>;

  constructor(readonly context: FakeContext, protected readonly entity: string) {
    this.createdAt = context.seq;
    this.lacking = lackingOf(entity, context.env.apiVersion);
    // Only proxies with members above the host's set pay for the interception.
    if (this.lacking.size) return gate(this, this.lacking);
  }

  /** Queue the failure Office reports at sync when a batch uses a member the host lacks. */
  refuse(member: string, set: string): void {
    this.context.queue(0, () => { throw apiNotFound(`${this.entity}.${member}`, set); }, true);
  }

  /** Value of a scalar property now (at sync time). */
  protected abstract read(prop: string): unknown;
  /** Navigation properties (format, fill, font, dataValidation...) for load paths. */
  protected nav(_prop: string): FakeObject | undefined {
    return undefined;
  }
  protected defaultProps(): string[] {
    return [];
  }

  load(spec?: LoadSpec): this {
    const paths = loadPaths(spec);
    const own: string[] = [];
    for (const p of paths.length ? paths : this.defaultProps()) {
      const slash = p.indexOf('/');
      const head = slash < 0 ? p : p.slice(0, slash);
      const set = this.lacking.get(head);
      if (set) { this.refuse(head, set); continue; }
      if (slash < 0) { own.push(p); continue; }
      const sub = this.nav(p.slice(0, slash));
      if (!sub) throw new FakeExcelError('InvalidArgument', `Cannot load ${p} on ${this.entity}`);
      sub.load(p.slice(slash + 1));
    }
    if (own.length) {
      this.context.queue(jsonSize(own), () => {
        if (this.isNullNow()) { this.nullObject = true; return 20; }
        let bytes = 0;
        for (const p of own) {
          const sub = this.nav(p);
          if (sub) { sub.loadNow(); continue; }
          const v = this.read(p);
          this.data.set(p, v);
          bytes += p.length + 3 + jsonSize(v);
        }
        return bytes;
      });
    }
    return this;
  }

  /** Loading a navigation property loads its scalars. */
  protected loadNow(): void {
    for (const p of this.defaultProps()) this.data.set(p, this.read(p));
  }

  protected get<T>(prop: string): T {
    if (!this.data.has(prop)) throw notLoaded(this.entity, prop);
    return this.data.get(prop) as T;
  }

  /** Whether the object the proxy names does not exist (for *OrNullObject proxies). */
  protected isNullNow(): boolean {
    return false;
  }

  /** Checked at sync for *OrNullObject proxies; Excel reports it once any sync has run after creation. */
  protected trackNull(): void {
    this.context.queue(0, () => { this.nullObject = this.isNullNow(); }, true);
  }

  get isNullObject(): boolean {
    if (this.context.seq <= this.createdAt) throw notLoaded(this.entity, 'isNullObject');
    return this.nullObject;
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this.data);
  }
}

const lackingCache = new Map<string, Map<string, string>>();
function lackingOf(entity: string, apiVersion: string): Map<string, string> {
  const key = `${entity}@${apiVersion}`;
  let m = lackingCache.get(key);
  if (!m) lackingCache.set(key, (m = missingMembers(entity, apiVersion)));
  return m;
}

function accessorOf(obj: object, prop: string): PropertyDescriptor | undefined {
  for (let o: object | null = Object.getPrototypeOf(obj) as object | null; o; o = Object.getPrototypeOf(o) as object | null) {
    const d = Object.getOwnPropertyDescriptor(o, prop);
    if (d) return d;
  }
  return undefined;
}

/**
 * Wrap a proxy so that using a member its host lacks — calling a method,
 * setting a property, reaching a navigation property — queues the ApiNotFound
 * failure ahead of the call itself: the batch then fails at sync, before any
 * of its later writes apply, as on Excel.
 */
function gate<T extends FakeObject>(target: T, lacking: Map<string, string>): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      const set = typeof prop === 'string' ? lacking.get(prop) : undefined;
      if (!set) return Reflect.get(t, prop, receiver) as unknown;
      const name = prop as string;
      const desc = accessorOf(t, name);
      if (desc && typeof desc.value === 'function') {
        const fn = desc.value as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => {
          t.refuse(name, set);
          return fn.apply(receiver, args);
        };
      }
      t.refuse(name, set);
      return Reflect.get(t, prop, receiver) as unknown;
    },
    set(t, prop, value, receiver) {
      const set = typeof prop === 'string' ? lacking.get(prop) : undefined;
      // Plain fields (assigned while the proxy is built) pass; API setters are refused.
      if (set && accessorOf(t, prop as string)?.set) {
        t.refuse(prop as string, set);
        return true;
      }
      return Reflect.set(t, prop, value, receiver);
    },
  });
}

/** OfficeExtension.ClientResult: `.value` after sync. */
export class FakeClientResult<T> {
  private v: T | undefined;
  private done = false;
  constructor(ctx: FakeContext, bytes: number, compute: () => T) {
    ctx.queue(bytes, () => {
      this.v = compute();
      this.done = true;
      return jsonSize(this.v);
    });
  }
  get value(): T {
    if (!this.done) throw notLoaded('ClientResult', 'value');
    return this.v as T;
  }
}
