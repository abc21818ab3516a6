import { createServer, DEFAULT_PORT, type CtmsServer } from './index';
import { DEV_CREDENTIALS } from './credentials';

export interface ServeOptions {
  port?: number;
  db?: string;
  /** TEST FACILITY: fault rate 0..1. */
  faults?: number;
  host?: string;
  /** Browser origins allowed by CORS (none by default; the dev pane's https://localhost:3000 when npm start runs it). */
  allowedOrigins?: string[];
  /** Where the one-line banner goes (default stdout). */
  print?: (line: string) => void;
}

/**
 * `ctms-collect serve`: starts the reference CTMS and prints one line with its URL.
 * Prints the development credentials only when they are the ones in use (they are
 * documented defaults, not secrets); never prints credentials taken from the environment.
 */
export async function runServe(opts: ServeOptions = {}): Promise<CtmsServer> {
  const server = createServer({
    port: opts.port ?? DEFAULT_PORT,
    host: opts.host ?? '127.0.0.1',
    dbFile: opts.db ?? 'ctms-reference.db',
    ...(opts.allowedOrigins?.length ? { allowedOrigins: opts.allowedOrigins } : {}),
    ...(opts.faults ? { faults: { rate: opts.faults, seed: Date.now() & 0xffffffff } } : {}),
  });
  const { url } = await server.start();
  const who = server.devCredentials
    ? `sign in as ${DEV_CREDENTIALS.username} / ${DEV_CREDENTIALS.password} (development defaults)`
    : 'sign in with CTMS_USER / CTMS_PASSWORD';
  const faults = opts.faults ? ` — FAULT INJECTION ON (rate ${opts.faults})` : '';
  (opts.print ?? ((l: string) => process.stdout.write(`${l}\n`)))(`Reference CTMS listening on ${url}/api/v24.1 — ${who}${faults}`);
  const shutdown = () => void server.stop().finally(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return server;
}
