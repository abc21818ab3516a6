import path from 'node:path';
import { promises as fs } from 'node:fs';
import { parseTransferLog, type TransferLog } from '../core/transfer/log';
import type { LogSink } from '../app/submit';
import { InputError } from './errors';
import { writeTextAtomic } from './output';
import { userDir } from './paths';

/** FILE.transfer-ID.json next to the workbook. */
export function logPathFor(file: string, transferId: string): string {
  const base = path.basename(file).replace(/\.xlsx$/i, '');
  return path.join(path.dirname(path.resolve(file)), `${base}.transfer-${transferId}.json`);
}

export async function findLog(id: string, explicit?: string): Promise<string> {
  if (explicit) return explicit;
  // The folder the user is in (not the package folder `npm run cli` moves to).
  const dir = userDir();
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith(`.transfer-${id}.json`));
  if (!files.length) throw new InputError(`No transfer log for ${id} in ${dir}; pass --log FILE`);
  return path.join(dir, files[0]!);
}

/** A log is checked before anything acts on it: rollback deletes the records it names. */
export async function readLog(file: string): Promise<TransferLog> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new InputError(`Cannot read transfer log ${file}`);
  }
  try {
    return parseTransferLog(JSON.parse(text));
  } catch (e) {
    throw new InputError(`${file} is ${e instanceof SyntaxError ? 'not JSON' : (e as Error).message}`);
  }
}

export function logFile(file: string): LogSink {
  return { save: (log) => writeTextAtomic(file, `${JSON.stringify(log, null, 1)}\n`) };
}
