import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createRelay, parseRelayConfig, type RelayConfigInput } from '../../src/relay';

export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Stub {
  origin: string;
  host: string;
  seen: Seen[];
  close(): Promise<void>;
}

/**
 * A target on 127.0.0.1 that records every request; `answer` decides the reply
 * (default: a Vault-shaped success echoing nothing back).
 */
export async function startStub(answer?: (req: Seen, res: http.ServerResponse) => void): Promise<Stub> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(s);
      if (answer) return answer(s, res);
      res.writeHead(200, { 'content-type': 'application/json', 'x-vaultapi-executionid': 'exec-1', 'set-cookie': 'tracking=1' });
      res.end(JSON.stringify({ responseStatus: 'SUCCESS', data: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export interface Relay {
  app: FastifyInstance;
  url: string;
  /** Everything the relay logged, one JSON line each. */
  log: string[];
  close(): Promise<void>;
}

export async function startRelay(config: RelayConfigInput): Promise<Relay> {
  const log: string[] = [];
  const app = createRelay(parseRelayConfig({ host: '127.0.0.1', port: 0, ...config }), { logStream: { write: (line: string) => { log.push(line); } } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, log, close: () => app.close() };
}
