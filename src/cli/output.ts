import { promises as fs } from 'node:fs';
import path from 'node:path';

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
