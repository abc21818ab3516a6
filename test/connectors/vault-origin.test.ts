/**
 * What leaves the target's origin: nothing. A tiny node:http "Vault" answers a 307 to another
 * host for /auth, redirects an authenticated call, and hands out an absolute next_page on
 * another origin; a second server stands for the other host and records whatever reaches it.
 * A recording test pins the exact request shapes (headers, client id, migration mode, idParam).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { VaultClient } from '../../src/connectors/vault';
import { TargetError } from '../../src/connectors/types';

interface Seen { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }
type Handler = (req: Seen) => { status?: number; headers?: Record<string, string>; json?: unknown };

interface Server { url: string; host: string; seen: Seen[]; close: () => Promise<void> }

async function serve(handler: Handler): Promise<Server> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      const s: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(s);
      const out = handler(s);
      res.writeHead(out.status ?? 200, { 'Content-Type': 'application/json', ...out.headers });
      res.end(out.json === undefined ? '' : JSON.stringify(out.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}`, seen,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const SESSION = 'session-secret-123';
const PASSWORD = 'pa55-secret';
const ok = (extra: Record<string, unknown> = {}) => ({ json: { responseStatus: 'SUCCESS', ...extra } });
const signedIn = ok({ sessionId: SESSION, userId: 7, vaultId: 1000 });

let other: Server;
let target: Server | undefined;
beforeEach(async () => { other = await serve(() => ok()); });
afterEach(async () => { await other.close(); await target?.close(); target = undefined; });

const client = (extra: Partial<ConstructorParameters<typeof VaultClient>[0]> = {}) =>
  new VaultClient({ baseUrl: target!.url, username: 'ann', password: PASSWORD, maxRetries: 0, sleep: async () => undefined, ...extra });

/** Neither the password nor the session reached the other host, in any form. */
function nothingLeaked(): void {
  expect(other.seen).toEqual([]);
}

async function refusal(p: Promise<unknown>): Promise<TargetError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(TargetError);
  return e as TargetError;
}

test('a 307 from /auth to another host is refused: the password does not follow it', async () => {
  target = await serve((r) => (r.url.endsWith('/auth') ? { status: 307, headers: { Location: `${other.url}/api/v24.1/auth` } } : ok()));
  const e = await refusal(client().signIn());
  expect(e.type).toBe('REDIRECT_REFUSED');
  expect(e.message).toContain(other.host);
  expect(e.message).not.toContain(PASSWORD);
  expect(target.seen).toHaveLength(1);
  nothingLeaked();
});

test('a redirect of an authenticated call is refused: the session does not follow it', async () => {
  target = await serve((r) => (r.url.endsWith('/auth') ? signedIn : { status: 302, headers: { Location: `${other.url}/steal` } }));
  const e = await refusal(client().query('SELECT id FROM study__v'));
  expect(e.type).toBe('REDIRECT_REFUSED');
  expect(e.message).toContain(other.host);
  nothingLeaked();
});

test('an absolute next_page on another origin is not followed; one on the target is', async () => {
  let nextPage = '';
  target = await serve((r) => {
    if (r.url.endsWith('/auth')) return signedIn;
    if (r.url.endsWith('/query')) return ok({ data: [{ id: '1' }], responseDetails: { next_page: nextPage } });
    return ok({ data: [{ id: '2' }], responseDetails: {} });
  });
  nextPage = `${other.url}/api/v24.1/query/page2`;
  const e = await refusal(client().query('SELECT id FROM study__v'));
  expect(e.type).toBe('CROSS_ORIGIN_REFUSED');
  expect(e.message).toContain(other.host);
  nothingLeaked();

  nextPage = `${target.url}/api/v24.1/query/page2`;
  expect(await client().query('SELECT id FROM study__v')).toEqual([{ id: '1' }, { id: '2' }]);
  expect(target.seen.at(-1)).toMatchObject({ method: 'POST', url: '/api/v24.1/query/page2', headers: { authorization: SESSION } });
});

describe('sign-in with an existing session id', () => {
  const vault = (vaultId: string, accepts: (s: string | undefined) => boolean) => serve((r) => {
    if (r.url.endsWith('/auth')) return signedIn;
    if (!accepts(r.headers.authorization)) return { json: { responseStatus: 'FAILURE', errors: [{ type: 'INVALID_SESSION_ID', message: 'Invalid or expired session ID.' }] } };
    return { headers: { 'X-VaultAPI-VaultId': vaultId }, ...ok({ data: [] }) };
  });

  test('uses the session without /auth and learns the vault from the answer', async () => {
    target = await vault('1000', (s) => s === 'sso-session');
    const c = new VaultClient({ baseUrl: target.url, sessionId: 'sso-session', expectedVaultId: 1000, maxRetries: 0 });
    expect(await c.signIn()).toEqual({ userId: '', vaultId: '1000' });
    await c.query('SELECT id FROM study__v');
    expect(target.seen.map((s) => s.url)).toEqual(['/api/v24.1/metadata/vobjects', '/api/v24.1/query']);
    expect(target.seen.every((s) => s.headers.authorization === 'sso-session')).toBe(true);
    expect(JSON.stringify(c)).not.toContain('sso-session');
  });

  test('a session of another vault is refused', async () => {
    target = await vault('2000', () => true);
    const e = await refusal(new VaultClient({ baseUrl: target.url, sessionId: 'sso-session', expectedVaultId: 1000 }).signIn());
    expect(e.type).toBe('WRONG_VAULT');
  });

  test('an expired session stops with a clear message, or falls back to the credentials when there are some', async () => {
    target = await vault('1000', (s) => s === SESSION);
    const e = await refusal(new VaultClient({ baseUrl: target.url, sessionId: 'expired', maxRetries: 0 }).signIn());
    expect(e.type).toBe('INVALID_SESSION_ID');
    expect(e.message).toMatch(/did not accept the session id/);
    const c = client({ sessionId: 'expired' });
    await c.query('SELECT id FROM study__v');
    expect(target.seen.slice(-3).map((s) => [s.url, s.headers.authorization])).toEqual([
      ['/api/v24.1/metadata/vobjects', 'expired'], ['/api/v24.1/auth', undefined], ['/api/v24.1/query', SESSION],
    ]);
  });
});

test('request shapes: sign-in form, client id on every call, migration mode and the idParam on writes', async () => {
  target = await serve((r) => {
    if (r.url.endsWith('/auth')) return signedIn;
    if (r.url.startsWith('/api/v24.1/vobjects/')) {
      const n = (JSON.parse(r.body) as unknown[]).length;
      return ok({ data: Array.from({ length: n }, (_, i) => ({ responseStatus: 'SUCCESS', data: { id: `S${i}`, event: 'created__sys' } })) });
    }
    return ok({ data: [] });
  });
  const c = client({ clientId: 'acme-ctms-loader', migrationMode: true });
  await c.upsert('site__v', [{ external_id__c: 'ABC-001', name__v: '001' }], 'external_id__c');
  await c.query('SELECT id FROM site__v');
  await c.delete('site__v', ['S0']);

  const [auth, upsert, query, del] = target.seen;
  expect(auth).toMatchObject({ method: 'POST', url: '/api/v24.1/auth', body: `username=ann&password=${PASSWORD}` });
  expect(auth!.headers).toMatchObject({ 'content-type': 'application/x-www-form-urlencoded', 'x-vaultapi-clientid': 'acme-ctms-loader' });
  expect(auth!.headers).not.toHaveProperty('authorization');
  expect(auth!.headers).not.toHaveProperty('x-vaultapi-migrationmode');

  expect(upsert).toMatchObject({ method: 'POST', url: '/api/v24.1/vobjects/site__v?idParam=external_id__c', body: '[{"external_id__c":"ABC-001","name__v":"001"}]' });
  expect(upsert!.headers).toMatchObject({ authorization: SESSION, 'content-type': 'application/json', accept: 'application/json', 'x-vaultapi-clientid': 'acme-ctms-loader', 'x-vaultapi-migrationmode': 'true' });

  expect(query).toMatchObject({ method: 'POST', url: '/api/v24.1/query', body: 'q=SELECT+id+FROM+site__v' });
  expect(query!.headers).toMatchObject({ authorization: SESSION, 'x-vaultapi-clientid': 'acme-ctms-loader' });
  expect(query!.headers).not.toHaveProperty('x-vaultapi-migrationmode');

  expect(del).toMatchObject({ method: 'DELETE', url: '/api/v24.1/vobjects/site__v', body: '[{"id":"S0"}]' });
  expect(del!.headers).toMatchObject({ 'x-vaultapi-migrationmode': 'true' });
  nothingLeaked();
});

test('by default the client id is ctms-collect and there is no migration mode', async () => {
  target = await serve((r) => (r.url.endsWith('/auth') ? signedIn : ok({ data: [{ responseStatus: 'SUCCESS', data: { id: '1', event: 'created__sys' } }] })));
  await client().upsert('site__v', [{ external_id__v: 'A' }], 'external_id__v');
  const upsert = target.seen[1]!;
  expect(upsert.url).toBe('/api/v24.1/vobjects/site__v?idParam=external_id__v');
  expect(upsert.headers['x-vaultapi-clientid']).toBe('ctms-collect');
  expect(upsert.headers).not.toHaveProperty('x-vaultapi-migrationmode');
});

test('object metadata in Vault\'s shape: picklist values read from the picklist, once per picklist; lookups name their object', async () => {
  target = await serve((r) => {
    if (r.url.endsWith('/auth')) return signedIn;
    if (r.url === '/api/v24.1/metadata/vobjects/site__v') {
      return ok({ object: { name: 'site__v', label: 'Study Site', fields: [
        { name: 'site_status__v', type: 'Picklist', picklist: 'site_status__v', required: false, editable: true },
        { name: 'previous_status__c', type: 'Picklist', picklist: 'site_status__v', required: false, editable: true },
        { name: 'study__v', type: 'Object', object: { name: 'study__v' }, relationship_name: 'study__vr' },
      ] } });
    }
    if (r.url === '/api/v24.1/objects/picklists/site_status__v') return ok({ picklistValues: [{ name: 'enrolling__v', label: 'Enrolling' }, { name: 'closed__v', label: 'Closed' }] });
    return { json: { responseStatus: 'FAILURE', errors: [{ type: 'MALFORMED_URL', message: r.url }] } };
  });
  const fields = await client().describeObject('site__v');
  expect(fields).toEqual([
    { name: 'site_status__v', type: 'Picklist', required: false, unique: false, editable: true, picklist: ['enrolling__v', 'closed__v'] },
    { name: 'previous_status__c', type: 'Picklist', required: false, unique: false, editable: true, picklist: ['enrolling__v', 'closed__v'] },
    // A field whose metadata does not say is taken as editable (no `editable` key passed on).
    { name: 'study__v', type: 'Object', required: false, unique: false, references: 'study__v' },
  ]);
  expect(target.seen.filter((s) => s.url.includes('/picklists/'))).toHaveLength(1);
});
