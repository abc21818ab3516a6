import { readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { AllowList } from './allow-list';
import type { RelayConfig } from './config';
import { pathOnly, requestHeaders, responseHeaders, splitRelayPath, targetUrl } from './forward';

/**
 * The add-in's own web server: it serves the built task pane and, on the same origin, relays
 * Vault API calls to the allow-listed target hosts, so the pane never depends on a target
 * answering cross-origin calls.
 *
 * What it never does: log a body, a header or a query (passwords, session ids and the data
 * itself travel there); call a host that is not on the allow-list; follow a redirect (the
 * request carries a password or a session); accept a body above the limit.
 */

export const RELAY_PREFIX = '/relay';
/** Set on a refusal the pane must not retry (a retry would be refused the same way). */
export const REFUSED_HEADER = 'x-ctms-relay-refused';

export interface RelayOptions {
  /** Where log lines go (JSON, one per line); stdout by default. */
  logStream?: { write(line: string): void };
  /** The upstream fetch (tests pass Node's own; nothing else is expected). */
  fetch?: typeof fetch;
}

interface Refusal {
  status: number;
  type: string;
  message: string;
  /** Final: the pane stops instead of retrying. */
  final: boolean;
}

function send(reply: FastifyReply, r: Refusal): FastifyReply {
  if (r.final) void reply.header(REFUSED_HEADER, r.type);
  // Vault's own shape, so the client reads the reason as it reads any Vault failure.
  return reply.code(r.status).type('application/json').send({ responseStatus: 'FAILURE', errors: [{ type: r.type, message: r.message }] });
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

export function createRelay(config: RelayConfig, options: RelayOptions = {}): FastifyInstance {
  const allow = new AllowList(config.targets);
  const upstream = options.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
  const serverOptions: FastifyServerOptions & { https?: { cert: Buffer; key: Buffer } } = {
    bodyLimit: config.bodyLimitBytes,
    forceCloseConnections: true,
    logger: {
      level: config.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      // Method, path and status only: no headers, no query, no body ever reach the log.
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, path: pathOnly(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: { paths: ['headers', 'body', 'req.headers', 'req.body', 'req.query'], remove: true },
    },
  };
  if (config.tls) serverOptions.https = { cert: readFileSync(config.tls.cert), key: readFileSync(config.tls.key) };
  const app = Fastify(serverOptions) as unknown as FastifyInstance;

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return send(reply, { status: 413, type: 'RELAY_BODY_TOO_LARGE', message: `The request is larger than the relay accepts (${mb(config.bodyLimitBytes)}); send smaller batches`, final: true });
    }
    if (err.statusCode === 429) {
      return send(reply, { status: 429, type: 'RELAY_RATE_LIMITED', message: 'Too many calls through the relay; they go on after a pause', final: false });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return send(reply, { status: err.statusCode, type: 'RELAY_BAD_REQUEST', message: 'The relay could not read the request', final: true });
    }
    req.log.error({ code: err.code }, 'relay failure');
    return send(reply, { status: 500, type: 'RELAY_FAILURE', message: 'The relay failed on this call', final: false });
  });

  void app.register(async (scope) => {
    // Bodies are relayed as they came, never parsed (and so never logged by a parser's error).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    await scope.register(rateLimit, {
      max: config.rateLimit.max,
      timeWindow: config.rateLimit.windowMs,
      errorResponseBuilder: (_req, context) => ({ statusCode: context.statusCode, message: 'rate limited' }),
    });

    // The pane asks this once to learn whether its own origin relays, and for which targets.
    scope.get('/config', async () => ({ relay: true, targets: allow.origins }));

    scope.all('/*', async (req, reply) => {
      const origin = req.headers.origin;
      // A page on another origin has no business calling through this relay with a user's session.
      if (origin && origin !== 'null') {
        let host = '';
        try { host = new URL(origin).host; } catch { host = ''; }
        if (host.toLowerCase() !== String(req.headers.host ?? '').toLowerCase()) {
          return send(reply, { status: 403, type: 'RELAY_ORIGIN_REFUSED', message: 'The relay answers only the add-in\'s own pages', final: true });
        }
      }
      const parts = splitRelayPath(req.url, RELAY_PREFIX);
      const target = parts ? allow.byHost(parts.host) : null;
      if (!parts || !target) {
        req.log.warn({ refused: 'target not allowed' }, 'relay refusal');
        const named = parts?.host ? `${parts.host} is` : 'This target is';
        return send(reply, { status: 403, type: 'RELAY_TARGET_NOT_ALLOWED', message: `${named} not among the relay's allowed targets; whoever runs the add-in's server can add it`, final: true });
      }
      const url = targetUrl(target.origin, parts.rest);
      if (!url) return send(reply, { status: 400, type: 'RELAY_PATH_REFUSED', message: 'The relay passes on calls to the target\'s API only', final: true });

      const method = req.method.toUpperCase();
      const body = method === 'GET' || method === 'HEAD' ? undefined : (req.body as Buffer | undefined);
      let res: Response;
      try {
        res = await upstream(url, {
          method,
          headers: requestHeaders(req.headers),
          ...(body && body.length ? { body: new Uint8Array(body) } : {}),
          redirect: 'manual',
          signal: AbortSignal.timeout(config.timeoutMs),
        });
      } catch (e) {
        const timedOut = (e as Error).name === 'TimeoutError';
        req.log.warn({ target: target.host, failed: timedOut ? 'timeout' : 'unreachable' }, 'relay upstream failure');
        return send(reply, timedOut
          ? { status: 504, type: 'RELAY_TARGET_TIMEOUT', message: `${target.host} did not answer within ${Math.round(config.timeoutMs / 1000)} s`, final: false }
          : { status: 502, type: 'RELAY_TARGET_UNREACHABLE', message: `The relay could not reach ${target.host}`, final: false });
      }
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel().catch(() => undefined);
        const location = res.headers.get('location');
        let where = 'another address';
        if (location) {
          try { where = new URL(location, target.origin).host; } catch { where = 'an unreadable address'; }
        }
        req.log.warn({ target: target.host, refused: 'redirect' }, 'relay refusal');
        return send(reply, { status: 502, type: 'RELAY_REDIRECT_REFUSED', message: `${target.host} answered with a redirect to ${where}; the relay follows none, so no password or session leaves ${target.host}`, final: true });
      }
      const payload = Buffer.from(await res.arrayBuffer());
      return reply.code(res.status).headers(responseHeaders(res.headers)).send(payload);
    });
  }, { prefix: RELAY_PREFIX });

  if (config.static) {
    void app.register(fastifyStatic, { root: path.resolve(config.static), index: false, wildcard: true });
  }
  return app;
}
