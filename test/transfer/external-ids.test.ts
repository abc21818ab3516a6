/**
 * External ids that cannot collide (issue 13): rows whose parts differ but whose
 * composed external id is the same are held back together before anything is
 * sent — one target record for two rows would cross-link them and lose one from
 * the log. Normal data keeps its external ids unchanged.
 */
import { defaultStandard } from '../../src/core/standard/load';
import { planTransfer, runTransfer, startLog } from '../../src/core/transfer';
import { MemoryCtms } from '../../testing/memory-ctms';
import { clean, wb, TODAY, type Sheets } from '../../testing/builders/wb';
import { memorySave } from './helpers';

const std = defaultStandard();

/** Study ACME-101 site 1-2 and study ACME-101-1 site 2: both compose ACME-101-1-2. */
function colliding(): Sheets {
  const s = clean();
  const study = s.Studies![0]!;
  const site = s.Sites![0]!;
  s.Studies = [{ ...study, 'Study Number': 'ACME-101', 'NCT Number': 'NCT01234568' }, { ...study, 'Study Number': 'ACME-101-1', 'NCT Number': 'NCT01234569' }];
  s.Sites = [{ ...site, 'Study Number': 'ACME-101', 'Site Number': '1-2' }, { ...site, 'Study Number': 'ACME-101-1', 'Site Number': '2' }];
  s['Site Staff'] = [
    { ...s['Site Staff']![0]!, 'Study Number': 'ACME-101', 'Site Number': '1-2' },
    { ...s['Site Staff']![0]!, 'Study Number': 'ACME-101-1', 'Site Number': '2' },
  ];
  return s;
}

test('normal data keeps its external ids', () => {
  const p = planTransfer(std, wb(clean()), { today: TODAY });
  expect(p.entities.find((e) => e.entity === 'site')!.records.map((r) => r.externalId)).toEqual(['ABC-123-001']);
});

test('two sites composing one external id are both held back with the reason, and so are their staff; nothing of them is sent', async () => {
  const p = planTransfer(std, wb(colliding()), { today: TODAY });
  const sites = p.entities.find((e) => e.entity === 'site')!;
  expect(sites.records).toEqual([]);
  expect(sites.heldBack.map((h) => [h.row, h.reason])).toEqual([
    [2, expect.stringMatching(/^same external id ACME-101-1-2 as row 3; the target would keep one record for both/)],
    [3, expect.stringMatching(/^same external id ACME-101-1-2 as row 2;/)],
  ]);
  const staff = p.entities.find((e) => e.entity === 'site_staff')!;
  expect(staff.records).toEqual([]);
  expect(staff.heldBack).toHaveLength(2);

  const target = new MemoryCtms();
  const log = await runTransfer(p, startLog(p, { targetUrl: 'memory:', who: 'tester' }), { target, targetUrl: 'memory:', who: 'tester', save: memorySave().save });
  expect(target.records('site__v')).toEqual([]);
  // One log entry per row: every sent record has its own external id.
  const sent = log.entities.flatMap((e) => e.records.map((r) => `${e.entity}:${r.externalId}`));
  expect(new Set(sent).size).toBe(sent.length);
});

test('two site staff rows with one external id (no uniqueness key on the sheet) are held back', () => {
  const s = clean();
  s['Site Staff']!.push({ ...s['Site Staff']![0]! });
  const staff = planTransfer(std, wb(s), { today: TODAY }).entities.find((e) => e.entity === 'site_staff')!;
  expect(staff.records).toEqual([]);
  expect(staff.heldBack.map((h) => h.row)).toEqual([2, 3]);
});
