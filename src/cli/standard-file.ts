import { promises as fs } from 'node:fs';
import { defaultStandard, parseStandardJson, StandardError } from '../core/standard/load';
import type { Standard } from '../core/standard/schema';
import { InputError } from './errors';

export async function loadStandardOption(file: string | undefined): Promise<Standard> {
  if (!file) return defaultStandard();
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new InputError(`Standard file not found or unreadable: ${file}`);
  }
  try {
    return parseStandardJson(text);
  } catch (e) {
    if (e instanceof StandardError) throw new InputError(`${file} is not a valid standard: ${e.problems.slice(0, 5).join('; ')}${e.problems.length > 5 ? ` (and ${e.problems.length - 5} more)` : ''}`);
    throw e;
  }
}
