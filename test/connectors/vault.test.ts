import { VaultClient, TargetError, type ClientEvent, type TargetRecord, type VaultClientOptions } from '../../src/connectors';
import { org, startServer, USER, type Running } from '../server/helpers';
import type { ServerOptions } from '../../src/server';

const noSleep = async () => undefined;

function client(r: Running, extra: Partial<VaultClientOptions> = {}): VaultClient {
  return new VaultClient({ baseUrl: r.url, ...USER, timeoutMs: 5000, backoffBaseMs: 1, sleep: noSleep, ...extra });
}

async function withServer(options: ServerOptions, fn: (r: Running) => Promise<void>): Promise<void> {
  const r = await startServer(options);
  try {
    await fn(r);
  } finally {
    await r.server.stop();
  }
}

const countOrgs = (r: Running) => (r.server.db.prepare('SELECT COUNT(*) AS n FROM organization__v').get() as { n: number }).n;

describe('VaultClient against the reference server', () => {
  it('refuses plain http except on loopback, and never exposes credentials', () => {
    expect(() => new VaultClient({ baseUrl: 'http://vault.example.com', ...USER })).toThrow(TargetError);
    expect(() => new VaultClient({ baseUrl: 'http://127.0.0.1:8787', ...USER })).not.toThrow();
    expect(() => new VaultClient({ baseUrl: 'http://[::1]:8787', ...USER })).not.toThrow();
    const c = new VaultClient({ baseUrl: 'https://x.veevavault.com/api/v24.1/', ...USER });
    expect(c.baseUrl).toBe('https://x.veevavault.com');
    expect(JSON.stringify(c)).not.toContain(USER.password);
    expect(Object.values(c).map(String).join(' ')).not.toContain(USER.password);
  });

  it('signs in once, sends the client id, and throws typed errors for bad credentials and the wrong vault', () =>
    withServer({}, async (r) => {
      let auths = 0;
      const c = client(r, {
        fetch: (input, init) => {
          if (String(input).endsWith('/auth')) auths++;
          else expect((init?.headers as Record<string, string>)['X-VaultAPI-ClientID']).toBe('ctms-collect');
          return fetch(input, init);
        },
      });
      expect(await c.signIn()).toEqual({ userId: expect.any(Number), vaultId: 1000 });
      await c.query('SELECT id FROM organization__v');
      await c.getRecord('organization__v', 'V0ONOPE');
      expect(auths).toBe(1);

      const bad = new VaultClient({ baseUrl: r.url, username: USER.username, password: 'wrong', sleep: noSleep });
      await expect(bad.signIn()).rejects.toMatchObject({ type: 'USERNAME_OR_PASSWORD_INCORRECT' });
      const wrongVault = client(r, { expectedVaultId: 42 });
      await expect(wrongVault.signIn()).rejects.toMatchObject({ type: 'WRONG_VAULT' });
    }));

  it('upserts: created, then updated, then unchanged; one result per record in order', () =>
    withServer({}, async (r) => {
      const c = client(r);
      const first = await c.upsert('organization__v', [org(1), org(2)], 'external_id__v');
      expect(first.map((x) => [x.key, x.ok, x.event, x.attempts])).toEqual([['ORG-1', true, 'created', 1], ['ORG-2', true, 'created', 1]]);
      expect(first[0].id).toMatch(/^V0O/);
      expect(first[0].executionId).toBeTruthy();
      const second = await c.upsert('organization__v', [org(1, { city__v: 'Paris' }), org(2)], 'external_id__v');
      expect(second.map((x) => x.event)).toEqual(['updated', 'unchanged']);
      expect(second.map((x) => x.id)).toEqual(first.map((x) => x.id));
      expect(await c.getRecord('organization__v', first[0].id!)).toMatchObject({ city__v: 'Paris' });
      expect(await c.getRecord('organization__v', 'V0ONOSUCH')).toBeNull();

      const upd = await c.update('organization__v', [{ id: first[1].id!, phone__v: '+331234' }]);
      expect(upd[0]).toMatchObject({ ok: true, event: 'updated', id: first[1].id });
    }));

  it('never sends a repeated key: the repeat fails on its own, the rest is created; splits into 500-record batches', () =>
    withServer({}, async (r) => {
      const c = client(r, { concurrency: 3 });
      const records: TargetRecord[] = Array.from({ length: 1203 }, (_, i) => org(i));
      records.push(org(7, { city__v: 'Elsewhere' }));
      records.push({ name__v: 'no key', organization_type__v: 'CRO', country__v: 'FR' });
      records.splice(3, 0, org('BAD', { organization_type__v: 'Spaceport' }));
      const batches: number[] = [];
      const res = await c.upsert('organization__v', records, 'external_id__v', { onBatch: (b) => batches.push(b.size) });
      expect(res).toHaveLength(records.length);
      expect(res.every((x, i) => x.index === i)).toBe(true);
      expect(batches.sort((a, b) => b - a)).toEqual([500, 500, 204]);
      const failed = res.filter((x) => !x.ok);
      expect(failed.map((x) => [x.key, x.error!.type, x.attempts])).toEqual([
        ['ORG-BAD', 'INVALID_DATA', 1],
        ['ORG-7', 'DUPLICATE_KEY_IN_REQUEST', 0],
        ['', 'PARAMETER_REQUIRED', 0],
      ]);
      expect(countOrgs(r)).toBe(1203);
    }));

  it('reports per-record target constraints while the rest of the batch succeeds', () =>
    withServer({}, async (r) => {
      const c = client(r);
      const [o] = await c.upsert('organization__v', [org('SPON')], 'external_id__v');
      // Picklists take Vault's value names (phase_3__v); a label or an unknown value (III) is refused per record.
      const study = (k: string, extra = {}) => ({ external_id__v: k, name__v: k, study_phase__v: 'phase_3__v', study_status__v: 'active__v', sponsor__v: o.id!, ...extra });
      const res = await c.upsert('study__v', [study('S-1'), study('S-2', { sponsor__v: 'V0OMISSING00000' }), study('S-3', { study_phase__v: 'III' }), study('S-4', { name__v: null })], 'external_id__v');
      expect(res.map((x) => x.ok)).toEqual([true, false, false, false]);
      expect(res.slice(1).map((x) => x.error!.type)).toEqual(['INVALID_DATA', 'INVALID_DATA', 'INVALID_DATA']);
    }));

  it('re-authenticates once when the session expired, and only once', () =>
    withServer({}, async (r) => {
      const events: ClientEvent[] = [];
      const c = client(r, { onEvent: (e) => events.push(e) });
      await c.upsert('organization__v', [org(1)], 'external_id__v');
      r.server.expireSessions();
      const res = await c.upsert('organization__v', [org(2)], 'external_id__v');
      expect(res[0]).toMatchObject({ ok: true, event: 'created' });
      expect(events.filter((e) => e.kind === 'reauth')).toHaveLength(1);
      expect(events.filter((e) => e.kind === 'signedIn')).toHaveLength(2);

      // A server that keeps refusing the new session too: no loop, a typed failure.
      let n = 0;
      const stubborn = client(r, {
        fetch: async (input, init) => {
          if (!String(input).endsWith('/auth')) {
            n++;
            r.server.expireSessions();
          }
          return fetch(input, init);
        },
      });
      await expect(stubborn.query('SELECT id FROM organization__v')).rejects.toMatchObject({ type: 'INVALID_SESSION_ID' });
      expect(n).toBe(2);
    }));

  it('honours Retry-After on 429 and backs off on 5xx (injected faults)', () =>
    withServer({ faults: { rate: 0.5, seed: 7, kinds: ['http429', 'http503'], retryAfterSec: 2 } }, async (r) => {
      const waits: number[] = [];
      const events: ClientEvent[] = [];
      const c = client(r, { sleep: async (ms) => void waits.push(ms), onEvent: (e) => events.push(e), maxRetries: 20, batchSize: 5 });
      const res = await c.upsert('organization__v', Array.from({ length: 40 }, (_, i) => org(i)), 'external_id__v', {});
      expect(res.every((x) => x.ok)).toBe(true);
      const retries = events.filter((e): e is Extract<ClientEvent, { kind: 'retry' }> => e.kind === 'retry');
      expect(retries.some((e) => e.reason === 'HTTP 429' && e.waitMs === 2000)).toBe(true);
      expect(retries.some((e) => e.reason === 'HTTP 503')).toBe(true);
      expect(r.server.faultCounts().http429).toBeGreaterThan(0);
      expect(countOrgs(r)).toBe(40);
    }));

  it('gives up after maxRetries with a per-record RETRIES_EXHAUSTED result', () =>
    withServer({ faults: { rate: 1, kinds: ['http502'] } }, async (r) => {
      const c = client(r, { maxRetries: 2 });
      const res = await c.upsert('organization__v', [org(1), org(2)], 'external_id__v');
      expect(res.map((x) => [x.ok, x.error?.type, x.attempts])).toEqual([[false, 'RETRIES_EXHAUSTED', 3], [false, 'RETRIES_EXHAUSTED', 3]]);
    }));

  it('slows down as BurstLimitRemaining nears zero', () =>
    withServer({ burstLimit: 10, burstDelayMs: 5 }, async (r) => {
      const events: ClientEvent[] = [];
      const c = client(r, { onEvent: (e) => events.push(e), concurrency: 1, burstLowWater: 3 });
      for (let i = 0; i < 8; i++) await c.getRecord('organization__v', 'V0ONONE');
      const paces = events.filter((e) => e.kind === 'pace');
      expect(paces.length).toBeGreaterThan(0);
    }));

  it('queries across pages, finds by external id in chunks under 50,000 characters, deletes children before parents', () =>
    withServer({}, async (r) => {
      const c = client(r);
      const many = Array.from({ length: 2600 }, (_, i) => org(`${'K'.repeat(40)}-${i}`));
      await c.upsert('organization__v', many, 'external_id__v');
      const all = await c.query('SELECT id, external_id__v FROM organization__v');
      expect(all).toHaveLength(2600);
      let pages = 0;
      for await (const page of c.queryPages('SELECT id FROM organization__v PAGESIZE 1000')) {
        pages++;
        expect(page.length).toBeLessThanOrEqual(1000);
      }
      expect(pages).toBe(3);

      const queries: number[] = [];
      const spy = client(r, {
        fetch: async (input, init) => {
          if (String(input).endsWith('/query')) queries.push(new URLSearchParams(String(init?.body)).get('q')!.length);
          return fetch(input, init);
        },
      });
      const keys = [...many.map((m) => String(m.external_id__v)), "ORG-O'Neil-missing"];
      const found = await spy.findByExternalIds('organization__v', 'external_id__v', keys);
      expect(found.size).toBe(2600);
      expect(queries.length).toBeGreaterThan(1);
      expect(Math.max(...queries)).toBeLessThan(50_000);

      const parent = all[0];
      const [study] = await c.upsert('study__v', [{ external_id__v: 'S-DEL', name__v: 'S-DEL', study_phase__v: 'phase_1__v', study_status__v: 'planned__v', sponsor__v: parent.id }], 'external_id__v');
      const refused = await c.delete('organization__v', [String(parent.id)]);
      expect(refused[0]).toMatchObject({ ok: false, error: { type: 'OPERATION_NOT_ALLOWED' } });
      expect((await c.delete('study__v', [study.id!]))[0].ok).toBe(true);
      expect((await c.delete('organization__v', [String(parent.id)]))[0]).toMatchObject({ ok: true, id: parent.id });

      const meta = await c.describeObject('study__v');
      expect(meta.find((f) => f.name === 'study_phase__v')).toMatchObject({ required: true, picklist: expect.arrayContaining(['phase_3__v']) });
    }));
});
