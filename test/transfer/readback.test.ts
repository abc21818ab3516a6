/**
 * Values read back from the target in the standard's terms: picklist value names (also through a
 * lookup column) become the sheet's labels through the target profile, so reconciliation and the
 * create/reuse/update classification against the target report meaning, not spelling, and show labels.
 */
import { defaultStandard } from '../../src/core/standard/load';
import { defaultTargetProfile, type TargetProfile } from '../../src/core/target-profile';
import { planTransfer, readBackFor, reconcile, RAW_READBACK, type TransferLog } from '../../src/core/transfer';
import { classifyAgainstTarget } from '../../src/core/master';
import { readBackOf, submitPlan } from '../../src/app/submit';
import { readTargetRecords } from '../../src/cli/target';
import { VaultClient } from '../../src/connectors';
import { cleanWith, clean, wb, TODAY } from '../../testing/builders/wb';
import { memorySave, startTarget, USER, type Target } from './helpers';

const std = defaultStandard();

describe('readBackFor', () => {
  it('turns value names into labels, through lookup columns too; other values stay as the target wrote them', () => {
    const profile: TargetProfile = defaultTargetProfile();
    // A customer's Vault whose Study Team Role records are looked up by their API name.
    profile.entities.site_staff!.references.role = { send: 'lookup', object: 'study_team_role__v', uniqueField: 'api_name__v' };
    profile.entities.site_staff!.picklists.role = { 'Principal Investigator': 'principal_investigator__v', 'Sub-Investigator': 'sub_investigator__v' };
    const rb = readBackFor(profile, std);
    expect(rb.value('study__v', 'study_phase__v', 'phase_3__v')).toBe('Phase 3');
    expect(rb.value('study_person__clin', 'team_role__vr.api_name__v', 'sub_investigator__v')).toBe('Sub-Investigator');
    expect(rb.value('study__v', 'study_phase__v', 'phase_9__c')).toBe('phase_9__c');
    expect(rb.value('site__v', 'subjects_enrolled__v', 8)).toBe(8);
    expect(rb.column('study', 'study_phase__v')).toBe('Phase');
    expect(rb.column('site', 'country__vr.name__v')).toBe('Country');
    expect(readBackFor(null, std).value('study__v', 'study_phase__v', 'phase_3__v')).toBe('phase_3__v');
  });
});

describe('against the reference server', () => {
  let t: Target;
  let client: VaultClient;
  let log: TransferLog;

  beforeAll(async () => {
    t = await startTarget();
    client = new VaultClient({ baseUrl: t.url, ...USER });
    const logs = memorySave();
    const out = await submitPlan({ plan: planTransfer(std, wb(clean()), { today: TODAY }), target: client, targetUrl: t.url, who: 't', batchSize: 500, logs, readBack: readBackOf(std) });
    expect(out.reconciliation.discrepancies).toEqual([]);
    log = out.log;
  });
  afterAll(() => t.stop());

  it('reconciliation reports a changed picklist value with labels and the column, and a same-meaning value not at all', async () => {
    t.server.db.prepare('UPDATE "study__v" SET study_phase__v = ?').run('phase_3__v');
    try {
      const rec = await reconcile(log, client, undefined, readBackOf(std));
      expect(rec.discrepancies).toEqual([
        { entity: 'study', sheet: 'Studies', row: 2, externalId: 'ABC-123', field: 'study_phase__v', column: 'Phase', sent: 'Phase 2', inTarget: 'Phase 3' },
      ]);
      // Without reading back, the same difference is in value names only people of the target would know.
      expect((await reconcile(log, client, undefined, RAW_READBACK)).discrepancies[0]).toMatchObject({ sent: 'phase_2__v', inTarget: 'phase_3__v' });

      // A log written before value names (the label sent) against the target's value name: the same meaning, no discrepancy.
      const older = JSON.parse(JSON.stringify(log)) as TransferLog;
      const study = older.entities.find((e) => e.entity === 'study')!.records[0]!;
      study.request.study_phase__v = 'Phase 3';
      expect((await reconcile(older, client, undefined, readBackOf(std))).discrepancies).toEqual([]);
    } finally {
      t.server.db.prepare('UPDATE "study__v" SET study_phase__v = ?').run('phase_2__v');
    }
  });

  it('dedupe against the target: what was sent is a reuse (labels and country codes read back), a changed phase an update in labels', async () => {
    const records = await readTargetRecords(std, client);
    expect(records.study![0]!.fields.phase).toBe('Phase 2');
    expect(records.site![0]!.fields.country).toBe('US');
    expect(records.site_staff![0]!.fields.role).toBe('Principal Investigator');
    const same = classifyAgainstTarget(std, wb(clean()), records);
    expect(same.filter((c) => c.action !== 'reuse')).toEqual([]);

    const changed = classifyAgainstTarget(std, wb(cleanWith('Studies', { Phase: 'Phase 3' })), records);
    expect(changed.filter((c) => c.action !== 'reuse')).toEqual([
      { sheet: 'Studies', row: 2, action: 'update', targetId: expect.any(String), changes: { phase: ['Phase 2', 'Phase 3'] } },
    ]);
  });
});
