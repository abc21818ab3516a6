/**
 * The full preflight against the reference server's metadata, read through the Vault client as a
 * real Vault's would be: one test per kind of mismatch (not editable, wrong type, a reference sent
 * as text or to the wrong object, a required field nobody sends, a lookup whose object or key is
 * not there, a picklist label instead of a value name, text too long), each named with its field
 * and value, and a submission that stops with nothing written.
 */
import { defaultStandard } from '../../src/core/standard/load';
import { planTransfer, type TransferPlan } from '../../src/core/transfer';
import { readBackOf, submitPlan } from '../../src/app/submit';
import { PreflightFailed, preflightSubmission } from '../../src/app/preflight';
import { VaultClient } from '../../src/connectors';
import { clean, wb, TODAY } from '../../testing/builders/wb';
import { counts, startTarget, USER, type Target } from './helpers';

const std = defaultStandard();
let t: Target;
let client: VaultClient;

beforeAll(async () => {
  t = await startTarget();
  client = new VaultClient({ baseUrl: t.url, ...USER });
});
afterAll(() => t.stop());

/** The clean workbook's plan under the default Vault profile, with one entity's records edited. */
function planWith(entity: string, edit: (r: TransferPlan['entities'][number]['records'][number]) => void): TransferPlan {
  const plan = planTransfer(std, wb(clean()), { today: TODAY });
  for (const r of plan.entities.find((e) => e.entity === entity)!.records) edit(r);
  return plan;
}

const check = (plan: TransferPlan) => preflightSubmission(plan, client);

test('the clean workbook under the default profile matches the reference server', async () => {
  expect(await check(planTransfer(std, wb(clean()), { today: TODAY }))).toEqual([]);
});

test('a field the target does not let anyone write', async () => {
  expect(await check(planWith('study', (r) => { r.fields.created_date__v = '2021-01-01T00:00:00Z'; }))).toEqual([
    { sheet: 'Studies', object: 'study__v', field: 'created_date__v', message: 'study__v.created_date__v cannot be written (the target marks it not editable), yet a value would be sent to it' },
  ]);
});

test('the server refuses such a write per record, as a Vault would', async () => {
  const [r] = await client.upsert('organization__v', [{ external_id__v: 'ORG-X', name__v: 'X', organization_type__v: 'hospital__v', 'country__vr.name__v': 'US', created_date__v: '2020-01-01T00:00:00Z' }], 'external_id__v');
  expect(r).toMatchObject({ ok: false, error: { type: 'INVALID_DATA', message: 'Field [created_date__v] on object [organization__v] is not editable' } });
});

test('text sent to a Number field and a day-first date to a Date field', async () => {
  const plan = planWith('site', (r) => { r.fields.subjects_enrolled__v = 'eight'; r.fields.fsfv_date__v = '01/02/2021'; });
  expect(await check(plan)).toEqual([
    { sheet: 'Sites', object: 'site__v', field: 'fsfv_date__v', value: '01/02/2021', message: '"01/02/2021" would be sent to site__v.fsfv_date__v, which takes a date written yyyy-mm-dd' },
    { sheet: 'Sites', object: 'site__v', field: 'subjects_enrolled__v', value: 'eight', message: '"eight" would be sent to site__v.subjects_enrolled__v, which takes a number' },
  ]);
});

test('a picklist label instead of the value name', async () => {
  const [p] = await check(planWith('study', (r) => { r.fields.study_phase__v = 'Phase 2'; }));
  expect(p).toMatchObject({ sheet: 'Studies', field: 'study_phase__v', value: 'Phase 2' });
  expect(p!.message).toBe('"Phase 2" is not a value of study__v.study_phase__v; the target has phase_1__v, phase_1_2__v, phase_2__v, phase_2_3__v, phase_3__v, phase_4__v, not_applicable__v');
});

test('a country sent as text to an object field', async () => {
  const plan = planWith('site', (r) => { delete r.fields['country__vr.name__v']; r.fields.country__v = 'US'; });
  expect(await check(plan)).toEqual([
    { sheet: 'Sites', object: 'site__v', field: 'country__v', message: 'site__v.country__v is a reference to country__v on the target, but plain text would be sent to it; send it as a record id or a lookup in the target profile' },
  ]);
});

test('a record id sent to a text field, and a person sent where the target wants another object', async () => {
  const plan = planWith('site', (r) => { r.refs.name__v = ['organization', 'ORG-1']; r.refs.principal_investigator__v = ['organization', 'ORG-1']; delete r.fields.name__v; });
  expect(await check(plan)).toEqual([
    { sheet: 'Sites', object: 'site__v', field: 'principal_investigator__v', message: 'site__v.principal_investigator__v points at person__sys on the target, but the records sent to it are organization__v records' },
    { sheet: 'Sites', object: 'site__v', field: 'name__v', message: 'site__v.name__v is a String field on the target, but a reference to another record would be sent to it' },
  ]);
});

test('a required target field no column is mapped to', async () => {
  expect(await check(planWith('study', (r) => { delete r.fields.study_status__v; }))).toEqual([
    { sheet: 'Studies', object: 'study__v', field: 'study_status__v', message: 'study__v requires study_status__v, but no column of Studies is mapped to it, so every record would be refused' },
  ]);
});

test('lookups: no object behind the relationship, no such key on the object, a key that is not unique', async () => {
  const plan = planWith('organization', (r) => {
    r.fields['city__vr.name__v'] = r.fields.city__v ?? null;
    delete r.fields.city__v;
    r.fields['country__vr.iso_code__v'] = r.fields['country__vr.name__v'] ?? null;
    delete r.fields['country__vr.name__v'];
  });
  const person = planWith('person', (r) => { r.fields['country__vr.country_name__v'] = 'United States'; delete r.fields['country__vr.name__v']; });
  expect(await check(plan)).toEqual([
    { sheet: 'Organizations', object: 'organization__v', field: 'city__vr.name__v', message: 'organization__v has no object field behind city__vr, so city__vr.name__v cannot be looked up' },
    { sheet: 'Organizations', object: 'organization__v', field: 'country__vr.iso_code__v', message: 'country__v has no field iso_code__v to look country__v up by' },
  ]);
  expect(await check(person)).toEqual([
    { sheet: 'Investigators', object: 'person__sys', field: 'country__vr.country_name__v', message: 'country__v.country_name__v is not unique on the target, so country__v cannot be looked up by it' },
  ]);
});

test('text longer than the target field holds', async () => {
  const [p] = await check(planWith('study', (r) => { r.fields.nct_number__v = 'NCT0123456789'; }));
  expect(p).toEqual({ sheet: 'Studies', object: 'study__v', field: 'nct_number__v', value: 'NCT0123456789', message: '"NCT0123456789" (13 characters) would be sent to study__v.nct_number__v, which holds at most 11' });
});

test('a submission with a mismatch stops before anything is written or logged', async () => {
  const before = counts(t.server);
  const saves: unknown[] = [];
  const plan = planWith('site', (r) => { r.fields.subjects_enrolled__v = 'eight'; });
  const out = submitPlan({ plan, target: client, targetUrl: t.url, who: 't', batchSize: 500, logs: { save: (l) => { saves.push(l); } }, preflight: true, readBack: readBackOf(std) });
  await expect(out).rejects.toBeInstanceOf(PreflightFailed);
  await expect(out).rejects.toThrow('Sites (column Subjects Enrolled): "eight" would be sent to site__v.subjects_enrolled__v, which takes a number');
  expect(saves).toEqual([]);
  expect(counts(t.server)).toEqual(before);
});
