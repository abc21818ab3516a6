/** RFC 4180 CSV → records keyed by the header row (Vault accepts text/csv bodies). */
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
        if (src[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
      } else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
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
