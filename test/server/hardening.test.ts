/**
 * Reference server hardening (issue 13): only its own host names are answered
 * (DNS rebinding), never beyond loopback with the published credentials, strict
 * CSV, and a fault that answers after the client's timeout so the client's
 * timeout-and-retry path runs for real.
 */
import http from 'node:http';
import { createServer } from '../../src/server';
import { CsvError, parseCsv } from '../../src/server/csv';
import { DEV_CREDENTIALS } from '../../src/server/credentials';
import { VaultClient, type ClientEvent } from '../../src/connectors';
import { USER, org, query, signIn, startServer, type Running } from './helpers';

function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request({ hostname: u.hostname, port: u.port, path: '/api/v24.1/objects/catalogue', method: 'GET', headers: { Host: host } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Host header', () => {
  let r: Running;
  beforeAll(async () => { r = await startServer(); });
  afterAll(async () => { await r.server.stop(); });

  test('a foreign name (a rebound DNS name) gets 421; the server\'s own names are answered', async () => {
    const port = new URL(r.url).port;
    expect(await getWithHost(r.url, `evil.example:${port}`)).toBe(421);
    expect(await getWithHost(r.url, `localhost:${Number(port) + 1}`)).toBe(421);
    for (const own of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect(await getWithHost(r.url, own)).not.toBe(421);
    }
  });

  test('the connector still signs in (its Host header is the server\'s own)', async () => {
    expect(await signIn(r)).toMatchObject({ responseStatus: 'SUCCESS' });
  });
});

describe('listening beyond loopback', () => {
  const env = { ...process.env };
  afterEach(() => { process.env = env; });

  test('refused with the published development credentials, however they are given', () => {
    expect(() => createServer({ host: '0.0.0.0', users: { ...DEV_CREDENTIALS } })).toThrow(/published development credentials/);
    process.env = { ...env, CTMS_USER: DEV_CREDENTIALS.username, CTMS_PASSWORD: DEV_CREDENTIALS.password };
    expect(() => createServer({ host: '0.0.0.0' })).toThrow(/published development credentials/);
    process.env = { ...env, CTMS_USER: undefined, CTMS_PASSWORD: undefined };
    expect(() => createServer({ host: '0.0.0.0' })).toThrow(/CTMS_USER/);
  });

  test('allowed with credentials of one\'s own', () => {
    const s = createServer({ host: '0.0.0.0', users: USER });
    expect(s.devCredentials).toBe(false);
    s.db.close();
  });
});

describe('strict CSV', () => {
  test.each([
    ['an unterminated quote', 'a,b\n"x,1\n', /not closed/],
    ['text after a closing quote', 'a,b\n"x"y,1\n', /after a closing quote/],
    ['a quote inside an unquoted field', 'a,b\nx"y,1\n', /inside an unquoted field/],
  ])('%s is an error', (_what, text, message) => {
    expect(() => parseCsv(text)).toThrow(CsvError);
    expect(() => parseCsv(text)).toThrow(message);
  });

  test('well-formed CSV still parses: quotes, doubled quotes, commas and new lines inside quotes', () => {
    expect(parseCsv('a,b\r\n"x, ""y""","1\n2"\n')).toEqual([{ a: 'x, "y"', b: '1\n2' }]);
  });

  test('the server refuses a body with an unterminated quote as unreadable and stores nothing', async () => {
    const r = await startServer();
    try {
      const sid = String((await signIn(r)).sessionId);
      const res = await fetch(r.api('/vobjects/organization__v?idParam=external_id__v'), {
        method: 'POST',
        headers: { Authorization: sid, 'Content-Type': 'text/csv' },
        body: 'external_id__v,name__v,organization_type__v,country__vr.name__v\nORG-T1,"Truncated,hospital__v,GB\n',
      });
      const json = (await res.json()) as { responseStatus: string; errors: { type: string; message: string }[] };
      expect(json.responseStatus).toBe('FAILURE');
      expect(json.errors[0]).toMatchObject({ type: 'INVALID_DATA', message: expect.stringMatching(/unterminated quote/) });
      expect((await query(r, sid, 'SELECT id FROM organization__v')).data).toEqual([]);
    } finally {
      await r.server.stop();
    }
  });
});

test('a fault answering after the client\'s timeout: the client times out, retries, and the record lands exactly once', async () => {
  // The first record call is held 1.5 s (committed meanwhile); the client gives up after 200 ms and retries.
  const r = await startServer({ faults: { rate: 1, kinds: ['slow'], delayMs: 1500, limit: 1 } });
  try {
    const events: ClientEvent[] = [];
    const c = new VaultClient({ baseUrl: r.url, ...USER, timeoutMs: 200, backoffBaseMs: 1, backoffMaxMs: 5, maxRetries: 3, onEvent: (e) => events.push(e) });
    const [res] = await c.upsert('organization__v', [org('SLOW')], 'external_id__v');
    expect(res).toMatchObject({ ok: true });
    expect(res!.attempts).toBe(2);
    expect(events.filter((e) => e.kind === 'retry').map((e) => (e as { reason: string }).reason)).toEqual(['timeout after 200 ms']);
    expect(r.server.faultCounts().slow).toBe(1);
    expect((r.server.db.prepare('SELECT COUNT(*) AS n FROM organization__v').get() as { n: number }).n).toBe(1);
  } finally {
    await r.server.stop();
  }
});
