import path from 'node:path';
import { promises as fs } from 'node:fs';
import { InputError } from './errors';
import { glossaryFromCsv, glossaryFromJson, GlossaryError, type Glossary } from '../core/translate';

/**
 * A glossary file (.csv, else JSON) for `validate --glossary` and `translations --glossary`.
 * Anything unreadable is an InputError: one line naming the file and the problem, exit 2.
 */
export async function readGlossaryFile(file: string): Promise<Glossary> {
  let text: string;
  try { text = await fs.readFile(file, 'utf8'); } catch (e) {
    throw new InputError((e as NodeJS.ErrnoException).code === 'ENOENT' ? `Glossary not found: ${file}` : `Cannot read the glossary ${file}: ${(e as Error).message}`);
  }
  try {
    return /\.csv$/i.test(file) ? glossaryFromCsv(text) : glossaryFromJson(text);
  } catch (e) {
    if (e instanceof GlossaryError) throw new InputError(`${path.basename(file)}: ${e.message}`);
    throw e;
  }
}
