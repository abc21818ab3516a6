import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import JSZip from 'jszip';
import { InputError } from './errors';

/**
 * Measuring a workbook before ExcelJS loads it, so a file that would not fit
 * in memory is refused in a second with one line instead of a heap crash after
 * minutes. Sizes come from the zip's central directory (nothing is inflated to
 * measure them); row and cell counts from each sheet's `<dimension>`, read from
 * the first few KB of the sheet part. Every sheet counts, also those the
 * standard ignores: ExcelJS loads them all.
 *
 * How the limits were chosen: ExcelJS 4.4 keeps a loaded cell in about 300 bytes
 * of heap (measured: 1,000,000 cells, 100,000 rows × 10 columns, shared strings,
 * retained 314 MB, peak RSS 537 MB). The engine then copies the values and checks
 * them, and `validate --fix` re-checks, so the workbook itself gets about a third of
 * Node's default heap on a small machine: 2,500,000 cells ≈ 800 MB, room for the
 * 100,000-row workbooks the product is sized for (up to 25 columns).
 * The same file's sheet XML took 39 bytes a cell, so 100 MB of sheet XML holds
 * about the cells allowed; that bounds sheets without a dimension (or with a
 * false one). Shared strings and other parts get the same 100 MB; the whole
 * unpacked workbook 300 MB; the file itself, packed, no more than that.
 */
export const MAX_CELLS = 2_500_000;
export const MAX_SHEET_XML_BYTES = 100 * 1024 * 1024;
export const MAX_PART_BYTES = 100 * 1024 * 1024;
export const MAX_TOTAL_BYTES = 300 * 1024 * 1024;
export const MAX_FILE_BYTES = MAX_TOTAL_BYTES;
/** The dimension sits right after the sheet's properties; Excel writes it in the first few hundred bytes. */
const HEAD_BYTES = 8 * 1024;

export interface SheetMeasure {
  name: string;
  part: string;
  xmlBytes: number;
  /** From `<dimension ref>`; null when the sheet has none in its head. */
  rows: number | null;
  columns: number | null;
}

export interface WorkbookMeasure {
  fileBytes: number;
  totalBytes: number;
  sheets: SheetMeasure[];
}

/** The private field JSZip keeps a loaded entry's central-directory sizes in (see jszip's index.d.ts). */
interface LoadedEntry { _data?: { uncompressedSize?: number } }

function declaredSize(f: JSZip.JSZipObject): number {
  const n = (f as unknown as LoadedEntry)._data?.uncompressedSize;
  if (typeof n !== 'number' || !Number.isFinite(n)) return 0;
  // JSZip reads the 4-byte field as a signed int: sizes of 2 GB and more come back negative.
  return n < 0 ? n + 2 ** 32 : n;
}

const mb = (n: number): string => `${(n / (1024 * 1024)).toLocaleString('en-US', { maximumFractionDigits: 0 })} MB`;
const num = (n: number): string => n.toLocaleString('en-US');

/** Attributes of one tag by local name (`r:id` → `id` too, unless the tag has a plain `id`). */
function attrs(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const value = decode(m[2] ?? m[3] ?? '');
    out.set(m[1]!, value);
    const local = m[1]!.replace(/^[\w.-]+:/, '');
    if (!out.has(local)) out.set(local, value);
  }
  return out;
}

function decode(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[e]!;
  });
}

/** Sheet part path → sheet name, from xl/workbook.xml and its relationships (small parts). */
async function sheetNames(zip: JSZip): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const book = zip.file('xl/workbook.xml');
  const rels = zip.file('xl/_rels/workbook.xml.rels');
  if (!book || !rels || declaredSize(book) > MAX_PART_BYTES || declaredSize(rels) > MAX_PART_BYTES) return out;
  const targets = new Map<string, string>();
  for (const m of (await rels.async('string')).matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const a = attrs(m[0]);
    const id = a.get('Id');
    const target = a.get('Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : path.posix.normalize(`xl/${target}`));
  }
  for (const m of (await book.async('string')).matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const a = attrs(m[0]);
    const name = a.get('name');
    const part = targets.get(a.get('id') ?? '');
    if (name && part) out.set(part, name);
  }
  return out;
}

/** The first few KB of a part, inflating no more than its first block(s). */
function head(f: JSZip.JSZipObject): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let got = 0;
    let settled = false;
    const stream = f.nodeStream('nodebuffer') as Readable;
    const finish = () => {
      if (settled) return;
      settled = true;
      // Stops JSZip's inflater: the rest of the part is never unpacked.
      stream.destroy();
      resolve(Buffer.concat(chunks).subarray(0, HEAD_BYTES).toString('utf8'));
    };
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      got += chunk.length;
      if (got >= HEAD_BYTES) finish();
    });
    stream.on('end', finish);
    // JSZip checks the declared size when a part ends; a false one is judged by the limits, not here.
    stream.on('error', finish);
  });
}

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** `A1:K1048576` → 1,048,576 rows × 11 columns; null when there is no usable dimension. */
export function dimensionSize(xmlHead: string): { rows: number; columns: number } | null {
  const m = /<(?:\w+:)?dimension\b[^>]*\bref\s*=\s*"([^"]*)"/.exec(xmlHead);
  if (!m) return null;
  const cells = m[1]!.split(':').map((c) => /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(c.trim()));
  if (!cells.length || cells.some((c) => !c)) return null;
  const [a, b = a] = cells as RegExpExecArray[];
  const rows = Math.abs(Number(b![2]) - Number(a![2])) + 1;
  const columns = Math.abs(colNumber(b![1]!) - colNumber(a![1]!)) + 1;
  return { rows, columns };
}

/**
 * Sizes and dimensions of a workbook, without loading it; null if it is not a readable zip (ExcelJS then says so).
 * `bytes`: the file as already read, so the reader that follows does not read it from disk again.
 */
export async function measureWorkbook(file: string, bytes?: Buffer): Promise<WorkbookMeasure | null> {
  const size = bytes ? bytes.length : (await fs.stat(file)).size;
  if (size > MAX_FILE_BYTES) return { fileBytes: size, totalBytes: size, sheets: [] };
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes ?? await fs.readFile(file), { checkCRC32: false });
  } catch {
    return null;
  }
  const names = await sheetNames(zip);
  const files = Object.values(zip.files).filter((f) => !f.dir);
  const totalBytes = files.reduce((n, f) => n + declaredSize(f), 0);
  const sheets: SheetMeasure[] = [];
  for (const f of files) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/i.test(f.name)) continue;
    const dim = dimensionSize(await head(f));
    sheets.push({ name: names.get(f.name) ?? path.posix.basename(f.name), part: f.name, xmlBytes: declaredSize(f), rows: dim?.rows ?? null, columns: dim?.columns ?? null });
  }
  // Parts that are not sheets still have to fit (shared strings, drawings, embedded files).
  const biggest = files.filter((f) => !sheets.some((s) => s.part === f.name)).sort((a, b) => declaredSize(b) - declaredSize(a))[0];
  if (biggest && declaredSize(biggest) > MAX_PART_BYTES) {
    throw new InputError(`${path.basename(file)} is too large to read: its part ${biggest.name} unpacks to ${mb(declaredSize(biggest))} (at most ${mb(MAX_PART_BYTES)})`);
  }
  return { fileBytes: size, totalBytes, sheets };
}

/** Refuse, with one line naming the sheet, its size and the limit, a workbook that would not fit in memory. */
export function checkLimits(m: WorkbookMeasure, file: string): void {
  const base = path.basename(file);
  if (m.fileBytes > MAX_FILE_BYTES) throw new InputError(`${base} is too large to read: ${mb(m.fileBytes)} (at most ${mb(MAX_FILE_BYTES)}); split it into smaller workbooks`);
  let cells = 0;
  let xml = 0;
  for (const s of m.sheets) {
    if (s.xmlBytes > MAX_SHEET_XML_BYTES) {
      throw new InputError(`Sheet ${s.name} in ${base} is too large to read: ${mb(s.xmlBytes)} unpacked (at most ${mb(MAX_SHEET_XML_BYTES)}); split it or remove sheets you do not need`);
    }
    if (s.rows !== null && s.columns !== null) {
      const n = s.rows * s.columns;
      if (n > MAX_CELLS) {
        throw new InputError(`Sheet ${s.name} in ${base} is too large to read: ${num(s.rows)} rows × ${num(s.columns)} columns = ${num(n)} cells (at most ${num(MAX_CELLS)}); delete unused rows and columns or split it`);
      }
      cells += n;
    }
    xml += s.xmlBytes;
  }
  if (cells > MAX_CELLS) throw new InputError(`${base} is too large to read: its sheets hold ${num(cells)} cells together (at most ${num(MAX_CELLS)}); remove sheets you do not need or split it`);
  if (xml > MAX_SHEET_XML_BYTES) throw new InputError(`${base} is too large to read: its sheets unpack to ${mb(xml)} together (at most ${mb(MAX_SHEET_XML_BYTES)}); remove sheets you do not need or split it`);
  if (m.totalBytes > MAX_TOTAL_BYTES) throw new InputError(`${base} is too large to read: it unpacks to ${mb(m.totalBytes)} (at most ${mb(MAX_TOTAL_BYTES)})`);
}

/** Measure, then refuse what would not fit; a file that is not a readable zip is left to the reader's own message. */
export async function checkWorkbookFits(file: string, bytes?: Buffer): Promise<void> {
  const m = await measureWorkbook(file, bytes);
  if (m) checkLimits(m, file);
}
