/**
 * Vault-compatible client for the task pane (browser fetch) and the command line (Node fetch).
 * No Node built-ins here: this file is bundled into the add-in.
 *
 * Safety rules this client keeps:
 * - writes go through upsert on a unique key, so a retry after the server committed but the
 *   answer was lost (timeout, dropped connection) updates the record instead of doubling it;
 * - never two records with the same key in one call (Vault would fail the whole request);
 * - one sign-in shared by all requests, one re-auth on INVALID_SESSION_ID;
 * - credentials and session ids never appear in errors, events or `JSON.stringify(client)`;
 * - no redirect is followed (a redirect would carry the password or the session to wherever
 *   it points), and a next page is read only on the target's own origin.
 */
import {
  ClientErrorType,
  TargetError,
  type BatchReport,
  type DeleteResult,
  type FieldMetadata,
  type RecordResult,
  type SessionInfo,
  type TargetCtms,
  type TargetRecord,
  type WriteOptions,
} from './types';
import { backoffMs, chunk, mapPool, retryAfterMs } from './retry';
import { vqlString } from '../protocol/vql';
import { RELAY_REFUSED_HEADER } from './relay';

export interface Credentials {
  username: string;
  password: string;
}

/** Observable client events (retries, re-auth, pacing) for progress logs. Never carries secrets. */
export type ClientEvent =
  | { kind: 'retry'; path: string; attempt: number; reason: string; waitMs: number }
  | { kind: 'reauth'; path: string }
  | { kind: 'pace'; waitMs: number; remaining: number; limit: number }
  | { kind: 'signedIn'; userId: string | number; vaultId: string | number };

export interface VaultClientOptions {
  /** e.g. https://myvault.veevavault.com (http only for localhost). */
  baseUrl: string;
  apiVersion?: string;
  username?: string;
  password?: string;
  /** Asked when signing in (e.g. a prompt); called again only if the session must be renewed. */
  credentials?: () => Credentials | Promise<Credentials>;
  /**
   * An existing session (e.g. from the Vault's single sign-on). Used instead of /auth; once the
   * target refuses it, the client signs in with the credentials if it has any, else stops.
   */
  sessionId?: string;
  /**
   * Sends `X-VaultAPI-MigrationMode: true` with every write, so completed studies and closed
   * sites can be loaded in their real state (needs the Vault's migration permission).
   */
  migrationMode?: boolean;
  /**
   * Where the calls actually go when the add-in's relay carries them (see relay.ts), e.g.
   * https://addin.example.com/relay/myvault.veevavault.com. The target stays `baseUrl`: origin
   * checks, messages and transfer logs name it.
   */
  relayUrl?: string;
  /** The Vault we mean to reach; sign-in into any other is refused. */
  expectedVaultId?: string | number;
  timeoutMs?: number;
  concurrency?: number;
  maxRetries?: number;
  /**
   * Retries of the sign-in call itself (default maxRetries). The pane asks fewer: a person is
   * waiting, and a browser refused a cross-origin call the same way every time.
   */
  signInRetries?: number;
  batchSize?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Below this many remaining burst calls the client slows down. Default 5% of the limit. */
  burstLowWater?: number;
  clientId?: string;
  onEvent?: (event: ClientEvent) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  fetch?: typeof fetch;
}

interface Session {
  id: string;
  info: SessionInfo;
}

interface VaultBody {
  responseStatus?: string;
  errors?: Array<{ type?: string; message?: string }>;
  [k: string]: unknown;
}

interface RecordEntry {
  responseStatus?: string;
  data?: { id?: string; event?: string };
  errors?: Array<{ type?: string; message?: string }>;
}

interface CallResult {
  body: VaultBody;
  executionId?: string;
  /** X-VaultAPI-VaultId of the answer, when sent. */
  vaultId?: string;
  attempts: number;
  /** An earlier attempt may have been processed without us seeing the answer. */
  uncertain: boolean;
}

const MAX_BATCH = 500;
const MAX_QUERY_CHARS = 50_000;

/** Thrown when every retry failed: the outcome of the last attempt is unknown. */
class RetriesExhausted extends TargetError {
  constructor(message: string, readonly attempts: number, readonly neverAnswered: boolean) {
    super(ClientErrorType.retriesExhausted, message);
  }
}

/**
 * True when no attempt got any answer from the target. In a browser this is also what a target
 * that refuses cross-origin calls looks like (the browser hides the difference).
 */
export function neverAnswered(e: unknown): boolean {
  return e instanceof RetriesExhausted && e.neverAnswered;
}

export function checkBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TargetError(ClientErrorType.insecureUrl, `Not a URL: ${baseUrl}`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '127.0.0.1' || host === '::1';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new TargetError(ClientErrorType.insecureUrl, `Refusing ${url.protocol}//${url.host}: use https (plain http only for localhost)`);
  }
  // Accept a URL copied with its API path; everything below is built from the origin.
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/api(\/v\d+(\.\d+)?)?$/, '')}`;
}

export class VaultClient implements TargetCtms {
  readonly baseUrl: string;
  readonly apiVersion: string;
  /** Where requests go: the relay's route to the target, or the target itself. */
  readonly #transport: string;
  // Private fields keep credentials and the session out of console.log and JSON.stringify.
  readonly #credentials?: () => Credentials | Promise<Credentials>;
  #presetSession?: string;
  #session?: Promise<Session>;
  #pinnedVaultId?: string | number;
  readonly #o: Required<Pick<VaultClientOptions, 'timeoutMs' | 'concurrency' | 'maxRetries' | 'batchSize' | 'backoffBaseMs' | 'backoffMaxMs' | 'clientId' | 'sleep' | 'random' | 'fetch'>>;
  readonly #options: VaultClientOptions;
  #limit?: number;
  #remaining?: number;
  #lastDelayMs = 0;
  #requests = 0;

  constructor(options: VaultClientOptions) {
    this.baseUrl = checkBaseUrl(options.baseUrl);
    this.apiVersion = options.apiVersion ?? 'v24.1';
    this.#transport = options.relayUrl ? options.relayUrl.replace(/\/+$/, '') : this.baseUrl;
    const { username, password } = options;
    if (options.credentials) this.#credentials = options.credentials;
    else if (username !== undefined && password !== undefined) this.#credentials = () => ({ username, password });
    else if (!options.sessionId) throw new TargetError('PARAMETER_REQUIRED', 'VaultClient needs username and password, a credentials callback or a session id');
    this.#presetSession = options.sessionId || undefined;
    this.#options = options;
    this.#pinnedVaultId = options.expectedVaultId;
    this.#o = {
      timeoutMs: options.timeoutMs ?? 60_000,
      concurrency: Math.max(1, options.concurrency ?? 4),
      maxRetries: options.maxRetries ?? 8,
      batchSize: Math.min(MAX_BATCH, Math.max(1, options.batchSize ?? MAX_BATCH)),
      backoffBaseMs: options.backoffBaseMs ?? 250,
      backoffMaxMs: options.backoffMaxMs ?? 20_000,
      clientId: options.clientId ?? 'ctms-collect',
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
      fetch: options.fetch ?? ((...args) => globalThis.fetch(...args)),
    };
  }

  /** True when calls go through the add-in's relay. */
  get relayed(): boolean {
    return this.#transport !== this.baseUrl;
  }

  /** HTTP requests sent so far, retries included (how many calls a transfer cost). */
  get requests(): number {
    return this.#requests;
  }

  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, apiVersion: this.apiVersion };
  }

  private emit(e: ClientEvent): void {
    this.#options.onEvent?.(e);
  }

  private api(path: string): string {
    return `${this.#transport}/api/${this.apiVersion}${path}`;
  }

  // ---- session -------------------------------------------------------------------------

  async signIn(): Promise<SessionInfo> {
    return (await this.session()).info;
  }

  /** Forgets the session (sign-out on the client side only). */
  signOut(): void {
    this.#session = undefined;
  }

  private session(): Promise<Session> {
    if (!this.#session) {
      const p = this.authenticate();
      this.#session = p;
      // A failed sign-in must not be cached, or every later call would fail the same way.
      p.catch(() => {
        if (this.#session === p) this.#session = undefined;
      });
    }
    return this.#session;
  }

  private async authenticate(): Promise<Session> {
    const preset = this.#presetSession;
    if (preset) {
      const s = await this.adoptSession(preset);
      if (s) return s;
      // Refused once, never offered again: an expired SSO session does not come back to life.
      this.#presetSession = undefined;
      if (!this.#credentials) throw new TargetError('INVALID_SESSION_ID', 'The target did not accept the session id (expired or signed out); get a new one and try again');
    }
    if (!this.#credentials) throw new TargetError('INVALID_SESSION_ID', 'The session ended and there are no credentials to sign in again');
    const { username, password } = await this.#credentials();
    const { body } = await this.send('/auth', { method: 'POST', form: { username, password }, auth: false });
    if (body.responseStatus !== 'SUCCESS' || typeof body.sessionId !== 'string') {
      const err = body.errors?.[0];
      throw new TargetError(err?.type ?? ClientErrorType.badResponse, err?.message ?? 'Sign-in failed');
    }
    const vaultId = body.vaultId as string | number;
    if (this.#pinnedVaultId !== undefined && String(this.#pinnedVaultId) !== String(vaultId)) {
      throw new TargetError(ClientErrorType.wrongVault, `Signed in to vault ${vaultId}, expected vault ${this.#pinnedVaultId}`);
    }
    this.#pinnedVaultId = vaultId;
    const info = { userId: body.userId as string | number, vaultId };
    this.emit({ kind: 'signedIn', ...info });
    return { id: body.sessionId, info };
  }

  /**
   * Checks a session id with a cheap authenticated read and learns the Vault from the
   * X-VaultAPI-VaultId header (there is no /auth answer to take it from). Null when refused.
   */
  private async adoptSession(id: string): Promise<Session | null> {
    const candidate: Session = { id, info: { userId: '', vaultId: '' } };
    const { body, vaultId } = await this.send('/metadata/vobjects', { method: 'GET', session: candidate });
    if (body.responseStatus !== 'SUCCESS') {
      if (body.errors?.[0]?.type === 'INVALID_SESSION_ID') return null;
      throw VaultClient.fail(body, 'Sign-in with the session id failed');
    }
    if (vaultId !== undefined && this.#pinnedVaultId !== undefined && String(this.#pinnedVaultId) !== vaultId) {
      throw new TargetError(ClientErrorType.wrongVault, `The session belongs to vault ${vaultId}, expected vault ${this.#pinnedVaultId}`);
    }
    const info = { userId: '', vaultId: vaultId ?? this.#pinnedVaultId ?? '' };
    if (vaultId !== undefined) this.#pinnedVaultId = vaultId;
    this.emit({ kind: 'signedIn', ...info });
    return { id, info };
  }

  // ---- transport -----------------------------------------------------------------------

  /** Waits when the burst budget runs low, so we never run into Vault's delayed answers. */
  private async pace(): Promise<void> {
    const limit = this.#limit;
    const remaining = this.#remaining;
    if (limit === undefined || remaining === undefined) return;
    const lowWater = this.#options.burstLowWater ?? Math.max(this.#o.concurrency * 2, Math.ceil(limit * 0.05));
    if (remaining > lowWater) return;
    const waitMs = Math.max(this.#lastDelayMs, Math.round(1000 * (1 - remaining / (lowWater + 1))));
    if (waitMs <= 0) return;
    this.emit({ kind: 'pace', waitMs, remaining, limit });
    await this.#o.sleep(waitMs);
  }

  private observe(headers: Headers): void {
    const limit = Number(headers.get('X-VaultAPI-BurstLimit'));
    const remaining = Number(headers.get('X-VaultAPI-BurstLimitRemaining'));
    if (headers.get('X-VaultAPI-BurstLimit') !== null && Number.isFinite(limit)) this.#limit = limit;
    if (headers.get('X-VaultAPI-BurstLimitRemaining') !== null && Number.isFinite(remaining)) this.#remaining = remaining;
    this.#lastDelayMs = Number(headers.get('X-VaultAPI-ResponseDelay')) || 0;
  }

  /**
   * One logical call with retries: network errors, timeouts, non-200 answers, 429 (honouring
   * Retry-After) and RACE_CONDITION are retried with backoff; INVALID_SESSION_ID gets one
   * re-auth. Other Vault FAILUREs are returned to the caller.
   */
  private async send(
    path: string,
    req: { method: string; form?: Record<string, string>; json?: unknown; auth?: boolean; absolute?: boolean; write?: boolean; session?: Session },
  ): Promise<CallResult> {
    const url = req.absolute ? path : this.api(path);
    let retries = 0;
    let attempts = 0;
    let reauthed = false;
    let uncertain = false;
    let answered = false;
    for (;;) {
      await this.pace();
      const session = req.auth === false ? undefined : req.session ?? (await this.session());
      const headers: Record<string, string> = { Accept: 'application/json', 'X-VaultAPI-ClientID': this.#o.clientId };
      if (session) headers.Authorization = session.id;
      if (req.write && this.#options.migrationMode) headers['X-VaultAPI-MigrationMode'] = 'true';
      let body: string | undefined;
      if (req.form) {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(req.form).toString();
      } else if (req.json !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(req.json);
      }
      attempts++;
      this.#requests++;
      let reason: string;
      let waitHint: number | undefined;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), this.#o.timeoutMs);
      try {
        // Every request carries the password or the session: a redirect is refused, never followed.
        const res = await this.#o.fetch(url, { method: req.method, headers, body, signal: controller.signal, redirect: 'manual' });
        if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) throw this.redirectRefused(path, res);
        answered = true;
        // The relay refused (target not allowed, a redirect, too large): the same call would be refused again.
        if (res.headers.get(RELAY_REFUSED_HEADER)) throw await VaultClient.relayRefused(res);
        this.observe(res.headers);
        const text = await res.text();
        if (res.status === 200) {
          let parsed: VaultBody | undefined;
          try {
            parsed = JSON.parse(text) as VaultBody;
          } catch {
            parsed = undefined;
          }
          const executionId = res.headers.get('X-VaultAPI-ExecutionId') ?? undefined;
          const vaultId = res.headers.get('X-VaultAPI-VaultId') ?? undefined;
          const errType = parsed?.responseStatus === 'FAILURE' ? parsed.errors?.[0]?.type : undefined;
          if (!parsed) {
            reason = 'unreadable answer';
            uncertain = true;
          } else if (errType === 'INVALID_SESSION_ID' && session && !req.session && !reauthed) {
            reauthed = true;
            if (this.#session && (await this.#session.catch(() => undefined)) === session) this.#session = undefined;
            this.emit({ kind: 'reauth', path });
            continue;
          } else if (errType === 'RACE_CONDITION' || errType === 'API_LIMIT_EXCEEDED') {
            reason = errType;
          } else {
            return { body: parsed, executionId, ...(vaultId !== undefined ? { vaultId } : {}), attempts, uncertain };
          }
        } else {
          reason = `HTTP ${res.status}`;
          if (res.status === 429) waitHint = retryAfterMs(res.headers.get('Retry-After'));
        }
      } catch (e) {
        if (e instanceof TargetError) throw e;
        // The request may have reached the server and been committed; only upserts make this safe.
        uncertain = true;
        reason = controller.signal.aborted ? `timeout after ${this.#o.timeoutMs} ms` : 'network error';
      } finally {
        clearTimeout(timer);
      }
      retries++;
      const allowed = req.auth === false || req.session ? this.#options.signInRetries ?? this.#o.maxRetries : this.#o.maxRetries;
      if (retries > allowed) throw new RetriesExhausted(`${req.method} ${this.shortPath(path)}: gave up after ${attempts} attempts (last: ${reason})`, attempts, !answered);
      const waitMs = waitHint ?? backoffMs(retries, this.#o.backoffBaseMs, this.#o.backoffMaxMs, this.#o.random);
      this.emit({ kind: 'retry', path: this.shortPath(path), attempt: attempts, reason, waitMs });
      await this.#o.sleep(waitMs);
    }
  }

  private redirectRefused(path: string, res: Response): TargetError {
    const where = res.headers.get('Location');
    let host = 'an address the browser does not disclose';
    if (where) {
      try { host = new URL(where, this.baseUrl).host; } catch { host = 'an unreadable address'; }
    }
    return new TargetError(ClientErrorType.redirect, `${path.split('?')[0]} was redirected to ${host}; not followed, so no credentials or session leave ${new URL(this.baseUrl).host}`);
  }

  /** Request path for messages: the relay's prefix is not the user's business. */
  private shortPath(path: string): string {
    const p = path.split('?')[0];
    return p.startsWith(this.#transport) ? p.slice(this.#transport.length) : p;
  }

  private static async relayRefused(res: Response): Promise<TargetError> {
    let message = 'The add-in\'s relay refused the call';
    try {
      const body = JSON.parse(await res.text()) as VaultBody;
      message = body.errors?.[0]?.message ?? message;
    } catch {
      // The header alone says enough.
    }
    return new TargetError(ClientErrorType.relayRefused, message);
  }

  private static fail(body: VaultBody, fallback: string): TargetError {
    const e = body.errors?.[0];
    return new TargetError(e?.type ?? ClientErrorType.badResponse, e?.message ?? fallback);
  }

  // ---- writes --------------------------------------------------------------------------

  async upsert(object: string, records: TargetRecord[], idParam: string, options: WriteOptions = {}): Promise<RecordResult[]> {
    return this.write('upsert', object, records, idParam, options);
  }

  async update(object: string, records: TargetRecord[], options: WriteOptions = {}): Promise<RecordResult[]> {
    return this.write('update', object, records, 'id', options);
  }

  async delete(object: string, ids: string[], options: WriteOptions = {}): Promise<DeleteResult[]> {
    const results = await this.write('delete', object, ids.map((id) => ({ id })), 'id', options);
    return results.map(({ event: _event, ...r }) => r);
  }

  private async write(
    operation: 'upsert' | 'update' | 'delete',
    object: string,
    records: TargetRecord[],
    keyField: string,
    options: WriteOptions,
  ): Promise<RecordResult[]> {
    const results = new Array<RecordResult>(records.length);
    const seen = new Map<string, number>();
    const toSend: number[] = [];
    records.forEach((rec, index) => {
      const raw = rec[keyField];
      if (raw === null || raw === undefined || String(raw).trim() === '') {
        results[index] = { index, key: '', ok: false, attempts: 0, error: { type: ClientErrorType.missingKey, message: `Missing value for ${keyField}` } };
        return;
      }
      const key = String(raw);
      const first = seen.get(key);
      if (first !== undefined) {
        // Vault fails a whole request over a repeated key; keep the first, report the rest.
        results[index] = { index, key, ok: false, attempts: 0, error: { type: ClientErrorType.duplicateKey, message: `${keyField} '${key}' repeats record ${first + 1} of this submission; not sent` } };
        return;
      }
      seen.set(key, index);
      toSend.push(index);
    });

    const batches = chunk(toSend, this.#o.batchSize);
    await mapPool(batches, this.#o.concurrency, async (batch, batchIndex) => {
      const batchResults = await this.sendBatch(operation, object, keyField, batch.map((i) => records[i]), batch);
      for (const r of batchResults) results[r.index] = r;
      options.onBatch?.({ object, operation, batchIndex, size: batch.length, attempts: Math.max(...batchResults.map((r) => r.attempts)), executionId: batchResults[0]?.executionId, results: batchResults } satisfies BatchReport);
    });
    return results;
  }

  private async sendBatch(operation: 'upsert' | 'update' | 'delete', object: string, keyField: string, records: TargetRecord[], indexes: number[]): Promise<RecordResult[]> {
    const path = `/vobjects/${encodeURIComponent(object)}${operation === 'upsert' ? `?idParam=${encodeURIComponent(keyField)}` : ''}`;
    const method = operation === 'upsert' ? 'POST' : operation === 'update' ? 'PUT' : 'DELETE';
    const out: RecordResult[] = [];
    let pending = records.map((rec, j) => ({ rec, index: indexes[j] }));
    let priorAttempts = 0;
    // Records refused with RACE_CONDITION are resent on their own, a bounded number of times.
    for (let round = 0; pending.length && round <= this.#o.maxRetries; round++) {
      const keys = pending.map((p) => String(p.rec[keyField]));
      let call: CallResult;
      try {
        call = await this.send(path, { method, json: pending.map((p) => p.rec), write: true });
      } catch (e) {
        const err = e instanceof TargetError ? e : new TargetError(ClientErrorType.network, 'request failed');
        const attempts = priorAttempts + (e instanceof RetriesExhausted ? e.attempts : 1);
        return [...out, ...pending.map((p, j) => ({ index: p.index, key: keys[j], ok: false, attempts, error: { type: err.type, message: err.message } }))];
      }
      const attempts = priorAttempts + call.attempts;
      priorAttempts = attempts;
      const entries = call.body.data;
      if (call.body.responseStatus === 'FAILURE' || !Array.isArray(entries) || entries.length !== pending.length) {
        const err = call.body.responseStatus === 'FAILURE' ? VaultClient.fail(call.body, 'request failed') : new TargetError(ClientErrorType.badResponse, 'answer does not have one entry per record');
        return [...out, ...pending.map((p, j) => ({ index: p.index, key: keys[j], ok: false, attempts, executionId: call.executionId, error: { type: err.type, message: err.message } }))];
      }
      const retry: typeof pending = [];
      for (let j = 0; j < pending.length; j++) {
        const entry = entries[j] as RecordEntry;
        const base = { index: pending[j].index, key: keys[j], attempts, executionId: call.executionId, ...(call.uncertain ? { uncertain: true } : {}) };
        const id = entry.data?.id;
        if (entry.responseStatus === 'SUCCESS' || entry.responseStatus === 'WARNING') {
          const event = entry.data?.event === 'created__sys' ? 'created' : entry.data?.event === 'updated__sys' ? 'updated' : 'unchanged';
          out.push({ ...base, ok: true, ...(id ? { id } : {}), ...(operation === 'delete' ? {} : { event }) });
          continue;
        }
        const err = entry.errors?.[0];
        if (err?.type === 'RACE_CONDITION') {
          retry.push(pending[j]);
          continue;
        }
        out.push({ ...base, ok: false, ...(id ? { id } : {}), error: { type: err?.type ?? ClientErrorType.badResponse, message: err?.message ?? 'record failed' } });
      }
      if (operation === 'delete' && call.uncertain) await this.settleUncertainDeletes(object, out);
      pending = retry;
      if (retry.length) await this.#o.sleep(backoffMs(round + 1, this.#o.backoffBaseMs, this.#o.backoffMaxMs, this.#o.random));
    }
    for (const p of pending) out.push({ index: p.index, key: String(p.rec[keyField]), ok: false, attempts: priorAttempts, error: { type: 'RACE_CONDITION', message: 'record stayed locked through every retry' } });
    return out;
  }

  /**
   * After an unanswered delete was retried, "no such record" means the first attempt
   * deleted it: check that it is really gone and report success.
   */
  private async settleUncertainDeletes(object: string, results: RecordResult[]): Promise<void> {
    for (const r of results) {
      if (r.ok || r.error?.type !== 'INVALID_DATA') continue;
      if ((await this.getRecord(object, r.key)) === null) {
        r.ok = true;
        r.id = r.key;
        delete r.error;
      }
    }
  }

  // ---- reads ---------------------------------------------------------------------------

  async *queryPages(vql: string): AsyncIterable<TargetRecord[]> {
    if (vql.length > MAX_QUERY_CHARS) throw new TargetError('INVALID_DATA', `query longer than ${MAX_QUERY_CHARS} characters`);
    let call = await this.send('/query', { method: 'POST', form: { q: vql } });
    for (;;) {
      if (call.body.responseStatus === 'FAILURE') throw VaultClient.fail(call.body, 'query failed');
      yield (call.body.data as TargetRecord[] | undefined) ?? [];
      const next = (call.body.responseDetails as { next_page?: string } | undefined)?.next_page;
      if (!next) return;
      const url = new URL(next, this.baseUrl);
      // The session goes with the request: only to the target's own origin.
      if (url.origin !== new URL(this.baseUrl).origin) throw new TargetError(ClientErrorType.crossOrigin, `The next page of the query is on ${url.host}, not on the target ${new URL(this.baseUrl).host}; not followed`);
      const basePath = new URL(this.baseUrl).pathname.replace(/\/+$/, '');
      const onTransport = `${this.#transport}${url.pathname.slice(url.pathname.startsWith(basePath) ? basePath.length : 0)}${url.search}`;
      call = await this.send(onTransport, { method: 'POST', absolute: true });
    }
  }

  async query(vql: string): Promise<TargetRecord[]> {
    const rows: TargetRecord[] = [];
    for await (const page of this.queryPages(vql)) rows.push(...page);
    return rows;
  }

  async getRecord(object: string, id: string): Promise<TargetRecord | null> {
    const { body } = await this.send(`/vobjects/${encodeURIComponent(object)}/${encodeURIComponent(id)}`, { method: 'GET' });
    if (body.responseStatus === 'SUCCESS') return (body.data as TargetRecord) ?? null;
    const type = body.errors?.[0]?.type;
    if (type === 'INVALID_DATA' || type === 'OBJECT_RECORD_NOT_FOUND') return null;
    throw VaultClient.fail(body, 'read failed');
  }

  async findByExternalIds(object: string, field: string, keys: string[], fields: string[] = ['id', field]): Promise<Map<string, TargetRecord>> {
    const select = [...new Set(fields.includes(field) ? fields : [...fields, field])];
    const head = `SELECT ${select.join(', ')} FROM ${object} WHERE ${field} CONTAINS (`;
    const budget = MAX_QUERY_CHARS - head.length - 1;
    const chunks: string[][] = [];
    let current: string[] = [];
    let size = 0;
    for (const key of [...new Set(keys)]) {
      const lit = vqlString(key);
      if (current.length && size + lit.length + 1 > budget) {
        chunks.push(current);
        current = [];
        size = 0;
      }
      current.push(lit);
      size += lit.length + 1;
    }
    if (current.length) chunks.push(current);
    const found = new Map<string, TargetRecord>();
    const pages = await mapPool(chunks, this.#o.concurrency, (c) => this.query(`${head}${c.join(',')})`));
    for (const rows of pages) for (const row of rows) found.set(String(row[field]), row);
    return found;
  }

  async describeObject(object: string): Promise<FieldMetadata[]> {
    const { body } = await this.send(`/metadata/vobjects/${encodeURIComponent(object)}`, { method: 'GET' });
    if (body.responseStatus !== 'SUCCESS') throw VaultClient.fail(body, 'metadata read failed');
    const fields = ((body.object as { fields?: Array<Record<string, unknown>> } | undefined)?.fields ?? []);
    // Vault names a field's picklist and serves its values separately; read each picklist once.
    const picklists = new Map<string, Promise<string[]>>();
    const valuesOf = (name: string) => picklists.get(name) ?? picklists.set(name, this.picklistValues(name)).get(name)!;
    return Promise.all(fields.map(async (f) => {
      const ref = typeof f.object === 'string' ? f.object : (f.object as { name?: unknown } | undefined)?.name;
      const picklist = Array.isArray(f.picklist_values) ? f.picklist_values.map(String) : typeof f.picklist === 'string' ? await valuesOf(f.picklist) : undefined;
      return {
        name: String(f.name),
        type: String(f.type),
        required: !!f.required,
        unique: !!f.unique,
        // Absent means editable: only a Vault that says a field is locked is held to it.
        ...(typeof f.editable === 'boolean' ? { editable: f.editable } : {}),
        ...(typeof f.max_length === 'number' ? { maxLength: f.max_length } : {}),
        ...(picklist ? { picklist } : {}),
        ...(typeof ref === 'string' ? { references: ref } : {}),
      };
    }));
  }

  /** Value names of a picklist (`GET /objects/picklists/{name}`). */
  async picklistValues(name: string): Promise<string[]> {
    const { body } = await this.send(`/objects/picklists/${encodeURIComponent(name)}`, { method: 'GET' });
    if (body.responseStatus !== 'SUCCESS') throw VaultClient.fail(body, `picklist ${name} could not be read`);
    return ((body.picklistValues as Array<{ name?: unknown }> | undefined) ?? []).map((v) => String(v.name));
  }
}
