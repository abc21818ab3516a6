import { VaultClient } from '../../src/connectors';
import { snapshot } from '../../src/server';
import { org, startServer, USER } from './helpers';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('snapshot(db)', () => {
  it('is deterministic and equal again after a transfer is undone (file database, WAL)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctms-snap-'));
    const r = await startServer({ dbFile: join(dir, 'ctms.db') });
    try {
      const c = new VaultClient({ baseUrl: r.url, ...USER });
      const seed = await c.upsert('organization__v', [org(1), org(2)], 'external_id__v');
      const before = snapshot(r.server.db);
      expect(JSON.stringify(snapshot(r.server.db))).toBe(JSON.stringify(before));
      expect(Object.keys(before)).toEqual(['country__v', 'organization__v', 'person__sys', 'site__v', 'study__v', 'study_country__v', 'study_person__clin', 'study_team_role__v', 'transfer_lock__c']);

      // A transfer: one update, new parent and child.
      const beforeImage = await c.getRecord('organization__v', seed[1].id!);
      await c.upsert('organization__v', [org(2, { city__v: 'Lyon', phone__v: '+33100' })], 'external_id__v');
      const [o3] = await c.upsert('organization__v', [org(3)], 'external_id__v');
      const [s] = await c.upsert('study__v', [{ external_id__v: 'S', name__v: 'S', study_phase__v: 'phase_4__v', study_status__v: 'completed__v', sponsor__v: o3.id! }], 'external_id__v');
      expect(snapshot(r.server.db)).not.toEqual(before);

      // Its rollback: children first, then parents, then restore the before-image.
      await c.delete('study__v', [s.id!]);
      await c.delete('organization__v', [o3.id!]);
      const { created_date__v: _c, modified_date__v: _m, ...restore } = beforeImage!;
      await c.update('organization__v', [restore]);
      expect(snapshot(r.server.db)).toEqual(before);
      expect(r.server.db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      await r.server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
