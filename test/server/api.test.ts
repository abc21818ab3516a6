import { call, org, query, signIn, startServer, USER, type Running } from './helpers';
import { createServer } from '../../src/server';

describe('reference CTMS API', () => {
  let r: Running;
  let sid: string;
  beforeAll(async () => {
    r = await startServer({ burstLimit: 100000 });
    sid = String((await signIn(r)).sessionId);
  });
  afterAll(() => r.server.stop());

  describe('auth', () => {
    it('signs in with form fields and returns session, user and vault', async () => {
      const a = await signIn(r);
      expect(a).toMatchObject({ responseStatus: 'SUCCESS', userId: expect.any(Number), vaultId: 1000 });
      expect(String(a.sessionId)).toMatch(/^[0-9A-F]{64}$/);
      expect(a.vaultIds).toEqual([expect.objectContaining({ id: 1000 })]);
    });
    it('refuses a wrong password and a missing one', async () => {
      expect(await signIn(r, { username: USER.username, password: 'nope' })).toMatchObject({ responseStatus: 'FAILURE', errors: [{ type: 'USERNAME_OR_PASSWORD_INCORRECT' }] });
      expect(await signIn(r, { username: USER.username })).toMatchObject({ responseStatus: 'FAILURE', errors: [{ type: 'NO_PASSWORD_PROVIDED' }] });
    });
    it('answers INVALID_SESSION_ID (HTTP 200) without, or with an unknown, session; accepts Bearer', async () => {
      const none = await fetch(r.api('/vobjects/organization__v/X'));
      expect(none.status).toBe(200);
      expect(await none.json()).toMatchObject({ responseStatus: 'FAILURE', errors: [{ type: 'INVALID_SESSION_ID' }] });
      expect((await call(r, 'BOGUS', 'GET', '/vobjects/organization__v/X')).json.errors).toEqual([expect.objectContaining({ type: 'INVALID_SESSION_ID' })]);
      expect((await call(r, `Bearer ${sid}`, 'GET', '/vobjects/organization__v/X')).json.errors).toEqual([expect.objectContaining({ type: 'INVALID_DATA' })]);
    });
    it('expires idle sessions', async () => {
      let now = 1_000_000;
      const s = createServer({ port: 0, users: USER, sessionIdleMs: 1000, now: () => now });
      const { url } = await s.start();
      try {
        const a = (await (await fetch(`${url}/api/v24.1/auth`, { method: 'POST', body: new URLSearchParams(USER) })).json()) as { sessionId: string };
        const get = async () => (await (await fetch(`${url}/api/v24.1/metadata/vobjects`, { headers: { Authorization: a.sessionId } })).json()) as { responseStatus: string };
        now += 900;
        expect((await get()).responseStatus).toBe('SUCCESS');
        now += 900; // still alive: the previous call refreshed the idle timer
        expect((await get()).responseStatus).toBe('SUCCESS');
        now += 1500;
        expect(await get()).toMatchObject({ responseStatus: 'FAILURE', errors: [{ type: 'INVALID_SESSION_ID' }] });
      } finally {
        await s.stop();
      }
    });
    it('refuses to start on a non-loopback host with development credentials', () => {
      const env = { ...process.env };
      delete process.env.CTMS_USER;
      delete process.env.CTMS_PASSWORD;
      try {
        expect(() => createServer({ host: '0.0.0.0' })).toThrow(/CTMS_USER/);
        expect(createServer({ host: '127.0.0.1' }).devCredentials).toBe(true);
      } finally {
        process.env = env;
      }
    });
  });

  describe('records', () => {
    it('creates, updates, then warns on a no-op upsert', async () => {
      const path = '/vobjects/organization__v?idParam=external_id__v';
      const c = await call(r, sid, 'POST', path, [org('A1')]);
      expect(c.status).toBe(200);
      expect(c.json.responseStatus).toBe('SUCCESS');
      const created = c.json.data![0] as { responseStatus: string; data: { id: string; event: string; url: string; id_param_value: string } };
      expect(created).toMatchObject({ responseStatus: 'SUCCESS', data: { event: 'created__sys', id_param_value: 'ORG-A1' } });
      expect(created.data.id).toMatch(/^V0O[0-9A-Z]{12}$/);
      expect(created.data.url).toBe(`/api/v24.1/vobjects/organization__v/${created.data.id}`);

      const u = await call(r, sid, 'POST', path, [org('A1', { city__v: 'Cambridge' })]);
      expect(u.json.data![0]).toMatchObject({ responseStatus: 'SUCCESS', data: { id: created.data.id, event: 'updated__sys' } });

      const n = await call(r, sid, 'POST', path, [org('A1', { city__v: 'Cambridge' })]);
      expect(n.json.responseStatus).toBe('WARNING');
      expect(n.json.data![0]).toMatchObject({ responseStatus: 'WARNING', data: { id: created.data.id }, warnings: [{ warning_type: 'NO_DATA_CHANGES' }] });

      const g = await call(r, sid, 'GET', `/vobjects/organization__v/${created.data.id}`);
      expect(g.json.data).toMatchObject({ id: created.data.id, city__v: 'Cambridge', external_id__v: 'ORG-A1' });

      const put = await call(r, sid, 'PUT', '/vobjects/organization__v', [{ id: created.data.id, phone__v: '+15550100' }, { id: 'V0ONOSUCHRECORD', phone__v: 'x' }]);
      expect(put.json.data!.map((d) => d.responseStatus)).toEqual(['SUCCESS', 'FAILURE']);
    });

    it('refuses more than 500 records, and a key repeated in one request, as a whole', async () => {
      const big = await call(r, sid, 'POST', '/vobjects/organization__v?idParam=external_id__v', Array.from({ length: 501 }, (_, i) => org(`BIG-${i}`)));
      expect(big.json).toMatchObject({ responseStatus: 'FAILURE', errors: [{ type: 'INVALID_DATA' }] });
      const dup = await call(r, sid, 'POST', '/vobjects/organization__v?idParam=external_id__v', [org('D1'), org('D2'), org('D1')]);
      expect(dup.json).toMatchObject({ responseStatus: 'FAILURE', errors: [{ type: 'INVALID_DATA' }] });
      const q = await query(r, sid, "SELECT id FROM organization__v WHERE external_id__v CONTAINS ('ORG-D1','ORG-D2','ORG-BIG-0')");
      expect(q.responseDetails.total).toBe(0);
    });

    it('fails bad records one by one and keeps the rest of the batch', async () => {
      const orgs = await call(r, sid, 'POST', '/vobjects/organization__v?idParam=external_id__v', [org('S1')]);
      const orgId = (orgs.json.data![0] as { data: { id: string } }).data.id;
      const study = (n: string, extra: Record<string, unknown> = {}) => ({ external_id__v: n, name__v: n, study_phase__v: 'phase_2__v', study_status__v: 'active__v', sponsor__v: orgId, ...extra });
      const res = await call(r, sid, 'POST', '/vobjects/study__v?idParam=external_id__v', [
        study('ST-OK-1'),
        study('ST-BADPICK', { study_phase__v: 'Phase II' }),
        study('ST-NOREQ', { study_status__v: '' }),
        study('ST-BADREF', { sponsor__v: 'V0ONOTTHERE0000' }),
        study('ST-BADDATE', { fsfv_date__v: '2021-02-30' }),
        study('ST-BADINT', { planned_enrollment__v: -1 }),
        study('ST-UNKNOWN', { colour__c: 'blue' }),
        study('ST-OK-2', { planned_enrollment__v: '120', fsfv_date__v: '2021-02-28' }),
      ]);
      expect(res.json.responseStatus).toBe('SUCCESS');
      const statuses = res.json.data!.map((d) => d.responseStatus);
      expect(statuses).toEqual(['SUCCESS', 'FAILURE', 'FAILURE', 'FAILURE', 'FAILURE', 'FAILURE', 'FAILURE', 'SUCCESS']);
      for (const d of res.json.data!.slice(1, 7)) expect(d).toMatchObject({ errors: [{ type: 'INVALID_DATA' }] });
      expect(JSON.stringify(res.json.data![1])).toContain('study_phase__v');
      expect(JSON.stringify(res.json.data![3])).toContain('sponsor__v');
      // unique name__v clash with another key is per record too
      const clash = await call(r, sid, 'POST', '/vobjects/study__v?idParam=external_id__v', [study('ST-OTHER', { name__v: 'ST-OK-1' })]);
      expect(clash.json.data![0]).toMatchObject({ responseStatus: 'FAILURE', errors: [{ type: 'INVALID_DATA' }] });
      const st = await query(r, sid, "SELECT id, planned_enrollment__v FROM study__v WHERE external_id__v = 'ST-OK-2'");
      expect(st.data[0].planned_enrollment__v).toBe(120);
    });

    it('refuses to delete a parent that still has children, then deletes in order', async () => {
      const o = (await call(r, sid, 'POST', '/vobjects/organization__v?idParam=external_id__v', [org('P1')])).json.data![0] as { data: { id: string } };
      const s = (await call(r, sid, 'POST', '/vobjects/study__v?idParam=external_id__v', [{ external_id__v: 'ST-P1', name__v: 'ST-P1', study_phase__v: 'phase_1__v', study_status__v: 'planned__v', sponsor__v: o.data.id }])).json.data![0] as { data: { id: string } };
      const refused = await call(r, sid, 'DELETE', '/vobjects/organization__v', [{ id: o.data.id }]);
      expect(refused.json.data![0]).toMatchObject({ responseStatus: 'FAILURE', errors: [{ type: 'OPERATION_NOT_ALLOWED' }] });
      const byKey = await fetch(r.api('/vobjects/study__v?_method=DELETE&idParam=external_id__v'), { method: 'POST', headers: { Authorization: sid, 'Content-Type': 'application/json' }, body: JSON.stringify([{ external_id__v: 'ST-P1' }]) });
      expect(((await byKey.json()) as { data: unknown[] }).data[0]).toMatchObject({ responseStatus: 'SUCCESS', data: { id: s.data.id } });
      const ok = await call(r, sid, 'DELETE', '/vobjects/organization__v', [{ id: o.data.id }]);
      expect(ok.json.data![0]).toMatchObject({ responseStatus: 'SUCCESS', data: { id: o.data.id } });
      expect((await call(r, sid, 'GET', `/vobjects/organization__v/${o.data.id}`)).json.responseStatus).toBe('FAILURE');
    });

    it('accepts CSV bodies', async () => {
      const res = await fetch(r.api('/vobjects/organization__v?idParam=external_id__v'), {
        method: 'POST',
        headers: { Authorization: sid, 'Content-Type': 'text/csv' },
        body: 'external_id__v,name__v,organization_type__v,country__vr.name__v\nORG-CSV1,"Hospital, ""North""",hospital__v,GB\nORG-CSV2,Lab,laboratory__v,DE\n',
      });
      const json = (await res.json()) as { data: Array<{ responseStatus: string }> };
      expect(json.data.map((d) => d.responseStatus)).toEqual(['SUCCESS', 'SUCCESS']);
      const q = await query(r, sid, "SELECT name__v FROM organization__v WHERE external_id__v = 'ORG-CSV1'");
      expect(q.data[0].name__v).toBe('Hospital, "North"');
    });
  });

  describe('query', () => {
    beforeAll(async () => {
      const recs = Array.from({ length: 25 }, (_, i) => org(`Q${String(i).padStart(2, '0')}`, { city__v: i % 2 ? 'Odd' : 'Even' }));
      await call(r, sid, 'POST', '/vobjects/organization__v?idParam=external_id__v', recs);
    });
    it('pages with PAGESIZE and follows next_page by POST and GET', async () => {
      const first = await query(r, sid, "SELECT external_id__v, city__v FROM organization__v WHERE city__v = 'Odd' OR city__v = 'Even' ORDER BY external_id__v PAGESIZE 10");
      expect(first.responseDetails).toMatchObject({ total: 25, size: 10, pageoffset: 0 });
      expect(first.responseDetails.next_page).toMatch(/^\/api\/v24\.1\/query\//);
      const second = (await (await fetch(`${r.url}${first.responseDetails.next_page}`, { method: 'POST', headers: { Authorization: sid } })).json()) as typeof first;
      const third = (await (await fetch(`${r.url}${second.responseDetails.next_page}`, { headers: { Authorization: sid } })).json()) as typeof first;
      expect(third.responseDetails.next_page).toBeUndefined();
      const keys = [...first.data, ...second.data, ...third.data].map((d) => d.external_id__v);
      expect(keys).toEqual(Array.from({ length: 25 }, (_, i) => `ORG-Q${String(i).padStart(2, '0')}`));
    });
    it('supports CONTAINS, AND, PAGEOFFSET and escaped quotes; rejects bad syntax and unknown fields', async () => {
      const q = await query(r, sid, "SELECT external_id__v FROM organization__v WHERE external_id__v CONTAINS ('ORG-Q01','ORG-Q02','ORG-Q03') AND city__v = 'Odd' ORDER BY external_id__v DESC");
      expect(q.data.map((d) => d.external_id__v)).toEqual(['ORG-Q03', 'ORG-Q01']);
      const off = await query(r, sid, "SELECT external_id__v FROM organization__v WHERE city__v = 'Odd' ORDER BY external_id__v PAGESIZE 5 PAGEOFFSET 10");
      expect(off.data.map((d) => d.external_id__v)).toEqual(['ORG-Q21', 'ORG-Q23']);
      expect((await query(r, sid, "SELECT id FROM organization__v WHERE name__v = 'O\\'Brien'")).responseStatus).toBe('SUCCESS');
      expect((await query(r, sid, 'SELECT FROM organization__v')).errors![0].type).toBe('INCORRECT_QUERY_SYNTAX_ERROR');
      expect((await query(r, sid, 'SELECT shoe_size__c FROM organization__v')).errors![0].type).toBe('INCORRECT_QUERY_SYNTAX_ERROR');
    });
  });

  it('lists object metadata', async () => {
    const m = await call(r, sid, 'GET', '/metadata/vobjects/site__v');
    const fields = (m.json.object as { fields: Array<{ name: string; required: boolean; object?: { name: string } }> }).fields;
    expect(fields.find((f) => f.name === 'study__v')).toMatchObject({ required: true, type: 'Object', object: { name: 'study__v' }, relationship_name: 'study__vr' });
    expect(fields.find((f) => f.name === 'site_status__v')).toMatchObject({ type: 'Picklist', picklist: 'site_status__v' });
    const pick = await call(r, sid, 'GET', '/objects/picklists/study_phase__v');
    expect(pick.json.picklistValues).toContainEqual({ name: 'phase_3__v', label: 'Phase 3' });
  });

  it('answers no CORS preflight unless an origin is allowed', async () => {
    const res = await fetch(r.api('/query'), { method: 'OPTIONS', headers: { Origin: 'https://localhost:3000', 'Access-Control-Request-Method': 'POST' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers CORS preflight for an allowed origin only (--allow-origin)', async () => {
    const r = await startServer({ allowedOrigins: ['https://localhost:3000'] });
    const pre = (origin: string) => fetch(r.api('/query'), { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,x-vaultapi-clientid' } });
    try {
      const ok = await pre('https://localhost:3000');
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://localhost:3000');
      const bad = await pre('https://evil.example');
      expect(bad.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await r.server.stop();
    }
  });
});

describe('burst limit', () => {
  it('counts calls in headers and delays (not rejects) answers past the limit', async () => {
    const r = await startServer({ burstLimit: 3, burstDelayMs: 150 });
    try {
      const sid = String((await signIn(r)).sessionId); // call 1
      const seen: Array<{ remaining: string | null; delay: string | null; ms: number; status: string }> = [];
      for (let i = 0; i < 4; i++) {
        const t = Date.now();
        const res = await call(r, sid, 'GET', '/metadata/vobjects');
        seen.push({ remaining: res.headers.get('x-vaultapi-burstlimitremaining'), delay: res.headers.get('x-vaultapi-responsedelay'), ms: Date.now() - t, status: String(res.json.responseStatus) });
        expect(res.headers.get('x-vaultapi-burstlimit')).toBe('3');
        expect(res.headers.get('x-vaultapi-executionid')).toMatch(/^[0-9a-f-]{36}$/);
        expect(res.headers.get('x-vaultapi-vaultid')).toBe('1000');
        expect(res.headers.get('x-vaultapi-status')).toBe('SUCCESS');
      }
      expect(seen.map((s) => s.remaining)).toEqual(['1', '0', '0', '0']);
      expect(seen.map((s) => s.delay)).toEqual([null, null, '150', '150']);
      expect(seen.every((s) => s.status === 'SUCCESS')).toBe(true);
      expect(seen[2].ms).toBeGreaterThanOrEqual(140);
    } finally {
      await r.server.stop();
    }
  });
});
