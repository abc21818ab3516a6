import { z } from 'zod';

/**
 * The translation glossary (translation memory): approved English for source
 * texts in other scripts, kept as CSV or JSON so it travels between
 * workbooks and partners. Matching is on the tidied source text, exactly.
 */

export const GlossaryEntrySchema = z.object({
  source: z.string().min(1),
  english: z.string().min(1),
  note: z.string().optional(),
});
export const GlossarySchema = z.object({ glossary: z.literal(1), entries: z.array(GlossaryEntrySchema) });

export type GlossaryEntry = z.infer<typeof GlossaryEntrySchema>;
/** Source text → approved English. */
export type Glossary = Map<string, GlossaryEntry>;

export class GlossaryError extends Error {}

export function glossaryOf(entries: readonly GlossaryEntry[]): Glossary {
  const g: Glossary = new Map();
  for (const e of entries) g.set(e.source.trim(), { ...e, source: e.source.trim(), english: e.english.trim() });
  return g;
}

/** Later entries win: a newer approval replaces an older one. */
export function mergeGlossaries(...gs: Glossary[]): Glossary {
  const out: Glossary = new Map();
  for (const g of gs) for (const [k, v] of g) out.set(k, v);
  return out;
}

export function glossaryToJson(g: Glossary): string {
  return `${JSON.stringify({ glossary: 1, entries: [...g.values()].sort((a, b) => a.source.localeCompare(b.source)) }, null, 2)}\n`;
}

export function glossaryFromJson(text: string): Glossary {
  let data: unknown;
  try { data = JSON.parse(text); } catch (e) { throw new GlossaryError(`the glossary is not valid JSON (${(e as Error).message})`); }
  const parsed = GlossarySchema.safeParse(data);
  if (!parsed.success) throw new GlossaryError(`the glossary is not in the expected form: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`);
  return glossaryOf(parsed.data.entries);
}

const CSV_HEADER = ['source', 'english', 'note'];
const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function glossaryToCsv(g: Glossary): string {
  const rows = [CSV_HEADER, ...[...g.values()].sort((a, b) => a.source.localeCompare(b.source)).map((e) => [e.source, e.english, e.note ?? ''])];
  return `\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** RFC 4180 records: quoted fields with doubled quotes, CRLF or LF line ends (small enough not to need a library in the pure core). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.some((x) => x !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  if (quoted) throw new GlossaryError('the glossary CSV ends inside a quoted field');
  row.push(field);
  if (row.some((x) => x !== '')) rows.push(row);
  return rows;
}

export function glossaryFromCsv(text: string): Glossary {
  const [header, ...rows] = parseCsv(text);
  const cols = (header ?? []).map((h) => h.trim().toLowerCase());
  const si = cols.indexOf('source'), ei = cols.indexOf('english'), ni = cols.indexOf('note');
  if (si < 0 || ei < 0) throw new GlossaryError('the glossary CSV needs the columns source and english (a header row)');
  const entries: GlossaryEntry[] = [];
  rows.forEach((r, k) => {
    const source = (r[si] ?? '').trim(), english = (r[ei] ?? '').trim();
    if (!source && !english) return;
    if (!source || !english) throw new GlossaryError(`glossary CSV line ${k + 2}: both source and english are needed`);
    entries.push({ source, english, ...(ni >= 0 && r[ni] ? { note: r[ni]! } : {}) });
  });
  return glossaryOf(entries);
}
