import { parseRelayConfig } from '../../src/relay';
import { startRelay, startStub, type Relay, type Stub } from './helpers';

const REFUSED = 'x-ctms-relay-refused';

describe('the relay passes Vault API calls to an allowed target', () => {
  let target: Stub;
  let relay: Relay;
  beforeAll(async () => {
    target = await startStub();
    relay = await startRelay({ targets: [target.origin] });
  });
  afterAll(async () => {
    await relay.close();
    await target.close();
  });

  it('says which targets it serves', async () => {
    const res = await fetch(`${relay.url}/relay/config`);
    expect(await res.json()).toEqual({ relay: true, targets: [target.origin] });
  });

  it('forwards method, path, query, body and the Vault headers; nothing of the page', async () => {
    const body = JSON.stringify([{ external_id__v: 'ORG-1' }]);
    const res = await fetch(`${relay.url}/relay/${target.host}/api/v24.1/vobjects/organization__v?idParam=external_id__v`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'session-abc', 'x-vaultapi-clientid': 'ctms-collect', cookie: 'pane=1', referer: 'https://pane.example/taskpane.html' },
      body,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-vaultapi-executionid')).toBe('exec-1');
    expect(res.headers.get('set-cookie')).toBeNull();
    const seen = target.seen.at(-1)!;
    expect(seen).toMatchObject({ method: 'POST', url: '/api/v24.1/vobjects/organization__v?idParam=external_id__v', body });
    expect(seen.headers.authorization).toBe('session-abc');
    expect(seen.headers['x-vaultapi-clientid']).toBe('ctms-collect');
    expect(seen.headers.host).toBe(target.host);
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers.referer).toBeUndefined();
  });

  it('refuses a path that would leave the target or its API', async () => {
    const before = target.seen.length;
    for (const rest of ['/not-api/x', '/api/../admin', '//evil.example/api/v24.1/auth']) {
      const res = await fetch(`${relay.url}/relay/${target.host}${rest}`);
      expect([400, 403, 404]).toContain(res.status);
    }
    expect(target.seen.length).toBe(before);
  });

  it('refuses a call from a page on another origin', async () => {
    const before = target.seen.length;
    const res = await fetch(`${relay.url}/relay/${target.host}/api/v24.1/objects`, { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(res.headers.get(REFUSED)).toBe('RELAY_ORIGIN_REFUSED');
    expect(target.seen.length).toBe(before);
  });
});

describe('the relay refuses', () => {
  let allowed: Stub;
  let other: Stub;
  let elsewhere: Stub;
  let relay: Relay;
  beforeAll(async () => {
    elsewhere = await startStub();
    other = await startStub();
    allowed = await startStub((req, res) => {
      if (req.url.includes('/redirect')) {
        res.writeHead(307, { location: `${elsewhere.origin}/steal` });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"responseStatus":"SUCCESS"}');
    });
    relay = await startRelay({ targets: [allowed.origin], bodyLimitBytes: 1024, rateLimit: { max: 1000, windowMs: 600_000 } });
  });
  afterAll(async () => {
    await relay.close();
    await Promise.all([allowed.close(), other.close(), elsewhere.close()]);
  });

  it('a host that is not on the allow-list, without calling it', async () => {
    const res = await fetch(`${relay.url}/relay/${other.host}/api/v24.1/auth`, { method: 'POST', body: new URLSearchParams({ username: 'u', password: 'p' }) });
    expect(res.status).toBe(403);
    expect(res.headers.get(REFUSED)).toBe('RELAY_TARGET_NOT_ALLOWED');
    const body = (await res.json()) as { errors: Array<{ message: string }> };
    expect(body.errors[0].message).toContain(other.host);
    expect(other.seen).toHaveLength(0);
  });

  it('a redirect from the target: returned as an error, never followed, no Location passed on', async () => {
    const res = await fetch(`${relay.url}/relay/${allowed.host}/api/v24.1/redirect`, { method: 'POST', headers: { authorization: 'session-xyz' }, redirect: 'manual' });
    expect(res.status).toBe(502);
    expect(res.headers.get(REFUSED)).toBe('RELAY_REDIRECT_REFUSED');
    expect(res.headers.get('location')).toBeNull();
    const body = (await res.json()) as { errors: Array<{ message: string }> };
    expect(body.errors[0].message).toContain(elsewhere.host);
    expect(elsewhere.seen).toHaveLength(0);
  });

  it('a body above the limit, before it reaches the target', async () => {
    const before = allowed.seen.length;
    const res = await fetch(`${relay.url}/relay/${allowed.host}/api/v24.1/vobjects/site__v`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(2048) }) });
    expect(res.status).toBe(413);
    expect(res.headers.get(REFUSED)).toBe('RELAY_BODY_TOO_LARGE');
    expect(allowed.seen.length).toBe(before);
    // Just under the limit passes.
    const ok = await fetch(`${relay.url}/relay/${allowed.host}/api/v24.1/vobjects/site__v`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(900) }) });
    expect(ok.status).toBe(200);
    expect(allowed.seen.length).toBe(before + 1);
  });
});

describe('the rate limit', () => {
  it('answers 429 with Retry-After past the limit, and the target sees only the calls within it', async () => {
    const target = await startStub();
    // A ten-minute window: the test never comes near its end, so nothing depends on timing.
    const relay = await startRelay({ targets: [target.origin], rateLimit: { max: 3, windowMs: 600_000 } });
    try {
      const statuses: number[] = [];
      let last: Response | null = null;
      for (let i = 0; i < 5; i++) {
        last = await fetch(`${relay.url}/relay/${target.host}/api/v24.1/objects`);
        statuses.push(last.status);
        await last.arrayBuffer();
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(last!.headers.get(REFUSED)).toBeNull();
      expect(target.seen).toHaveLength(3);
    } finally {
      await relay.close();
      await target.close();
    }
  });
});

describe('secrets never reach the log', () => {
  it('no password, session id, Authorization header, query or body in any line, whatever happens', async () => {
    const PASSWORD = 'Pa55-word-never-logged';
    const SESSION = 'SESSION-never-logged-0123456789';
    const QUERY_SECRET = 'query-secret-never-logged';
    const target = await startStub((req, res) => {
      if (req.url.includes('/redirect')) {
        res.writeHead(302, { location: `https://elsewhere.example/?sid=${SESSION}` });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ responseStatus: 'SUCCESS', sessionId: SESSION }));
    });
    const relay = await startRelay({ targets: [target.origin], bodyLimitBytes: 2048 });
    try {
      const base = `${relay.url}/relay/${target.host}/api/v24.1`;
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      await (await fetch(`${base}/auth`, { method: 'POST', headers: form, body: new URLSearchParams({ username: 'dev', password: PASSWORD }) })).text();
      await (await fetch(`${base}/query?q=${QUERY_SECRET}`, { method: 'POST', headers: { ...form, authorization: SESSION }, body: new URLSearchParams({ q: `SELECT id FROM x WHERE name__v = '${QUERY_SECRET}'` }) })).text();
      await (await fetch(`${base}/redirect`, { method: 'POST', headers: { ...form, authorization: SESSION }, body: new URLSearchParams({ password: PASSWORD }) })).text();
      await (await fetch(`${base}/auth`, { method: 'POST', headers: form, body: new URLSearchParams({ password: PASSWORD, pad: 'x'.repeat(4096) }) })).text();
      await (await fetch(`${relay.url}/relay/evil.example/api/v24.1/auth?password=${PASSWORD}`, { method: 'POST', headers: { ...form, authorization: SESSION }, body: new URLSearchParams({ password: PASSWORD }) })).text();
      await (await fetch(`${base}/auth`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: SESSION }, body: `{"password":"${PASSWORD}"` })).text();

      const text = relay.log.join('');
      // The log is there (so this test would see a leak): one line per request at least.
      expect(relay.log.length).toBeGreaterThanOrEqual(6);
      expect(text).toContain('/api/v24.1/query');
      for (const secret of [PASSWORD, SESSION, QUERY_SECRET, 'authorization', 'Authorization']) expect(text).not.toContain(secret);
    } finally {
      await relay.close();
      await target.close();
    }
  });
});

describe('configuration', () => {
  it('refuses what would make the relay unsafe, with a one-line reason', () => {
    expect(() => parseRelayConfig({ targets: ['http://vault.example.com'] })).toThrow(/https/);
    expect(() => parseRelayConfig({ targets: ['https://vault.example.com/api/v24.1'] })).toThrow(/origin only/);
    expect(() => parseRelayConfig({ targets: ['https://user:pw@vault.example.com'] })).toThrow(/no user name/);
    expect(() => parseRelayConfig({ targets: ['http://localhost:8787', 'https://localhost:8787'] })).toThrow(/share the host/);
    expect(() => parseRelayConfig({ host: '0.0.0.0', targets: [] })).toThrow(/certificate/);
    expect(() => parseRelayConfig({ targets: 'https://vault.example.com' })).toThrow(/targets/);
    expect(parseRelayConfig({ targets: ['https://vault.example.com', 'http://127.0.0.1:8787'] }).targets).toHaveLength(2);
  });
});

describe('the pane on the same origin', () => {
  it('serves the built pane beside the relay, and nothing outside its folder', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-static-'));
    const site = path.join(dir, 'dist');
    fs.mkdirSync(site);
    fs.writeFileSync(path.join(site, 'taskpane.html'), '<html>the pane</html>');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside');
    const relay = await startRelay({ targets: [], static: site });
    try {
      const page = await fetch(`${relay.url}/taskpane.html`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toBe('<html>the pane</html>');
      const outside = await fetch(`${relay.url}/%2e%2e/secret.txt`);
      expect(outside.status).toBe(404);
      expect(await outside.text()).not.toContain('outside');
      expect(((await (await fetch(`${relay.url}/relay/config`)).json()) as { targets: string[] }).targets).toEqual([]);
    } finally {
      await relay.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
