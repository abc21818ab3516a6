import { readFileSync } from 'node:fs';
import path from 'node:path';

export const REAL = path.join(__dirname, '..', '..', 'test', 'fixtures');

/** A file of test/fixtures (each folder holds its SOURCE.md and licence). */
export function realFile(rel: string): string {
  return readFileSync(path.join(REAL, rel), 'utf8');
}

/** RFC 4180 CSV: quoted fields, doubled quotes, commas and newlines inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let k = 0; k < text.length; k++) {
    const c = text[k]!;
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

/** CSV with a header row → one object per row, keyed by header. */
export function readCsvObjects(rel: string): Record<string, string>[] {
  const [head, ...rows] = parseCsv(realFile(rel));
  return rows.filter((r) => r.length > 1 || r[0] !== '').map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])));
}
