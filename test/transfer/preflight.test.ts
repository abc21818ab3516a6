/**
 * Preflight: the target's metadata against what a submission would send. Every mismatch is
 * reported (which sheet, which field, which value, what the target has) and nothing is written.
 */
import { defaultStandard } from '../../src/core/standard/load';
import { planTransfer } from '../../src/core/transfer';
import { dryRunSubmission, submitPlan } from '../../src/app/submit';
import { PreflightFailed, preflightSubmission, type TargetField } from '../../src/app/preflight';
import { MemoryCtms } from '../../testing/memory-ctms';
import { clean, wb, TODAY } from '../../testing/builders/wb';

const std = defaultStandard();
// The fake target below describes the standard's own terms, so the plan stays in them (no target profile).
const plan = () => planTransfer(std, wb(clean()), { today: TODAY, profile: null });

/** Metadata as a Vault configured like the standard would describe it; picklists hold the standard's labels. */
function described(edit: (object: string, fields: TargetField[]) => TargetField[] = (_o, f) => f) {
  return async (object: string): Promise<TargetField[]> => {
    const e = std.entities.find((x) => x.targetObject === object);
    if (!e) throw new Error(`Object ${object} not found`);
    const fields: TargetField[] = [{ name: 'id' }, { name: 'external_id__v' }];
    for (const f of e.fields) {
      if (f.targetField && f.targetField !== 'external_id__v') fields.push({ name: f.targetField, ...(f.picklist && f.targetValue !== 'targetId' ? { type: 'Picklist', picklist: [...f.picklist] } : {}) });
      if (f.targetCopyField) fields.push({ name: f.targetCopyField });
    }
    return edit(object, fields);
  };
}

test('a target that matches passes', async () => {
  expect(await preflightSubmission(plan(), { describeObject: described() })).toEqual([]);
});

test('a missing field, an unknown picklist value and a missing upsert key are each named', async () => {
  const describeObject = described((object, fields) => {
    if (object === 'study__v') return fields.map((f) => (f.name === 'study_phase__v' ? { ...f, picklist: ['phase_1__v', 'phase_2__v', 'phase_3__v'] } : f));
    if (object === 'site__v') return fields.filter((f) => f.name !== 'subjects_completed__v');
    return fields;
  });
  const problems = await preflightSubmission(plan(), { describeObject }, { person__sys: 'external_id__c' });
  expect(problems).toEqual([
    { sheet: 'Studies', object: 'study__v', field: 'study_phase__v', value: 'Phase 2', message: '"Phase 2" is not a value of study__v.study_phase__v; the target has phase_1__v, phase_2__v, phase_3__v' },
    { sheet: 'Investigators', object: 'person__sys', field: 'external_id__c', message: 'person__sys has no field external_id__c' },
    { sheet: 'Sites', object: 'site__v', field: 'subjects_completed__v', message: 'site__v has no field subjects_completed__v' },
  ]);
});

test('an object the target does not have is reported, not thrown', async () => {
  const problems = await preflightSubmission(plan(), { describeObject: described((object, f) => { if (object === 'study_person__clin') throw new Error('MALFORMED_URL: no such object'); return f; }) });
  expect(problems).toEqual([expect.objectContaining({ sheet: 'Site Staff', object: 'study_person__clin', message: expect.stringContaining('no such object') })]);
});

test('submit and dry run stop before anything is written or logged', async () => {
  const target = new MemoryCtms();
  target.describeObject = described((object, fields) => (object === 'site__v' ? fields.filter((f) => f.name !== 'country__v') : fields)) as unknown as MemoryCtms['describeObject'];
  const upserts = jest.spyOn(target, 'upsert');
  const saves: unknown[] = [];
  const p = plan();
  const submitted = submitPlan({ plan: p, target, targetUrl: 'memory:', who: 't', batchSize: 500, logs: { save: (l) => { saves.push(l); } }, preflight: true });
  await expect(submitted).rejects.toBeInstanceOf(PreflightFailed);
  await expect(submitted).rejects.toThrow('Sites: site__v has no field country__v');
  await expect(dryRunSubmission(p, target, 'external_id__v', { preflight: true })).rejects.toThrow(/nothing was sent:\n {2}- Sites: site__v has no field country__v/);
  expect(upserts).not.toHaveBeenCalled();
  expect(saves).toEqual([]);
});

test('with a matching target the submission goes ahead after the preflight', async () => {
  const target = new MemoryCtms();
  target.describeObject = described() as unknown as MemoryCtms['describeObject'];
  const out = await submitPlan({ plan: plan(), target, targetUrl: 'memory:', who: 't', batchSize: 500, logs: { save: () => undefined }, preflight: true });
  expect(out.log.status).toBe('done');
});
