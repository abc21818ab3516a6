import { defaultStandard } from '../../src/core/standard/load';
import { planTransfer, startLog, runTransfer, runRollback, rollbackPlan, countLog, rowStatuses, reconcile, type TransferPlan, type PlanOptions } from '../../src/core/transfer';
import { MemoryCtms } from '../../testing/memory-ctms';
import { clean, wb, TODAY, type Sheets } from '../../testing/builders/wb';
import { memorySave } from './helpers';

const std = defaultStandard();
// The plan engine in the standard's own terms; what a target profile makes of it is tested in target-profile-send.test.ts.
const plan = (sheets: Sheets, opts: PlanOptions = {}) => planTransfer(std, wb(sheets), { today: TODAY, profile: null, ...opts });
const entity = (p: TransferPlan, key: string) => p.entities.find((e) => e.entity === key)!;
const sentRows = (p: TransferPlan, key: string) => entity(p, key).records.map((r) => r.row);
const held = (p: TransferPlan, key: string) => entity(p, key).heldBack.map((h) => [h.row, h.reason] as const);

async function send(p: TransferPlan, target = new MemoryCtms()) {
  const saved = memorySave();
  const log = await runTransfer(p, startLog(p, { targetUrl: 'memory:', who: 'tester' }), { target, targetUrl: 'memory:', who: 'tester', save: saved.save });
  return { target, log, saved };
}

/** clean() plus a second investigator at the same site organization, a second site and its staff. */
function bigger(): Sheets {
  const s = clean();
  s.Investigators!.push({ Email: 'bob.jones@mayo.org', 'First Name': 'Bob', 'Last Name': 'Jones', Title: 'Dr.', 'Organization ID': 'ORG-1', Country: 'US' });
  s.Sites!.push({ ...s.Sites![0]!, 'Site Number': '002', 'Principal Investigator Email': 'bob.jones@mayo.org' });
  s['Site Staff']!.push({ ...s['Site Staff']![0]!, 'Site Number': '002', Email: 'bob.jones@mayo.org' });
  return s;
}

describe('planTransfer', () => {
  test('a clean workbook: every row planned, in dependency order, references kept as external ids', () => {
    const p = plan(clean());
    expect(p.standard).toEqual({ id: std.id, version: std.version });
    expect(p.entities.map((e) => e.entity)).toEqual(['organization', 'study', 'person', 'site', 'site_staff']);
    expect(p.entities.map((e) => e.object)).toEqual(['organization__v', 'study__v', 'person__sys', 'site__v', 'study_person__clin']);
    expect(p.entities.every((e) => e.heldBack.length === 0)).toBe(true);
    const site = entity(p, 'site').records[0]!;
    expect(site.externalId).toBe('ABC-123-001');
    expect(site.fields).toMatchObject({ external_id__v: 'ABC-123-001', name__v: '001', site_status__v: 'Enrolling', country__v: 'US', site_activation_date__v: '2021-01-04', subjects_screened__v: 10 });
    expect(site.refs).toEqual({ study__v: ['study', 'ABC-123'], organization__v: ['organization', 'ORG-1'], principal_investigator__v: ['person', 'ann.smith@mayo.org'] });
    const staff = entity(p, 'site_staff').records[0]!;
    expect(staff.refs).toEqual({ study__clin: ['study', 'ABC-123'], site__clin: ['site', 'ABC-123-001'], person__clin: ['person', 'ann.smith@mayo.org'] });
    expect(staff.externalId).toBe('ABC-123-001-ann.smith@mayo.org-Principal Investigator-2021-01-04');
  });

  test('rows with errors are held back with the reason; the others are sent', () => {
    const s = bigger();
    s.Investigators![1]!['Last Name'] = null; // required
    const p = plan(s);
    expect(sentRows(p, 'person')).toEqual([2]);
    expect(held(p, 'person')).toEqual([[3, expect.stringMatching(/^errors: required in C3/)]]);
  });

  test('rows with pending proposals wait unless proposals are accepted, and then go with the proposed value', () => {
    const s = clean();
    s.Organizations![0]!.Country = 'United States';
    const waiting = plan(s);
    expect(held(waiting, 'organization')).toEqual([[2, '1 proposed transformation not accepted']]);
    const accepted = plan(s, { acceptProposals: true });
    expect(entity(accepted, 'organization').heldBack).toEqual([]);
    expect(entity(accepted, 'organization').records[0]!.fields.country__v).toBe('US');
  });

  test('a held-back row holds back every row that references it, transitively, with the reason', () => {
    const s = bigger();
    s.Investigators![1]!.Email = 'not-an-email'; // Bob's row fails; site 002 and its staff point at bob.jones@mayo.org
    const p = plan(s);
    expect(sentRows(p, 'person')).toEqual([2]);
    expect(sentRows(p, 'site')).toEqual([2]);
    expect(held(p, 'site').map(([row]) => row)).toEqual([3]);
    // The site is held back by the verify engine (unknown PI) or by propagation; either way it says why.
    expect(held(p, 'site')[0]![1]).toMatch(/reference|person bob\.jones@mayo\.org/);
    expect(sentRows(p, 'site_staff')).toEqual([2]);
    expect(held(p, 'site_staff').map(([row]) => row)).toEqual([3]);
  });

  test('propagation alone: an organization held back by a proposal holds back its investigators, their sites and staff', () => {
    const s = bigger();
    s.Organizations![0]!.Country = 'United States'; // only a proposal: the reference itself stays valid for the verify engine
    const p = plan(s);
    expect(held(p, 'organization')).toEqual([[2, '1 proposed transformation not accepted']]);
    expect(held(p, 'person')).toEqual([
      [2, 'references organization ORG-1, which is held back or missing'],
      [3, 'references organization ORG-1, which is held back or missing'],
    ]);
    expect(held(p, 'site').map(([, why]) => why)).toEqual(['references organization ORG-1, which is held back or missing', 'references organization ORG-1, which is held back or missing']);
    expect(held(p, 'site_staff').map(([, why]) => why)).toEqual(['references site ABC-123-001, which is held back or missing', 'references site ABC-123-002, which is held back or missing']);
    expect(sentRows(p, 'study')).toEqual([2]); // the sponsor is another organization
  });

  test('references to records already in the target resolve (external ids or verify-style keys)', () => {
    const s = clean();
    delete s.Organizations;
    const none = plan(s);
    expect(entity(none, 'study').heldBack.length).toBe(1);
    const p = plan(s, { targetKeys: { organization: new Set(['ORG-1', 'ORG-SP']) } });
    expect(entity(p, 'study').heldBack).toEqual([]);
    expect(entity(p, 'site').heldBack).toEqual([]);
    // Composite keys as the verify engine documents them (values joined by \u0001).
    const staffOnly: Sheets = { 'Site Staff': clean()['Site Staff']! };
    const q = plan(staffOnly, { targetKeys: { study: new Set(['ABC-123']), site: new Set(['ABC-123\u0001001']), person: new Set(['ann.smith@mayo.org']) } });
    expect(entity(q, 'site_staff').heldBack).toEqual([]);
    expect(entity(q, 'site_staff').records[0]!.refs.site__clin).toEqual(['site', 'ABC-123-001']);
  });

  test('merged rows (row list) are not sent; rows that reference them are held back', () => {
    const p = plan(bigger(), { mergedRows: { Investigators: [3] } });
    expect(sentRows(p, 'person')).toEqual([2]);
    expect(held(p, 'person')).toEqual([[3, 'merged into another row by a duplicate decision']]);
    expect(held(p, 'site')).toEqual([[3, 'references person bob.jones@mayo.org, which is held back or missing']]);
  });

  test('merged rows (merged → kept) are not sent, and references to them follow the kept record', async () => {
    const p = plan(bigger(), { mergedRows: { Investigators: { 3: 2 } } });
    expect(sentRows(p, 'person')).toEqual([2]);
    expect(held(p, 'person')).toEqual([[3, 'merged into row 2 by a duplicate decision']]);
    expect(sentRows(p, 'site')).toEqual([2, 3]);
    const site2 = entity(p, 'site').records[1]!;
    expect(site2.refs.principal_investigator__v).toEqual(['person', 'ann.smith@mayo.org']);
    expect(entity(p, 'site_staff').records[1]!.refs.person__clin).toEqual(['person', 'ann.smith@mayo.org']);
    // Sent: site 002's PI and its staff row's person are Ann's target record.
    const { target, log } = await send(p);
    const ann = target.records('person__sys');
    expect(ann).toHaveLength(1);
    const sites = target.records('site__v');
    expect(sites.map((x) => x.principal_investigator__v)).toEqual([ann[0]!.id, ann[0]!.id]);
    expect(target.records('study_person__clin').map((x) => x.person__clin)).toEqual([ann[0]!.id, ann[0]!.id]);
    expect(rowStatuses(log).get('Investigators\u00013')).toEqual({ status: 'held back: merged into row 2 by a duplicate decision', targetId: null });
  });

  test('merged into a row that is itself held back: children are held back and say so', () => {
    const s = bigger();
    s.Investigators![0]!['First Name'] = null; // Ann (the kept row) has an error
    const p = plan(s, { mergedRows: { Investigators: { 3: 2 } } });
    expect(sentRows(p, 'person')).toEqual([]);
    expect(held(p, 'site').map(([row, why]) => [row, why])).toEqual([
      [2, 'references person ann.smith@mayo.org, which is held back or missing'],
      [3, 'references person bob.jones@mayo.org, merged into ann.smith@mayo.org, which is held back or missing'],
    ]);
  });
});

describe('runTransfer against MemoryCtms', () => {
  test('sends in dependency order and resolves references to target ids', async () => {
    const { target, log, saved } = await send(plan(bigger()));
    expect(target.calls.map((c) => c.object)).toEqual(['organization__v', 'study__v', 'person__sys', 'site__v', 'study_person__clin']);
    const byExt = (object: string) => new Map(target.records(object).map((r) => [String(r.external_id__v), String(r.id)]));
    const orgs = byExt('organization__v');
    const study = target.records('study__v')[0]!;
    expect(study.sponsor__v).toBe(orgs.get('ORG-SP'));
    const persons = byExt('person__sys');
    const site2 = target.records('site__v').find((x) => x.external_id__v === 'ABC-123-002')!;
    expect(site2).toMatchObject({ study__v: study.id, organization__v: orgs.get('ORG-1'), principal_investigator__v: persons.get('bob.jones@mayo.org') });
    const staff = target.records('study_person__clin').find((x) => String(x.external_id__v).startsWith('ABC-123-002'))!;
    expect(staff).toMatchObject({ study__clin: study.id, site__clin: site2.id, person__clin: persons.get('bob.jones@mayo.org'), email__clin: 'bob.jones@mayo.org' });
    // The log holds each request as sent (ids, not external ids) and each result.
    const loggedSite = log.entities[3]!.records[1]!;
    expect(loggedSite.request.principal_investigator__v).toBe(persons.get('bob.jones@mayo.org'));
    expect(loggedSite.result).toMatchObject({ ok: true, id: site2.id, event: 'created', attempts: 1 });
    expect(loggedSite.beforeImage).toBeNull();
    expect(log.status).toBe('done');
    expect(log.batches.map((b) => b.object)).toEqual(['organization__v', 'study__v', 'person__sys', 'site__v', 'study_person__clin']);
    expect(countLog(log)).toEqual({ sent: 9, created: 9, updated: 0, unchanged: 0, failed: 0, heldBack: 0, pending: 0 });
    // Saved before (images) and after every batch, and at the end.
    expect(saved.saves.length).toBe(5 * 2 + 1);
    expect(saved.saves[0]!.entities[0]!.records.every((r) => r.imaged && !r.result)).toBe(true);
    expect((await reconcile(log, target)).discrepancies).toEqual([]);
  });

  test('a record refused by the target fails its children without sending them', async () => {
    const target = new MemoryCtms({ references: undefined, reject: (object, rec) => (object === 'person__sys' && rec.email__sys === 'bob.jones@mayo.org' ? { type: 'INVALID_DATA', message: 'refused' } : undefined) });
    const { log } = await send(plan(bigger()), target);
    const statuses = rowStatuses(log);
    expect(statuses.get('Investigators\u00013')!.status).toBe('failed: INVALID_DATA: refused');
    expect(statuses.get('Sites\u00013')!.status).toBe('failed: person bob.jones@mayo.org has no target id (its record failed)');
    expect(log.entities[3]!.records[1]!.result!.attempts).toBe(0);
    expect(statuses.get('Sites\u00012')).toEqual({ status: 'sent', targetId: expect.any(String) });
    expect(log.status).toBe('failed');
    expect(countLog(log)).toMatchObject({ sent: 6, failed: 3 });
  });

  test('the same plan twice: nothing new, second run all unchanged; before-images decide created vs updated', async () => {
    const p = plan(bigger());
    const { target } = await send(p);
    const before = target.snapshot();
    const second = await send(p, target);
    expect(target.snapshot()).toEqual(before);
    expect(countLog(second.log)).toEqual({ sent: 9, created: 0, updated: 0, unchanged: 9, failed: 0, heldBack: 0, pending: 0 });
    expect(second.log.entities.flatMap((e) => e.records).every((r) => r.beforeImage !== null)).toBe(true);
  });

  test('rollback: dry run first, then children before parents; updated records restored from their before-images', async () => {
    const target = new MemoryCtms();
    const s = bigger();
    const first = clean(); // Ann's workbook goes first: the second transfer updates Ann and creates Bob
    await send(plan(first), target);
    const before = target.snapshot();
    s.Investigators![0]!['Last Name'] = 'Smith-Jones';
    const { log } = await send(plan(s), target);
    expect(countLog(log)).toMatchObject({ created: 3, updated: 1, unchanged: 5 });
    const actions = rollbackPlan(log);
    expect(actions.filter((a) => a.kind === 'delete').map((a) => a.object)).toEqual(['study_person__clin', 'site__v', 'person__sys']);
    const restoreAnn = actions.find((a) => a.kind === 'restore' && a.externalId === 'ann.smith@mayo.org')!;
    expect(restoreAnn.restore!.last_name__sys).toBe('Smith');
    const objects = actions.map((a) => a.object);
    expect(objects).toEqual([...objects].sort((a, b) => ['study_person__clin', 'site__v', 'person__sys', 'study__v', 'organization__v'].indexOf(a) - ['study_person__clin', 'site__v', 'person__sys', 'study__v', 'organization__v'].indexOf(b)));
    const dry = await runRollback(log, target, 'tester', true);
    expect(dry.actions).toEqual(actions);
    expect(target.snapshot()).not.toEqual(before);
    expect(log.status).toBe('done');
    const real = await runRollback(log, target, 'tester', false);
    expect(real.failed).toEqual([]);
    expect(target.snapshot()).toEqual(before);
    expect(log.status).toBe('rolledBack');
    expect(log.rollbacks.map((r) => [r.dryRun, r.deleted, r.restored])).toEqual([[true, 3, 6], [false, 3, 6]]);
  });

  test('resume after the workbook was edited (row fixed, row inserted above): log records pair by external id, nothing is sent twice', async () => {
    const target = new MemoryCtms();
    const s = bigger();
    s.Investigators![0]!['First Name'] = null; // Ann has an error: she, site 001 and its staff wait
    const p1 = plan(s);
    const { log } = await send(p1, target);
    expect(countLog(log)).toMatchObject({ sent: 6, heldBack: 3 });
    const sentIds = new Map(log.entities.flatMap((e) => e.records).map((r) => [r.externalId, r.result!.id]));
    // The steward fixes Ann and inserts a new organization as the first data row: every organization row moves down.
    s.Investigators![0]!['First Name'] = 'Ann';
    s.Organizations!.unshift({ 'Organization ID': 'ORG-0', 'Organization Name': 'Boston Clinic', 'Organization Type': 'Clinic', City: 'Boston', Country: 'US' });
    const p2 = plan(s);
    const calls = target.calls.length;
    const resumed = await runTransfer(p2, log, { target, targetUrl: 'memory:', who: 'tester', save: () => undefined });
    expect(resumed.status).toBe('done');
    // Only the new and the previously held-back records went out.
    expect(target.calls.slice(calls).map((c) => [c.object, c.count])).toEqual([['organization__v', 1], ['person__sys', 1], ['site__v', 1], ['study_person__clin', 1]]);
    expect(countLog(resumed)).toEqual({ sent: 10, created: 10, updated: 0, unchanged: 0, failed: 0, heldBack: 0, pending: 0 });
    const records = resumed.entities.flatMap((e) => e.records);
    expect(new Set(records.map((r) => r.externalId)).size).toBe(records.length);
    for (const [ext, id] of sentIds) expect(records.find((r) => r.externalId === ext)!.result!.id).toBe(id);
    // Statuses follow the rows where they are now.
    const st = rowStatuses(resumed);
    expect(st.get('Organizations\u00012')!.targetId).toBe(target.records('organization__v').find((r) => r.external_id__v === 'ORG-0')!.id);
    expect(st.get('Organizations\u00013')!.targetId).toBe(sentIds.get('ORG-1'));
    expect(Object.fromEntries(Object.entries(target.snapshot()).map(([o, rows]) => [o, rows.length]))).toEqual({ organization__v: 3, study__v: 1, person__sys: 2, site__v: 2, study_person__clin: 2 });
  });

  test('a rolled-back transfer, or another target, cannot be resumed', async () => {
    const p = plan(clean());
    const { target, log } = await send(p);
    const opts = { target, targetUrl: 'memory:', who: 'tester', save: () => undefined };
    await expect(runTransfer(p, log, { ...opts, targetUrl: 'https://other.example.com' })).rejects.toThrow(/went to memory:/);
    await runRollback(log, target, 'tester', false);
    await expect(runTransfer(p, log, opts)).rejects.toThrow(/was rolled back/);
    expect(target.snapshot()).toEqual({});
  });

  test('a rollback that partly failed can be run again: records already deleted count as done', async () => {
    const target = new MemoryCtms();
    const { log } = await send(plan(clean()), target);
    // Someone adds a site in the target under our organization after the transfer: deleting the organization is refused.
    const org = target.records('organization__v').find((r) => r.external_id__v === 'ORG-1')!;
    const study = target.records('study__v')[0]!;
    const [foreign] = await target.upsert('site__v', [{ external_id__v: 'OTHER-9', name__v: '9', study__v: study.id, organization__v: org.id }], 'external_id__v');
    const first = await runRollback(log, target, 'tester', false);
    // Refused: the study (the foreign site references it), ORG-1 (likewise) and ORG-SP (the study's sponsor).
    expect(first.failed.map((f) => f.error.split(':')[0])).toEqual(['OPERATION_NOT_ALLOWED', 'OPERATION_NOT_ALLOWED', 'OPERATION_NOT_ALLOWED']);
    expect(log.status).toBe('done');
    await target.delete('site__v', [foreign!.id!]);
    const second = await runRollback(log, target, 'tester', false);
    expect(second.failed).toEqual([]);
    expect(log.status).toBe('rolledBack');
    expect(target.snapshot()).toEqual({});
  });
});
