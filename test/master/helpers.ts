import { readFileSync } from 'fs';
import { join } from 'path';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'master');

export function fixture(rel: string): string {
  return readFileSync(join(FIXTURES, rel), 'utf8');
}

/** Minimal RFC 4180 CSV reader (quoted fields, doubled quotes, embedded commas and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (quoted) {
      if (c === '"') { if (text[k + 1] === '"') { field += '"'; k++; } else quoted = false; } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[k + 1] === '\n') k++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}
