import path from 'node:path';
import { promises as fs } from 'node:fs';
import { parseTransferLog, type TransferLog } from '../core/transfer/log';
import { changeLine, checkpointLine, replayJournal } from '../core/transfer/journal';
import type { LogSink } from '../app/submit';
import { InputError } from './errors';
import { writeTextAtomic } from './output';
import { userDir } from './paths';

/** FILE.transfer-ID.json next to the workbook. */
export function logPathFor(file: string, transferId: string): string {
  const base = path.basename(file).replace(/\.xlsx$/i, '');
  return path.join(path.dirname(path.resolve(file)), `${base}.transfer-${transferId}.json`);
}

/**
 * While a transfer runs its log is a journal, FILE.transfer-ID.jsonl (see core/transfer/journal.ts);
 * the readable FILE.transfer-ID.json is written when it ends and the journal removed. Either name
 * stands for the log: the journal, while it exists, is the newer of the two.
 */
export function journalPathFor(logPath: string): string {
  return /\.jsonl$/i.test(logPath) ? logPath : `${logPath}l`;
}

/** The readable log's path for a path naming the log or its journal. */
export function logPathOf(file: string): string {
  return /\.jsonl$/i.test(file) ? file.slice(0, -1) : file;
}

export async function findLog(id: string, explicit?: string): Promise<string> {
  if (explicit) return logPathOf(explicit);
  // The folder the user is in (not the package folder `npm run cli` moves to).
  const dir = userDir();
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith(`.transfer-${id}.json`) || f.endsWith(`.transfer-${id}.jsonl`));
  if (!files.length) throw new InputError(`No transfer log for ${id} in ${dir}; pass --log FILE`);
  return logPathOf(path.join(dir, files[0]!));
}

async function readIfThere(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InputError(`Cannot read transfer log ${file}`);
  }
}

/** A log is checked before anything acts on it: rollback deletes the records it names. */
export async function readLog(given: string): Promise<TransferLog> {
  const file = logPathOf(given);
  const journal = journalPathFor(file);
  const steps = await readIfThere(journal);
  if (steps !== null) {
    try {
      return replayJournal(steps);
    } catch (e) {
      throw new InputError(`${journal} is ${(e as Error).message}`);
    }
  }
  const text = await readIfThere(file);
  if (text === null) throw new InputError(`Cannot read transfer log ${file}`);
  try {
    return parseTransferLog(JSON.parse(text));
  } catch (e) {
    throw new InputError(`${file} is ${e instanceof SyntaxError ? 'not JSON' : (e as Error).message}`);
  }
}

/**
 * The log of a transfer kept as a journal while it runs: a save without a change starts the
 * journal afresh with the whole log (a new transfer, a resume, which so compacts it); a change is
 * one appended line. Once the log is no longer running, the readable log is written whole and
 * the journal removed, in that order, so at every moment one of them holds the whole log.
 */
export function journalledLogFile(file: string): LogSink {
  const jsonPath = logPathOf(file);
  const journal = journalPathFor(jsonPath);
  let handle: fs.FileHandle | null = null;
  const close = async () => { const h = handle; handle = null; await h?.close(); };
  return {
    async save(log, change) {
      if (change && handle) await handle.write(changeLine(change));
      else if (log.status === 'running') {
        // No journal yet (or the whole log was asked for): this log is the new checkpoint.
        await close();
        await writeTextAtomic(journal, checkpointLine(log));
        handle = await fs.open(journal, 'a');
      }
      if (log.status === 'running') return;
      await close();
      await writeTextAtomic(jsonPath, `${JSON.stringify(log, null, 1)}\n`);
      await fs.rm(journal, { force: true });
    },
    // A stopped transfer keeps its journal on disk (to resume from); only the handle goes.
    close,
  };
}

/**
 * Every other transfer log in the folder of `file` (a rollback looks for later transfers that sent
 * its records again), each read as readLog reads it. One that cannot be read is named in `unreadable`.
 */
export async function logsBeside(file: string): Promise<{ logs: { file: string; log: TransferLog }[]; unreadable: string[] }> {
  const dir = path.dirname(path.resolve(file));
  const self = path.resolve(logPathOf(file));
  const names = new Set((await fs.readdir(dir)).filter((f) => /\.transfer-.+\.jsonl?$/i.test(f)).map((f) => path.join(dir, logPathOf(f))));
  names.delete(self);
  const out: { logs: { file: string; log: TransferLog }[]; unreadable: string[] } = { logs: [], unreadable: [] };
  for (const f of [...names].sort()) {
    try {
      out.logs.push({ file: f, log: await readLog(f) });
    } catch {
      out.unreadable.push(f);
    }
  }
  return out;
}
