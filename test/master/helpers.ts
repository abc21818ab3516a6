import { readFileSync } from 'fs';
import { join } from 'path';

export const FIXTURES = join(__dirname, '..', 'fixtures');

export function fixture(rel: string): string {
  return readFileSync(join(FIXTURES, rel), 'utf8');
}

/** One CSV reader for every test (RFC 4180: quoted fields, doubled quotes, embedded commas and newlines). */
export { parseCsv } from '../../testing/builders/csv';
