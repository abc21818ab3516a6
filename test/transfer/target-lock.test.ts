/**
 * The lock marker in the target (issue 13): a transfer of another workbook that would send some of
 * the same records is refused with who holds them and since when, before any log or write; a
 * transfer of other records goes on; --break-lock takes over a stale marker; of two that start at
 * once exactly one goes on; a target without the lock object has no marker and nothing fails.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defaultStandard } from '../../src/core/standard/load';
import { planTransfer } from '../../src/core/transfer';
import { acquireTargetLock, lockKeys, MARKER_CHARS, type LockTarget } from '../../src/app/target-lock';
import { clean, wb, TODAY, type Sheets } from '../../testing/builders/wb';
import { writeXlsx, xlsxOf } from '../../testing/builders/cli';
import { oneLine, runMain } from '../../testing/builders/cli-main';
import { VaultClient } from '../../src/connectors';
import { clientFor, withTarget, type Target } from './helpers';

const std = defaultStandard();
const OBJECT = 'transfer_lock__c';
const keysOf = (sheets: Sheets) => lockKeys(planTransfer(std, wb(sheets), { today: TODAY }));
const markers = (t: Target) => t.server.db.prepare(`SELECT transfer__c AS transfer, holder__c AS holder FROM "${OBJECT}" ORDER BY id`).all() as { transfer: string; holder: string }[];
const withoutMarkers = (snap: Record<string, unknown[]>) => ({ ...snap, [OBJECT]: [] });

describe('the lock marker in the reference server', () => {
  const target = withTarget();
  afterEach(() => { target().server.db.prepare(`DELETE FROM "${OBJECT}"`).run(); });

  test('a second transfer of overlapping records from another workbook is refused with who and since when; no log, nothing sent', async () => {
    const t = target();
    // Another workbook with the same records, being transferred from another machine.
    const held = await acquireTargetLock(clientFor(t), keysOf(clean()), { object: OBJECT, transferId: 'T-ALICE', holder: 'alice on host-b (other.xlsx)', since: '2026-12-02T07:30:00.000Z' });
    expect(held.held).toBe(true);
    const file = await writeXlsx(xlsxOf(clean() as never), path.join(t.dir, 'mine.xlsx'));
    const snap = t.server.snapshot();
    const r = await runMain('submit', file, '--target', t.url);
    expect(r.code).toBe(2);
    const sent = keysOf(clean()).length;
    expect(oneLine(r)).toBe(`ctms-collect: ${sent} records of this transfer are being transferred by alice on host-b (other.xlsx) (transfer T-ALICE) since 2026-12-02T07:30:00.000Z; wait for it to end, or if it was stopped, run again with --break-lock`);
    expect(t.server.snapshot()).toEqual(snap);
    expect((await fs.readdir(t.dir)).filter((f) => f.startsWith('mine.transfer-'))).toEqual([]);
    // The file lock was let go: the refusal is about the target, not this workbook.
    await expect(fs.access(path.join(t.dir, 'mine.ctms-lock'))).rejects.toThrow();

    // Records no one else is sending go through, and their marker goes when the transfer ends.
    const other: Sheets = { Organizations: [{ 'Organization ID': 'ORG-77', 'Organization Name': 'Elsewhere Hospital', 'Organization Type': 'Clinic', City: 'Rochester', Country: 'US' }] };
    const free = await runMain('submit', await writeXlsx(xlsxOf(other as never), path.join(t.dir, 'free.xlsx')), '--target', t.url);
    expect(free.code).toBe(0);
    expect(markers(t)).toEqual([{ transfer: 'T-ALICE', holder: 'alice on host-b (other.xlsx)' }]);

    // Alice's transfer was stopped: the marker is broken deliberately, and this one goes on.
    const broken = await runMain('submit', file, '--target', t.url, '--break-lock');
    expect(broken.code).toBe(0);
    expect(markers(t)).toEqual([]);
  });

  test('of two transfers that start at once, never both go on; the one refused names the other', async () => {
    const t = target();
    const keys = keysOf(clean());
    for (let round = 0; round < 10; round++) {
      const [a, b] = await Promise.allSettled([
        acquireTargetLock(clientFor(t), keys, { object: OBJECT, transferId: 'T-A', holder: 'a', since: '2026-12-02T08:00:00.000Z' }),
        acquireTargetLock(clientFor(t), keys.slice(2), { object: OBJECT, transferId: 'T-B', holder: 'b', since: '2026-12-02T08:00:00.000Z' }),
      ]);
      const won = [a, b].filter((x) => x.status === 'fulfilled');
      const lost = [a, b].filter((x): x is PromiseRejectedResult => x.status === 'rejected');
      expect(won.length).toBeLessThanOrEqual(1);
      for (const l of lost) expect(String(l.reason)).toMatch(/being transferred by (a|b) \(transfer T-(A|B)\) since 2026-12-02T08:00:00.000Z/);
      // Only the one that goes on keeps a marker.
      expect(markers(t).map((m) => m.transfer)).toEqual(won.length ? [a.status === 'fulfilled' ? 'T-A' : 'T-B'] : []);
      for (const w of won) await (w as PromiseFulfilledResult<{ release(): Promise<void> }>).value.release();
      expect(markers(t)).toEqual([]);
    }
  });

  test('while a transfer runs, its marker is in the target and names it', async () => {
    const t = target();
    const file = await writeXlsx(xlsxOf(clean() as never), path.join(t.dir, 'running.xlsx'));
    const seen: { transfer: string; holder: string }[][] = [];
    // Each write of records the transfer sends: the marker must be there by then.
    const original = VaultClient.prototype.upsert;
    const stop = jest.spyOn(VaultClient.prototype, 'upsert').mockImplementation(async function (this: VaultClient, ...args) {
      if (args[0] !== OBJECT) seen.push(markers(t));
      return original.apply(this, args);
    });
    const r = await runMain('submit', file, '--target', t.url, '--out', path.join(t.dir, 'running.out.xlsx'));
    stop.mockRestore();
    expect(r.code).toBe(0);
    const id = r.out.match(/^transfer (T\S+):/m)![1]!;
    expect(seen.length).toBeGreaterThan(0);
    for (const s of seen) expect(s).toEqual([{ transfer: id, holder: expect.stringMatching(/ on .+ \(running\.xlsx\)$/) as unknown as string }]);
    expect(markers(t)).toEqual([]);
  });

  test('a transfer with more keys than one marker holds writes several, and releases them all; a resume replaces its own', async () => {
    const t = target();
    const keys = Array.from({ length: 3000 }, (_, i) => `person__sys:someone.with.a.long.name.${i}@example.org`);
    expect(keys.join('\n').length).toBeGreaterThan(2 * MARKER_CHARS);
    const first = await acquireTargetLock(clientFor(t), keys, { object: OBJECT, transferId: 'T-BIG', holder: 'me', since: '2026-12-02T08:00:00.000Z' });
    expect(markers(t).length).toBeGreaterThanOrEqual(3);
    // Killed: the marker stays; the same transfer resumed takes it over without --break-lock.
    void first;
    const resumed = await acquireTargetLock(clientFor(t), keys, { object: OBJECT, transferId: 'T-BIG', holder: 'me', since: '2026-12-02T08:10:00.000Z' });
    const count = markers(t).length;
    expect(count).toBeGreaterThanOrEqual(3);
    await expect(acquireTargetLock(clientFor(t), keys.slice(-1), { object: OBJECT, transferId: 'T-OTHER', holder: 'you', since: '2026-12-02T08:11:00.000Z' }))
      .rejects.toThrow('1 record of this transfer is being transferred by me (transfer T-BIG) since 2026-12-02T08:10:00.000Z');
    await resumed.release();
    expect(markers(t)).toEqual([]);
    expect(withoutMarkers(t.server.snapshot())).toEqual(t.server.snapshot());
  });
});

test('a target without the lock object: no marker, nothing refused', async () => {
  const calls: string[] = [];
  const target: LockTarget = {
    describeObject: async (o) => { calls.push(`describe ${o}`); throw new Error(`no object ${o}`); },
    query: async () => { calls.push('query'); return []; },
    upsert: async () => { calls.push('upsert'); return []; },
    delete: async () => { calls.push('delete'); return []; },
  };
  const lock = await acquireTargetLock(target, ['organization__v:ORG-1'], { object: OBJECT, transferId: 'T1', holder: 'me', since: '2026-12-02T08:00:00.000Z' });
  expect(lock.held).toBe(false);
  await lock.release();
  expect(calls).toEqual([`describe ${OBJECT}`]);
});
