import { promises as fs } from 'node:fs';
import type { TransferLog } from '../core/transfer/log';
import { InputError } from './errors';

/** A transfer log written by submit, refused with one line when it is not one. */
export async function readTransferLogFile(file: string): Promise<TransferLog> {
  let data: unknown;
  try {
    data = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch {
    throw new InputError(`Cannot read transfer log ${file}`);
  }
  const log = data as Partial<TransferLog>;
  if (!log || typeof log.transferId !== 'string' || !Array.isArray(log.entities)) throw new InputError(`${file} is not a transfer log (no transferId or entities)`);
  return { batches: [], rollbacks: [], ...log } as TransferLog;
}
