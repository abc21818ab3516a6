import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from './errors';

/**
 * One transfer of a workbook at a time: FILE.ctms-lock next to the workbook,
 * created with 'wx' so that of two submits racing, exactly one gets it. Two
 * transfers of one workbook would both log the same records as created, and
 * rolling back one would delete what the other reports as sent.
 */

export interface LockInfo { who: string; pid: number; host: string; since: string; transferId: string | null }

export interface TransferLock {
  readonly file: string;
  /** Names the transfer once its id is known. */
  setTransfer(transferId: string): Promise<void>;
  release(): Promise<void>;
}

export function lockPathFor(workbook: string): string {
  const base = path.basename(workbook).replace(/\.xlsx$/i, '');
  return path.join(path.dirname(path.resolve(workbook)), `${base}.ctms-lock`);
}

async function readInfo(file: string): Promise<Partial<LockInfo>> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as Partial<LockInfo>;
  } catch {
    return {};
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function acquireTransferLock(workbook: string, opts: { who: string; transferId?: string; breakLock?: boolean; now?: () => Date }): Promise<TransferLock> {
  const file = lockPathFor(workbook);
  const info: LockInfo = { who: opts.who, pid: process.pid, host: os.hostname(), since: (opts.now ?? (() => new Date()))().toISOString(), transferId: opts.transferId ?? null };
  if (opts.breakLock) await fs.rm(file, { force: true });
  const take = () => fs.writeFile(file, `${JSON.stringify(info, null, 1)}\n`, { flag: 'wx' });
  try {
    await take();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const held = await readInfo(file);
    // A transfer killed on this machine left its lock: its process is gone, so resuming needs no --break-lock.
    if (held.host === os.hostname() && typeof held.pid === 'number' && !alive(held.pid)) {
      await fs.rm(file, { force: true });
      return acquireTransferLock(workbook, { ...opts, breakLock: false });
    }
    const what = held.transferId ? `transfer ${held.transferId}` : 'a transfer';
    throw new InputError(`${path.basename(workbook)} is being transferred: ${what} by ${held.who ?? 'someone'} (process ${held.pid ?? '?'} on ${held.host ?? '?'}) since ${held.since ?? 'an unknown time'}; wait for it to end, or if it was stopped, run again with --break-lock`);
  }
  let released = false;
  // A rename of the lock's content still under way when the transfer ends must not recreate the file.
  let pending: Promise<void> = Promise.resolve();
  return {
    file,
    setTransfer: (transferId) => {
      info.transferId = transferId;
      pending = pending.then(async () => { if (!released) await fs.writeFile(file, `${JSON.stringify(info, null, 1)}\n`); }).catch(() => undefined);
      return pending;
    },
    release: async () => {
      await pending;
      released = true;
      await fs.rm(file, { force: true });
    },
  };
}
