import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError } from './errors';

/**
 * Outputs are written to a temporary file beside the target and renamed into
 * place only when complete, so a failure never leaves a partial file.
 */
export async function writeAtomic(target: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await write(tmp);
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

export async function writeTextAtomic(target: string, text: string): Promise<void> {
  await writeAtomic(target, (tmp) => fs.writeFile(tmp, text, 'utf8'));
}

export function ensureXlsxOut(file: string, input?: string): void {
  if (!/\.xlsx$/i.test(file)) throw new InputError(`Output ${file} must end in .xlsx`);
  if (input && path.resolve(file) === path.resolve(input)) throw new InputError(`Refusing to overwrite the input ${input}; choose another output file`);
}

export async function ensureDirFor(file: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  try {
    const st = await fs.stat(dir);
    if (!st.isDirectory()) throw new Error();
  } catch {
    throw new InputError(`Folder does not exist for output ${file}`);
  }
}

