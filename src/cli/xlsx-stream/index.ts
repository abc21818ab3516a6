import path from 'node:path';
import type { RawSheet, RawWorkbook } from '../../core/mapping';
import { InputError } from '../errors';
import { XlsxZip } from './zip';
import { readBook, readDateStyles, readSharedStrings, type SheetState } from './parts';
import { readSheet, type SheetExtras, columnOf } from './sheet';
import { maxCells, MAX_SHARED_STRINGS_BYTES, MAX_STREAM_SHEET_XML_BYTES } from './limits';

export { isDateFormat, excelToDate } from './dates';
export { maxCells } from './limits';

export interface StreamSheetInfo extends SheetExtras {
  name: string;
  state: SheetState;
}

export interface StreamedWorkbook {
  raw: RawWorkbook;
  /** Per sheet, in the order of raw.sheets: merged ranges, hidden state, declared dimension. */
  sheets: StreamSheetInfo[];
  date1904: boolean;
}

export interface StreamOpts {
  /** Most cells kept over all sheets (default: what the heap can hold, see limits.ts). */
  maxCells?: number;
}

const num = (n: number): string => n.toLocaleString('en-US');
const mb = (n: number): string => `${num(Math.round(n / (1024 * 1024)))} MB`;

function dimensionCells(ref: string): { rows: number; columns: number } | null {
  const [a, b = a] = ref.split(':');
  const ra = /(\d+)$/.exec(a!), rb = /(\d+)$/.exec(b!);
  const ca = columnOf(a!.replace(/\$/g, '')), cb = columnOf(b!.replace(/\$/g, ''));
  if (!ra || !rb || !ca || !cb) return null;
  return { rows: Math.abs(Number(rb[1]) - Number(ra[1])) + 1, columns: Math.abs(cb - ca) + 1 };
}

/**
 * An .xlsx read straight from its zip into rows: the workbook, its
 * relationships, styles and shared strings first, then each worksheet
 * streamed. Every worksheet is read (hidden ones too), in the workbook's order.
 */
export async function streamWorkbook(file: string, opts: StreamOpts = {}): Promise<StreamedWorkbook> {
  const base = path.basename(file);
  const limit = opts.maxCells ?? maxCells();
  let zip: XlsxZip;
  try {
    zip = await XlsxZip.open(file);
  } catch (e) {
    throw unreadable(base, e);
  }
  try {
    const book = await readBook(zip);
    // Sizes from the central directory (yauzl checks them while inflating): refused before any work.
    for (const s of book.sheets) {
      const size = zip.size(s.part);
      if (size > MAX_STREAM_SHEET_XML_BYTES) throw new InputError(`Sheet ${s.name} in ${base} is too large to read: ${mb(size)} unpacked (at most ${mb(MAX_STREAM_SHEET_XML_BYTES)}); split it or remove sheets you do not need`);
    }
    if (book.sharedStrings && zip.size(book.sharedStrings) > MAX_SHARED_STRINGS_BYTES) {
      throw new InputError(`${base} is too large to read: its shared strings unpack to ${mb(zip.size(book.sharedStrings))} (at most ${mb(MAX_SHARED_STRINGS_BYTES)})`);
    }
    const dateStyles = await readDateStyles(zip, book.styles);
    const sharedStrings = await readSharedStrings(zip, book.sharedStrings);
    const sheets: RawSheet[] = [];
    const infos: StreamSheetInfo[] = [];
    let before = 0;
    for (const s of book.sheets) {
      const tooMany = (how: string): InputError =>
        new InputError(`Sheet ${s.name} in ${base} is too large to read: ${how} (at most ${num(limit)} cells in all); delete unused rows and columns or split it`);
      const { sheet, extras } = await readSheet(s.name, await zip.stream(s.part), {
        sharedStrings,
        dateStyles,
        date1904: book.date1904,
        onDimension(ref) {
          const d = dimensionCells(ref);
          const n = d ? d.rows * d.columns : 0;
          if (d && before + n > limit) throw tooMany(`${num(d.rows)} rows × ${num(d.columns)} columns = ${num(n)} cells`);
        },
        onCells(kept) {
          if (before + kept > limit) throw tooMany(`more than ${num(limit - before)} cells with values`);
        },
      });
      before += sheet.rows.reduce((n, r) => n + r.length, 0);
      sheets.push(sheet);
      infos.push({ name: s.name, state: s.state, ...extras });
    }
    return { raw: { sheets }, sheets: infos, date1904: book.date1904 };
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw unreadable(base, e);
  } finally {
    zip.close();
  }
}

function unreadable(base: string, e: unknown): InputError {
  const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  return new InputError(`${base} could not be read as an .xlsx workbook (corrupt or incomplete: ${msg})`);
}
