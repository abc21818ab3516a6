/**
 * The transfer pipeline against the real reference server on loopback (no HTTP mocks):
 * a workbook built from real ClinicalTrials.gov records, sent, re-sent, rolled back,
 * and sent through expired sessions and 429 answers.
 */
import { defaultStandard } from '../../src/core/standard/load';
import { planTransfer, startLog, runTransfer, runRollback, reconcile, countLog, type TransferPlan, type TransferLog } from '../../src/core/transfer';
import type { ClientEvent, VaultClient } from '../../src/connectors';
import { wb, TODAY, type Sheets } from '../../testing/builders/wb';
import { ctgovWorkbook, startTarget, clientFor, counts, externalIdCounts, type Target } from './helpers';

const std = defaultStandard();
const planOf = (sheets: Sheets) => planTransfer(std, wb(sheets), { today: TODAY, acceptProposals: true });

async function transfer(p: TransferPlan, client: VaultClient, t: Target, save?: (l: TransferLog) => void, batchSize = 500): Promise<TransferLog> {
  const log = startLog(p, { targetUrl: t.url, who: 'tester' });
  return runTransfer(p, log, { target: client, targetUrl: t.url, who: 'tester', batchSize, save: save ?? (() => undefined) });
}

const planned = (p: TransferPlan) => Object.fromEntries(p.entities.map((e) => [e.object, e.records.length]));

describe('transfer to the reference server (ClinicalTrials.gov workbook)', () => {
  let t: Target;
  beforeEach(async () => { t = await startTarget(); });
  afterEach(async () => { await t.stop(); });

  test('full transfer: every planned record sent once, reconciliation finds no discrepancy; the same transfer twice creates nothing', async () => {
    const { sheets } = ctgovWorkbook(300);
    const p = planOf(sheets);
    const total = p.entities.reduce((n, e) => n + e.records.length, 0);
    const heldBack = p.entities.reduce((n, e) => n + e.heldBack.length, 0);
    expect(total).toBeGreaterThan(500);
    expect(heldBack / (total + heldBack)).toBeLessThan(0.15); // mostly valid: what is held back says why
    for (const e of p.entities) for (const h of e.heldBack) expect(h.reason).toMatch(/^(errors: |references )/);
    const client = clientFor(t);
    const log = await transfer(p, client, t, undefined, 100);
    const c1 = countLog(log);
    expect(c1).toEqual({ sent: total, created: total, updated: 0, unchanged: 0, failed: 0, heldBack, pending: 0 });
    expect(log.status).toBe('done');
    const inDb = counts(t.server);
    expect(inDb).toEqual({ ...planned(p), study_team_role__v: inDb.study_team_role__v, country__v: inDb.country__v, transfer_lock__c: 0 });
    for (const e of p.entities) {
      const ids = externalIdCounts(t.server, e.object);
      expect(ids.size).toBe(e.records.length);
      expect([...ids.values()].every((n) => n === 1)).toBe(true);
    }
    // Post-transfer validation: read back and compare field by field.
    const rec = await reconcile(log, client);
    expect(rec).toEqual({ checked: total, missing: 0, discrepancies: [] });
    // References landed as target ids of the right records.
    const site = t.server.db.prepare('SELECT s.external_id__v AS site, st.external_id__v AS study, p.external_id__v AS pi FROM site__v s JOIN study__v st ON st.id = s.study__v JOIN person__sys p ON p.id = s.principal_investigator__v ORDER BY s.external_id__v LIMIT 1').get() as { site: string; study: string; pi: string };
    const row = p.entities.find((e) => e.entity === 'site')!.records.find((r) => r.externalId === site.site)!;
    expect([site.study, site.pi]).toEqual([row.refs.study__v![1], row.refs.principal_investigator__v![1]]);

    // Again: nothing new, every record unchanged, reconciliation still clean.
    const before = t.server.snapshot({ includeAudit: true });
    const again = await transfer(planOf(sheets), client, t);
    expect(countLog(again)).toEqual({ sent: total, created: 0, updated: 0, unchanged: total, failed: 0, heldBack, pending: 0 });
    expect(t.server.snapshot({ includeAudit: true })).toEqual(before);
    expect((await reconcile(again, client)).discrepancies).toEqual([]);
  });

  test('rollback: dry run changes nothing; rollback returns the whole database to its snapshot before the transfer', async () => {
    const client = clientFor(t);
    // Seed: part of the data was migrated before.
    const seed = ctgovWorkbook(60).sheets;
    const seedLog = await transfer(planOf(seed), client, t);
    expect(countLog(seedLog).failed).toBe(0);
    const before = t.server.snapshot();
    // The full workbook, where the partner changed some of the records already in the target.
    const full = ctgovWorkbook(150).sheets;
    full.Organizations![0]!['Organization Name'] = 'Renamed Sponsor Inc';
    full.Organizations![1]!.Phone = '+16175550199';
    full.Investigators![0]!['Last Name'] = 'Changed-Name';
    full.Investigators![1]!['Middle Name'] = 'Q';
    full.Studies![0]!['Planned Enrollment'] = 4242;
    full.Sites![0]!['Subjects Screened'] = 7;
    const p = planOf(full);
    const log = await transfer(p, client, t, undefined, 50);
    const c = countLog(log);
    expect(c.failed).toBe(0);
    expect(c.updated).toBe(6);
    expect(c.created).toBeGreaterThan(100);
    expect(c.unchanged).toBe(countLog(seedLog).sent - 6);
    const after = t.server.snapshot();
    expect(after).not.toEqual(before);
    const updated = log.entities.flatMap((e) => e.records).filter((r) => r.beforeImage !== null && r.result?.event === 'updated');
    expect(updated.map((r) => r.externalId)).toHaveLength(6);
    expect(updated.find((r) => r.externalId === p.entities[2]!.records[0]!.externalId)!.beforeImage!.last_name__sys).not.toBe('Changed-Name');

    const dry = await runRollback(log, client, 'tester', true);
    expect(dry.actions.filter((a) => a.kind === 'delete')).toHaveLength(c.created);
    expect(dry.actions.filter((a) => a.kind === 'restore')).toHaveLength(c.updated + c.unchanged);
    expect(t.server.snapshot()).toEqual(after);
    expect(log.status).toBe('done');

    const real = await runRollback(log, client, 'tester', false);
    expect(real.failed).toEqual([]);
    expect(t.server.snapshot()).toEqual(before);
    expect(log.status).toBe('rolledBack');
    expect(log.rollbacks.map((r) => ({ dryRun: r.dryRun, deleted: r.deleted, restored: r.restored, failed: r.failed.length })))
      .toEqual([{ dryRun: true, deleted: c.created, restored: c.updated + c.unchanged, failed: 0 }, { dryRun: false, deleted: c.created, restored: c.updated + c.unchanged, failed: 0 }]);
  });

  test('interrupted after a batch committed but before its log was saved: the resume (fresh client) creates nothing twice', async () => {
    const p = planOf(ctgovWorkbook(150).sheets);
    const total = p.entities.reduce((n, e) => n + e.records.length, 0);
    // `save` keeps a copy of the log as the disk would hold it, and dies on the save after the
    // third batch: that batch is committed in the target but not in the saved log.
    let disk = '';
    const dying = (l: TransferLog) => { if (l.batches.length === 3) throw new Error('killed'); disk = JSON.stringify(l); };
    await expect(transfer(p, clientFor(t), t, dying, 40)).rejects.toThrow('killed');
    const saved = JSON.parse(disk) as TransferLog;
    expect(saved.status).toBe('running');
    const inTarget = p.entities.reduce((n, e) => n + externalIdCounts(t.server, e.object).size, 0);
    const logged = countLog(saved).sent;
    const unlogged = inTarget - logged;
    expect(unlogged).toBeGreaterThan(0); // the unlogged batch is in the target
    const log = await runTransfer(p, saved, { target: clientFor(t), targetUrl: t.url, who: 'tester', batchSize: 40, save: () => undefined });
    expect(log.status).toBe('done');
    // Re-sent records were found already there ('unchanged'), but their before-image (taken before
    // the first send, kept in the log) says this transfer created them.
    expect(countLog(log)).toMatchObject({ sent: total, created: total, updated: 0, unchanged: 0, failed: 0 });
    expect(log.entities.flatMap((e) => e.records).filter((r) => r.result?.event === 'unchanged')).toHaveLength(unlogged);
    for (const e of p.entities) {
      const ids = externalIdCounts(t.server, e.object);
      expect(ids.size).toBe(e.records.length);
      expect([...ids.values()].every((n) => n === 1)).toBe(true);
    }
  });

  test('expired sessions mid-transfer: the client signs in again and the transfer finishes, exactly once', async () => {
    const events: ClientEvent[] = [];
    const client = clientFor(t, { onEvent: (e) => events.push(e) });
    const { sheets } = ctgovWorkbook(150);
    const p = planOf(sheets);
    let saves = 0;
    const log = await transfer(p, client, t, () => { if (++saves % 3 === 0) t.server.expireSessions(); }, 40);
    expect(log.status).toBe('done');
    expect(countLog(log).failed).toBe(0);
    const reauths = events.filter((e) => e.kind === 'reauth').length;
    const signIns = events.filter((e) => e.kind === 'signedIn').length;
    expect(reauths).toBeGreaterThanOrEqual(5);
    // Requests in flight together when a session expires share one new sign-in: never more sign-ins
    // than the first one plus one per expiry, and at least one after an expiry.
    const expiries = Math.floor(saves / 3);
    expect(signIns).toBeGreaterThan(1);
    expect(signIns).toBeLessThanOrEqual(Math.min(reauths, expiries) + 1);
    for (const e of p.entities) expect([...externalIdCounts(t.server, e.object).values()].filter((n) => n !== 1)).toEqual([]);
    expect((await reconcile(log, client)).discrepancies).toEqual([]);
  });
});

test('429 answers (Retry-After) are waited out and retried; the log counts the attempts', async () => {
  const t = await startTarget({ faults: { rate: 0.3, seed: 7, kinds: ['http429'], retryAfterSec: 0.05 } });
  try {
    const events: ClientEvent[] = [];
    const client = clientFor(t, { onEvent: (e) => events.push(e), maxRetries: 20 });
    const p = planOf(ctgovWorkbook(150).sheets);
    const log = await transfer(p, client, t, undefined, 40);
    expect(log.status).toBe('done');
    const c = countLog(log);
    expect(c.failed).toBe(0);
    expect(c.created).toBe(c.sent);
    const retries = events.filter((e): e is Extract<ClientEvent, { kind: 'retry' }> => e.kind === 'retry');
    expect(retries.length).toBeGreaterThan(0);
    expect(retries.every((r) => r.reason === 'HTTP 429' && r.waitMs === 50)).toBe(true);
    expect(t.server.faultCounts().http429).toBe(retries.length);
    const writeRetries = retries.filter((r) => r.path.startsWith('/vobjects/')).length;
    expect(log.batches.reduce((n, b) => n + b.attempts - 1, 0)).toBe(writeRetries);
    for (const e of p.entities) expect(externalIdCounts(t.server, e.object).size).toBe(e.records.length);
  } finally {
    await t.stop();
  }
});
