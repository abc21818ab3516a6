import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import { openDatabase, snapshot, type Db, type SnapshotOptions } from './db';
import { DEV_CREDENTIALS, isLoopback, resolveCredentials, type Credentials } from './credentials';
import { SessionStore } from './sessions';
import { BurstLimiter } from './limits';
import { FaultInjector, type FaultKind, type FaultOptions } from './faults';
import { RecordStore } from './store';
import { answer, failure, registerRoutes } from './routes';
import { parseCsv } from './csv';

export { snapshot } from './db';
export type { SnapshotOptions } from './db';
export type { FaultOptions, FaultKind } from './faults';
export { CATALOGUE } from '../protocol/catalogue';
export { DEV_CREDENTIALS } from './credentials';

export interface ServerOptions {
  port?: number;
  host?: string;
  /** SQLite file; ':memory:' for tests. Default ':memory:'. */
  dbFile?: string;
  /** Accepted user(s); default from CTMS_USER / CTMS_PASSWORD, else dev defaults on loopback. */
  users?: Credentials | Credentials[];
  sessionIdleMs?: number;
  sessionMaxMs?: number;
  /** Calls per 5-minute window before answers are delayed. */
  burstLimit?: number;
  burstDelayMs?: number;
  /** TEST FACILITY: fault injection. Off when absent. */
  faults?: FaultOptions;
  /**
   * Browser origins allowed by CORS. None by default: whether a Vault answers cross-origin calls
   * is not documented, so the add-in must not rely on it (`serve --allow-origin` turns it on).
   */
  allowedOrigins?: string[];
  vaultId?: number;
  /** Injectable clock for session expiry tests. */
  now?: () => number;
}

export interface CtmsServer {
  app: FastifyInstance;
  db: Db;
  start(): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
  /** Deterministic dump of every table (see db.ts). */
  snapshot(options?: SnapshotOptions): ReturnType<typeof snapshot>;
  /** TEST FACILITY: ends every session, as if they had all expired. */
  expireSessions(): void;
  /** Faults injected so far, by kind (all zero when faults are off). */
  faultCounts(): Record<FaultKind, number>;
  /** True when the accepted user is the documented development default. */
  readonly devCredentials: boolean;
  readonly url: string;
}

export const DEFAULT_PORT = 8787;

const isWildcard = (host: string) => host === '0.0.0.0' || host === '::' || host === '[::]';
export const ADDIN_ORIGIN = 'https://localhost:3000';
const EXPOSED_HEADERS = ['X-VaultAPI-BurstLimit', 'X-VaultAPI-BurstLimitRemaining', 'X-VaultAPI-ResponseDelay', 'X-VaultAPI-ExecutionId', 'X-VaultAPI-Status', 'X-VaultAPI-VaultId', 'Retry-After'];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export function createServer(options: ServerOptions = {}): CtmsServer {
  const host = options.host ?? '127.0.0.1';
  const { credentials, devDefaults } = resolveCredentials(host, options.users === undefined ? undefined : [options.users].flat()[0]);
  const users = options.users === undefined ? [credentials] : [options.users].flat();
  // The published defaults, however they were given (flag, environment), stay on this machine.
  if (!isLoopback(host) && users.some((u) => u.username === DEV_CREDENTIALS.username && u.password === DEV_CREDENTIALS.password)) {
    throw new Error(`Refusing to listen on ${host} with the published development credentials: set CTMS_USER and CTMS_PASSWORD to others`);
  }
  const vaultId = options.vaultId ?? 1000;
  const db = openDatabase(options.dbFile ?? ':memory:');
  const store = new RecordStore(db);
  const sessions = new SessionStore(options.sessionIdleMs ?? 20 * 60_000, options.sessionMaxMs ?? 48 * 3_600_000, options.now);
  const burst = new BurstLimiter(options.burstLimit ?? 2000, options.burstDelayMs ?? 500);
  const faults = options.faults ? new FaultInjector(options.faults) : undefined;
  let url = '';

  // Logger off: request logs would carry Authorization headers and form-encoded passwords.
  const app = Fastify({ logger: false, bodyLimit: 50 * 1024 * 1024, forceCloseConnections: true });
  const allowed = new Set(options.allowedOrigins ?? []);
  if (allowed.size) void app.register(cors, {
    origin: (origin, cb) => cb(null, !origin || allowed.has(origin)),
    allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'X-VaultAPI-ClientID'],
    exposedHeaders: EXPOSED_HEADERS,
    methods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
  });
  void app.register(formbody);
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseCsv(String(body)));
    } catch (e) {
      done(e as Error, undefined);
    }
  });

  const state = new WeakMap<object, { fault?: FaultKind; delayMs: number }>();

  // DNS rebinding: a web page on evil.example resolving to 127.0.0.1 reaches this server with its own
  // Host header. Only the server's own names are answered (any name when bound to every address).
  let ownHosts: Set<string> | null = null;
  const hostAllowed = (header: string | undefined): boolean => {
    if (isWildcard(host)) return true;
    if (!ownHosts) {
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : options.port ?? DEFAULT_PORT;
      const names = new Set(['localhost', '127.0.0.1', '[::1]', host.includes(':') ? `[${host}]` : host]);
      ownHosts = new Set([...names].map((n) => `${n.toLowerCase()}:${port}`));
    }
    return !!header && ownHosts.has(header.toLowerCase());
  };

  app.addHook('onRequest', async (req, reply) => {
    if (!hostAllowed(req.headers.host)) {
      return reply.code(421).header('content-type', 'text/plain').send('Misdirected request: this server answers only to its own host names');
    }
    if (req.method === 'OPTIONS') return;
    const { remaining, delayMs } = burst.take();
    reply.header('X-VaultAPI-BurstLimit', String(burst.limit));
    reply.header('X-VaultAPI-BurstLimitRemaining', String(remaining));
    reply.header('X-VaultAPI-ExecutionId', randomUUID());
    reply.header('X-VaultAPI-VaultId', String(vaultId));
    if (delayMs > 0) reply.header('X-VaultAPI-ResponseDelay', String(delayMs));
    const isAuth = /\/auth\/?$/.test(req.url.split('?')[0]);
    const fault = faults && (!isAuth || faults.options.includeAuth) ? faults.pick({ method: req.method, url: req.url }) : undefined;
    state.set(req, { fault, delayMs });
    if (fault === 'http500' || fault === 'http502' || fault === 'http503') {
      // What a proxy or gateway answers: not Vault JSON, and nothing was processed.
      return reply.code(Number(fault.slice(4))).header('content-type', 'text/html').send('<html><body>Service unavailable (injected fault)</body></html>');
    }
    if (fault === 'http429') {
      return reply.code(429).header('Retry-After', String(faults!.retryAfterSec)).header('content-type', 'text/plain').send('Too Many Requests (injected fault)');
    }
  });

  app.addHook('onSend', async (req, _reply, payload) => {
    const s = state.get(req);
    if (!s) return payload;
    if (s.delayMs > 0) await sleep(s.delayMs);
    if (s.fault === 'slow') await sleep(faults!.delayMs);
    if (s.fault === 'dropAfterCommit') {
      // The handler has committed; the client never learns it. Only an idempotent retry is safe.
      req.raw.socket?.destroy();
    }
    return payload;
  });

  app.setNotFoundHandler((req, reply) => {
    void reply.code(200).send(answer(reply, failure('MALFORMED_URL', `No such resource: ${req.method} ${req.url.split('?')[0]}`)));
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, reply) => {
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // Unreadable body, unsupported content type, too large: Vault answers 200 with INVALID_DATA.
      void reply.code(200).send(answer(reply, failure('INVALID_DATA', `Request could not be read: ${err.message}`)));
      return;
    }
    void reply.code(200).send(answer(reply, { responseStatus: 'EXCEPTION', errors: [{ type: 'UNEXPECTED_ERROR', message: 'Unexpected error' }] }));
  });

  registerRoutes(app, { store, sessions, users, vaultId, vaultName: 'Reference CTMS', baseUrl: () => url });

  return {
    app,
    db,
    devCredentials: devDefaults && options.users === undefined,
    get url() {
      return url;
    },
    async start() {
      await app.listen({ port: options.port ?? DEFAULT_PORT, host });
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : options.port ?? DEFAULT_PORT;
      url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
      return { url, port };
    },
    async stop() {
      await app.close();
      if (db.open) db.close();
    },
    snapshot: (opts) => snapshot(db, opts),
    expireSessions: () => sessions.expireAll(),
    faultCounts: () => ({ ...(faults?.counts ?? { http500: 0, http502: 0, http503: 0, http429: 0, slow: 0, dropAfterCommit: 0 }) }),
  };
}
