/**
 * One transfer of a workbook at a time (issue 13): FILE.ctms-lock next to the
 * workbook, refused with who holds it and since when, broken deliberately with
 * --break-lock, and removed when the transfer ends, also on failure.
 */
import { existsSync, promises as fs, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireTransferLock, lockPathFor } from '../../src/cli/transfer-lock';
import { tmpDir, writeXlsx, xlsxOf } from '../../testing/builders/cli';
import { oneLine, runMain } from '../../testing/builders/cli-main';
import { clean } from '../../testing/builders/wb';
import { startTarget, USER, type Target } from '../transfer/helpers';

const t = tmpDir();
const at = (f: string) => path.join(t.dir, f);
let target: Target;
let data: string;
const env = { ...process.env };

beforeAll(async () => {
  target = await startTarget();
  data = await writeXlsx(xlsxOf(clean() as never), at('data.xlsx'));
  process.env.CTMS_USER = USER.username;
  process.env.CTMS_PASSWORD = USER.password;
});
afterAll(async () => {
  process.env = env;
  await target.stop();
  t.cleanup();
});

test('of two takers racing for the lock, exactly one gets it', async () => {
  const file = at('race.xlsx');
  const both = await Promise.allSettled([acquireTransferLock(file, { who: 'a' }), acquireTransferLock(file, { who: 'b' })]);
  expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  const lock = (both.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireTransferLock>>>).value;
  await lock.setTransfer('T-1');
  expect(JSON.parse(readFileSync(lockPathFor(file), 'utf8'))).toMatchObject({ transferId: 'T-1', pid: process.pid });
  await lock.release();
  expect(existsSync(lockPathFor(file))).toBe(false);
});

test('a second submit of the same workbook is refused with who holds it and since when; nothing is sent', async () => {
  const held = { who: 'ann (ann@pc)', pid: 4242, host: 'pc', since: '2026-01-02T03:04:05.000Z', transferId: 'T20260102-abcdef' };
  writeFileSync(at('data.ctms-lock'), JSON.stringify(held));
  const snap = target.server.snapshot();
  const r = await runMain('submit', data, '--target', target.url, '--out', at('one.xlsx'));
  expect(r.code).toBe(2);
  expect(oneLine(r)).toMatch(/data\.xlsx is being transferred: transfer T20260102-abcdef by ann \(ann@pc\) \(process 4242 on pc\) since 2026-01-02T03:04:05\.000Z; .*--break-lock/);
  expect(target.server.snapshot()).toEqual(snap);
  expect(JSON.parse(readFileSync(at('data.ctms-lock'), 'utf8'))).toEqual(held);
});

test('--break-lock takes over a stale lock; the lock is gone when the transfer ends', async () => {
  expect(existsSync(at('data.ctms-lock'))).toBe(true);
  const r = await runMain('submit', data, '--target', target.url, '--out', at('two.xlsx'), '--break-lock');
  expect(r.code).toBe(0);
  expect(existsSync(at('data.ctms-lock'))).toBe(false);
});

test('the lock is removed when the transfer fails', async () => {
  const spy = jest.spyOn(fs, 'rename').mockRejectedValueOnce(Object.assign(new Error('ENOSPC: no space left on device, rename'), { code: 'ENOSPC', path: at('x') }));
  try {
    const r = await runMain('submit', data, '--target', target.url, '--out', at('three.xlsx'));
    expect(r.code).toBe(2);
    expect(oneLine(r)).toMatch(/did not start: the disk is full .*; nothing was sent/);
  } finally {
    spy.mockRestore();
  }
  expect(existsSync(at('data.ctms-lock'))).toBe(false);
});

test('a lock left on this machine by a process that is gone (a killed transfer) is taken over without --break-lock', async () => {
  const gone = 2 ** 22 + 12345; // above Linux's default pid_max
  writeFileSync(lockPathFor(at('killed.xlsx')), JSON.stringify({ who: 'x', pid: gone, host: os.hostname(), since: '2026-01-01T00:00:00.000Z', transferId: 'T1' }));
  const lock = await acquireTransferLock(at('killed.xlsx'), { who: 'me' });
  expect(JSON.parse(readFileSync(lockPathFor(at('killed.xlsx')), 'utf8'))).toMatchObject({ who: 'me', pid: process.pid });
  await lock.release();
});
