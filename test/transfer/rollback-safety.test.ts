/**
 * Rollback cannot hit the wrong target or half-undo (issue 13): a rolled-back
 * transfer is refused, a log from another Vault is refused, records in flight
 * when the CLI was killed are found and deleted, counts say what was done, and
 * a dry run writes nothing — a wrong password included.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultStandard } from '../../src/core/standard/load';
import { planTransfer, runRollback, runTransfer, startLog, type TransferLog } from '../../src/core/transfer';
import { MemoryCtms } from '../../testing/memory-ctms';
import { clean, wb, TODAY } from '../../testing/builders/wb';
import { writeXlsx, xlsxOf } from '../../testing/builders/cli';
import { oneLine, runMain } from '../../testing/builders/cli-main';
import { memorySave, startTarget, USER, type Target } from './helpers';

const std = defaultStandard();

describe('rollback from the command line against the reference server', () => {
  let t: Target;
  let other: Target;
  let logFile: string;
  let log: TransferLog;
  const env = { ...process.env };

  beforeAll(async () => {
    t = await startTarget();
    other = await startTarget({ vaultId: 2000 });
    process.env.CTMS_USER = USER.username;
    process.env.CTMS_PASSWORD = USER.password;
    const file = await writeXlsx(xlsxOf(clean() as never), path.join(t.dir, 'data.xlsx'));
    const r = await runMain('submit', file, '--target', t.url);
    expect(r.code).toBe(0);
    logFile = r.out.match(/^log: (.+)$/m)![1]!;
    log = JSON.parse(readFileSync(logFile, 'utf8')) as TransferLog;
  });
  afterAll(async () => {
    process.env = env;
    await t.stop();
    await other.stop();
  });
  afterEach(() => {
    process.env.CTMS_USER = USER.username;
    process.env.CTMS_PASSWORD = USER.password;
  });

  test('the log keeps the Vault id it went to', () => {
    expect(log.vaultId).toBe('1000');
  });

  test('a log whose address now fronts another Vault is refused, nothing changes', async () => {
    // The same address serving another Vault (a refreshed sandbox, a moved DNS name).
    const moved = path.join(other.dir, 'moved.json');
    writeFileSync(moved, JSON.stringify({ ...log, target: other.url }));
    const snap = other.server.snapshot();
    const r = await runMain('rollback', log.transferId, '--target', other.url, '--log', moved);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toMatch(/went to vault 1000, but .* is vault 2000/);
    expect(other.server.snapshot()).toEqual(snap);
  });

  test('dry run with a wrong password: exit 2, one line, the log untouched', async () => {
    const before = readFileSync(logFile, 'utf8');
    process.env.CTMS_PASSWORD = 'wrong';
    const r = await runMain('rollback', log.transferId, '--target', t.url, '--log', logFile, '--dry-run');
    expect(r.code).toBe(2);
    expect(oneLine(r)).toMatch(/user name or password/);
    expect(readFileSync(logFile, 'utf8')).toBe(before);
  });

  test('dry run reads only: target and log unchanged', async () => {
    const before = readFileSync(logFile, 'utf8');
    const snap = t.server.snapshot();
    const r = await runMain('rollback', log.transferId, '--target', t.url, '--log', logFile, '--dry-run');
    expect([r.code, r.out.trim()]).toEqual([0, 'dry run: would delete 7, would restore 0']);
    expect(readFileSync(logFile, 'utf8')).toBe(before);
    expect(t.server.snapshot()).toEqual(snap);
  });

  test('a transfer already rolled back is refused with a plain message', async () => {
    const first = await runMain('rollback', log.transferId, '--target', t.url, '--log', logFile);
    expect([first.code, first.out.trim()]).toEqual([0, 'deleted 7, restored 0']);
    // A later transfer reuses the external ids: a second rollback would delete its records.
    const again = await runMain('submit', path.join(t.dir, 'data.xlsx'), '--target', t.url, '--out', path.join(t.dir, 'again.xlsx'));
    expect(again.code).toBe(0);
    const snap = t.server.snapshot();
    const r = await runMain('rollback', log.transferId, '--target', t.url, '--log', logFile);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toContain(`Transfer ${log.transferId} was already rolled back; there is nothing left to undo`);
    expect(t.server.snapshot()).toEqual(snap);
  });
});

describe('rollback in the engine', () => {
  const plan = () => planTransfer(std, wb(clean()), { today: TODAY });

  test('records in flight when the transfer was killed (sent, no answer logged) are found by external id and deleted', async () => {
    const target = new MemoryCtms();
    const p = plan();
    const log = await runTransfer(p, startLog(p, { targetUrl: 'memory:', who: 'tester' }), { target, targetUrl: 'memory:', who: 'tester', save: memorySave().save });
    // As if killed after the last batch was sent and before its answer was logged.
    const last = log.entities[log.entities.length - 1]!;
    for (const r of last.records) delete r.result;
    const out = await runRollback(log, target, 'tester', false);
    expect(out.failed).toEqual([]);
    expect(target.snapshot()).toEqual({});
    expect(log.status).toBe('rolledBack');
  });

  test('counts report what was done: refused deletes are not counted as deleted', async () => {
    const target = new MemoryCtms();
    const p = plan();
    const log = await runTransfer(p, startLog(p, { targetUrl: 'memory:', who: 'tester' }), { target, targetUrl: 'memory:', who: 'tester', save: memorySave().save });
    const planned = log.entities.reduce((n, e) => n + e.records.length, 0);
    const org = target.records('organization__v').find((r) => r.external_id__v === 'ORG-1')!;
    const study = target.records('study__v')[0]!;
    await target.upsert('site__v', [{ external_id__v: 'OTHER-9', name__v: '9', study__v: study.id, organization__v: org.id }], 'external_id__v');
    const out = await runRollback(log, target, 'tester', false);
    expect(out.failed).toHaveLength(3);
    expect(out.deleted).toBe(planned - 3);
    expect(log.rollbacks[0]!.deleted).toBe(planned - 3);
  });
});
