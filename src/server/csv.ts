/** A body that is not well-formed CSV: refused rather than guessed at. */
export class CsvError extends Error {
  /** Read by the server's error handler: the request could not be read (Vault's INVALID_DATA). */
  readonly statusCode = 400;
  constructor(message: string) {
    super(message);
    this.name = 'CsvError';
  }
}

/**
 * RFC 4180 CSV → records keyed by the header row (Vault accepts text/csv bodies).
 * Strict: an unterminated quote, text after a closing quote, or a quote inside
 * an unquoted field is an error, so a truncated body never becomes records.
 */
export function parseCsv(text: string): Array<Record<string, string>> {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') { cell += '"'; i++; } else {
          quoted = false;
          const next = src[i + 1];
          if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') throw new CsvError(`text after a closing quote at character ${i + 2}`);
        }
      } else cell += c;
    } else if (c === '"') {
      if (cell !== '') throw new CsvError(`a quote inside an unquoted field at character ${i + 1}`);
      quoted = true;
    }
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (quoted) throw new CsvError('a quoted field is not closed (unterminated quote)');
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  const nonEmpty = rows.filter((r) => r.some((c) => c !== ''));
  const [header, ...data] = nonEmpty;
  if (!header) return [];
  return data.map((r) => {
    const rec: Record<string, string> = {};
    header.forEach((h, i) => {
      // An empty CSV cell means "no value"; omitting it keeps partial updates partial.
      if ((r[i] ?? '') !== '') rec[h.trim()] = r[i];
    });
    return rec;
  });
}
