/**
 * The upsert key comes from the target profile, per object: a Vault that keys sites on a custom
 * unique field gets the external id in that field, upserts on it, and a second submission, the
 * dry run, reconciliation and rollback all find the records by it.
 */
import { defaultStandard } from '../../src/core/standard/load';
import { planTransfer } from '../../src/core/transfer';
import { dryRunSubmission, rollbackTransfer, submitPlan } from '../../src/app/submit';
import { parseTargetProfile, upsertKeysOf } from '../../src/core/target-profile';
import defaultJson from '../../src/core/target-profile/vault-ctms-v1.json';
import { MemoryCtms } from '../../testing/memory-ctms';
import type { TargetRecord, WriteOptions } from '../../src/connectors/types';
import { clean, wb, TODAY } from '../../testing/builders/wb';

const std = defaultStandard();

class RecordingCtms extends MemoryCtms {
  readonly upserts: Array<{ object: string; idParam: string; records: TargetRecord[] }> = [];
  override upsert(object: string, records: TargetRecord[], idParam: string, options?: WriteOptions) {
    this.upserts.push({ object, idParam, records: records.map((r) => ({ ...r })) });
    return super.upsert(object, records, idParam, options);
  }
}

function profileKeys(): Record<string, string> {
  const json = JSON.parse(JSON.stringify(defaultJson)) as { entities: Record<string, { idParam: string }> };
  json.entities.site!.idParam = 'external_id__c';
  return upsertKeysOf(parseTargetProfile(json));
}

const logs = () => ({ save: () => undefined });

test('sites go by the profile\'s key, the other objects by external_id__v', async () => {
  const upsertKeys = profileKeys();
  const target = new RecordingCtms();
  const plan = planTransfer(std, wb(clean()), { today: TODAY });
  const first = await submitPlan({ plan, target, targetUrl: 'memory:', who: 't', batchSize: 500, logs: logs(), upsertKeys });

  const keyOf = Object.fromEntries(target.upserts.map((u) => [u.object, u.idParam]));
  expect(keyOf).toEqual({ organization__v: 'external_id__v', study__v: 'external_id__v', person__sys: 'external_id__v', site__v: 'external_id__c', study_country__v: 'external_id__v', study_person__clin: 'external_id__v' });
  const site = target.upserts.find((u) => u.object === 'site__v')!.records[0]!;
  expect(site.external_id__c).toBe('ABC-123-001');
  expect(site).not.toHaveProperty('external_id__v');
  expect(first.reconciliation.discrepancies).toEqual([]);
  expect(first.reconciliation.missing).toBe(0);

  const dry = await dryRunSubmission(plan, target, upsertKeys);
  expect(dry.find((e) => e.entity === 'site')).toMatchObject({ create: 0, update: 1 });

  // Sent again: found by the custom key, so updated in place, never a second site.
  const again = await submitPlan({ plan, target, targetUrl: 'memory:', who: 't', batchSize: 500, logs: logs(), upsertKeys });
  const siteResults = again.log.entities.find((e) => e.entity === 'site')!.records.map((r) => r.result?.event);
  expect(siteResults).toEqual(['unchanged']);
  expect(await target.query('SELECT id FROM site__v')).toHaveLength(1);

  // Rolling back the first transfer deletes what it created, sites found by their custom key.
  const rb = await rollbackTransfer({ log: first.log, target, targetUrl: 'memory:', who: 't', dryRun: false, logs: logs(), upsertKeys });
  expect(rb.failed).toEqual([]);
  expect(await target.query('SELECT id FROM site__v')).toHaveLength(0);
});

test('without a profile every object goes by external_id__v as before', async () => {
  const target = new RecordingCtms();
  const plan = planTransfer(std, wb(clean()), { today: TODAY });
  await submitPlan({ plan, target, targetUrl: 'memory:', who: 't', batchSize: 500, logs: logs() });
  expect(new Set(target.upserts.map((u) => u.idParam))).toEqual(new Set(['external_id__v']));
});
