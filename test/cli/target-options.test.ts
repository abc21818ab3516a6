/**
 * The command line's target options end to end: `--profile` (refused with path and problem when
 * malformed, its upsert keys used when valid), `--client-id`, `--migration-mode` and a session
 * from CTMS_SESSION_ID, observed on a recording HTTP server standing in for the Vault.
 */
import { writeFileSync } from 'node:fs';
import { CATALOGUE } from '../../src/protocol/catalogue';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import defaultJson from '../../src/core/target-profile/vault-ctms-v1.json';
import { clean } from '../../testing/builders/wb';
import { cliAsync, tmpDir, writeXlsx, xlsxOf, type CliRun } from '../../testing/builders/cli';

interface Seen { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }

let seen: Seen[] = [];
/** A field the stand-in Vault lacks, to see the preflight stop a submission. */
let dropField = '';

/** Vault-shaped object metadata: the reference catalogue's fields (object fields name their object), both upsert keys. */
function metadata(object: string): unknown {
  const o = CATALOGUE.find((x) => x.name === object)!;
  const fields = [{ name: 'id' }, { name: 'external_id__c' }, ...o.fields.map((f) => ({ name: f.name, ...(f.unique ? { unique: true } : {}), ...(f.references ? { type: 'Object', object: { name: f.references } } : {}) }))];
  const seenNames = new Set<string>();
  return { responseStatus: 'SUCCESS', object: { name: object, fields: fields.filter((f) => f.name !== dropField && !seenNames.has(f.name) && seenNames.add(f.name)).map((f) => ({ type: 'String', required: false, editable: true, ...f })) } };
}
let server: http.Server;
let url = '';
let t: ReturnType<typeof tmpDir>;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      let out: unknown = { responseStatus: 'SUCCESS', data: [] };
      if (req.headers.authorization !== 'sso-session') out = { responseStatus: 'FAILURE', errors: [{ type: 'INVALID_SESSION_ID', message: 'Invalid session' }] };
      else if (req.url?.startsWith('/api/v24.1/metadata/vobjects/')) out = metadata(req.url.split('/').pop()!);
      else if (req.method === 'POST' && req.url?.includes('/vobjects/')) {
        const n = (JSON.parse(body) as unknown[]).length;
        out = { responseStatus: 'SUCCESS', data: Array.from({ length: n }, (_, i) => ({ responseStatus: 'SUCCESS', data: { id: `${seen.length}-${i}`, event: 'created__sys' } })) };
      }
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-VaultAPI-VaultId': '1000' });
      res.end(JSON.stringify(out));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = tmpDir();
  await writeXlsx(xlsxOf(clean()), path.join(t.dir, 'wb.xlsx'));
  const custom = JSON.parse(JSON.stringify(defaultJson)) as { entities: Record<string, { idParam: string; picklists: Record<string, Record<string, string>> }> };
  custom.entities.site!.idParam = 'external_id__c';
  // This Vault names the status value its own way: the plan must follow the profile, not the shipped one.
  custom.entities.site!.picklists.site_status!.Enrolling = 'enrolling__c';
  writeFileSync(path.join(t.dir, 'custom.json'), JSON.stringify(custom));
  const broken = JSON.parse(JSON.stringify(defaultJson)) as { entities: Record<string, Record<string, unknown>> };
  broken.entities.study!.picklists = { phase: { 'Phase 3': 'Phase 3' } };
  writeFileSync(path.join(t.dir, 'broken.json'), JSON.stringify(broken));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  t.cleanup();
});
beforeEach(() => { seen = []; dropField = ''; });

/** The CLI without blocking this process, whose event loop serves the recording target; signed in by session id only. */
const run = (args: string[]): Promise<CliRun> =>
  cliAsync(args, t.dir, { CTMS_SESSION_ID: 'sso-session', CTMS_USER: '', CTMS_PASSWORD: '', CTMS_TARGET_URL: '' });

test('a malformed --profile is refused with the path and the problem, before the target is called', async () => {
  const r = await run(['submit', 'wb.xlsx', '--target', url, '--profile', 'broken.json']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('broken.json is not a valid target profile: entities.study.picklists.phase.Phase 3: must be a Vault API name');
  expect(seen).toEqual([]);
  const missing = await run(['rollback', 'T-1', '--target', url, '--profile', 'nowhere.json', '--log', 'wb.xlsx']);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/Target profile not found or unreadable: \S*nowhere\.json/);
});

test('dry run: the session from CTMS_SESSION_ID, the client id, and each object looked up by its profile key', async () => {
  const r = await run(['submit', 'wb.xlsx', '--target', url, '--profile', 'custom.json', '--client-id', 'acme-loader', '--dry-run']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('Sites: would create 1, update 0, leave 0 unchanged, hold back 0');
  expect(seen.some((s) => s.url.endsWith('/auth'))).toBe(false);
  expect(seen.every((s) => s.headers.authorization === 'sso-session' && s.headers['x-vaultapi-clientid'] === 'acme-loader')).toBe(true);
  const queries = seen.filter((s) => s.url.endsWith('/query')).map((s) => new URLSearchParams(s.body).get('q')!);
  expect(queries.find((q) => q.includes('FROM site__v'))).toMatch(/WHERE external_id__c CONTAINS/);
  expect(queries.find((q) => q.includes('FROM study__v'))).toMatch(/WHERE external_id__v CONTAINS/);
  expect(seen.some((s) => s.headers['x-vaultapi-migrationmode'])).toBe(false);
});

test('submit --migration-mode: every write carries the header and the profile\'s idParam', async () => {
  const r = await run(['submit', 'wb.xlsx', '--target', url, '--profile', 'custom.json', '--migration-mode', '--out', 'out.xlsx']);
  expect(r.code).toBe(0);
  const all = seen.filter((s) => s.method === 'POST' && s.url.includes('/vobjects/'));
  // The lock marker goes first (the profile names the reference server's lock object); then the records.
  expect(all[0]!.url).toBe('/api/v24.1/vobjects/transfer_lock__c?idParam=external_id__v');
  const writes = all.filter((s) => !s.url.includes('/vobjects/transfer_lock__c'));
  expect(writes.map((w) => w.url)).toEqual([
    '/api/v24.1/vobjects/organization__v?idParam=external_id__v',
    '/api/v24.1/vobjects/study__v?idParam=external_id__v',
    '/api/v24.1/vobjects/person__sys?idParam=external_id__v',
    '/api/v24.1/vobjects/study_country__v?idParam=external_id__v',
    '/api/v24.1/vobjects/site__v?idParam=external_id__c',
    '/api/v24.1/vobjects/study_person__clin?idParam=external_id__v',
  ]);
  expect(writes.every((w) => w.headers['x-vaultapi-migrationmode'] === 'true' && w.headers['x-vaultapi-clientid'] === 'ctms-collect')).toBe(true);
  expect(JSON.parse(writes[4]!.body)).toEqual([expect.objectContaining({ external_id__c: 'ABC-123-001', site_status__v: 'enrolling__c' })]);
  // The derived Study Country goes before its site, keyed by study and country, the country as a lookup.
  expect(JSON.parse(writes[3]!.body)).toEqual([expect.objectContaining({ external_id__v: 'ABC-123-US', 'country__vr.name__v': 'US' })]);
  expect(seen.filter((s) => !s.url.includes('/vobjects/')).some((s) => s.headers['x-vaultapi-migrationmode'])).toBe(false);
});

test('preflight: a field the target lacks stops the dry run and the submission with a readable report; nothing is written', async () => {
  dropField = 'subjects_completed__v';
  const dry = await run(['submit', 'wb.xlsx', '--target', url, '--dry-run']);
  expect(dry.code).toBe(2);
  expect(dry.stderr).toContain('The target does not accept what would be sent, so nothing was sent:');
  // The sheet's column is named beside the target's field, so people know where to look.
  expect(dry.stderr).toContain('Sites (column Subjects Completed): site__v has no field subjects_completed__v');
  const before = t.files();
  const real = await run(['submit', 'wb.xlsx', '--target', url, '--out', 'out2.xlsx']);
  expect(real.code).toBe(2);
  expect(real.stderr).toContain('site__v has no field subjects_completed__v');
  expect(seen.filter((s) => s.method !== 'GET' && s.url.includes('/vobjects/'))).toEqual([]);
  // No transfer log, no results workbook: the preflight ran before anything was started.
  expect(t.files()).toEqual(before);
});
