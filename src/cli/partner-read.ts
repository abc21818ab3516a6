import { promises as fs } from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parseString } from '@fast-csv/parse';
import type { CellValue } from '../core/model/sheet';
import type { RawSheet, RawWorkbook } from '../core/mapping';
import { InputError } from './errors';
import { checkFile, loadWorkbook, plainValue } from './xlsx-read';
import { streamWorkbook } from './xlsx-stream';

/**
 * A partner's file as rows, before anything is known of its layout: every
 * sheet of an .xlsx, or the one sheet of a .csv (named after the file).
 */
export interface RawFile {
  raw: RawWorkbook;
  /** The ExcelJS workbook (null for CSV: nothing can be written back onto it). */
  wb: ExcelJS.Workbook | null;
  /** For CSV: the encoding its bytes were read in. */
  encoding?: string;
  /** Merged ranges per sheet name (streamed .xlsx; with the model they are in `wb`). */
  merges?: Map<string, string[]>;
}

export interface ReadRawOpts {
  /**
   * Also load ExcelJS's workbook model (for writing a copy: --annotate, --fix).
   * Without it an .xlsx is streamed and `wb` is null: memory grows with the
   * cells kept, not with a model of the whole workbook.
   */
  model?: boolean;
}

const blank = (v: CellValue) => v === null || (typeof v === 'string' && v.trim() === '');

export function rawSheet(ws: ExcelJS.Worksheet): RawSheet {
  const rows: CellValue[][] = [];
  const rowNumbers: number[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    const out: CellValue[] = [];
    for (let c = 1; c < values.length; c++) out.push(plainValue(values[c]));
    while (out.length && blank(out[out.length - 1]!)) out.pop();
    if (out.length) { rows.push(out); rowNumbers.push(rowNumber); }
  });
  return { name: ws.name, rows, rowNumbers };
}

export function rawWorkbook(wb: ExcelJS.Workbook): RawWorkbook {
  return { sheets: wb.worksheets.map(rawSheet) };
}

/**
 * The encoding of a CSV's bytes: a byte-order mark says it outright; without
 * one, UTF-16 shows as every other byte zero, and bytes that decode as UTF-8
 * without error are UTF-8; anything else is taken as Windows-1252, what Excel
 * writes on Western Windows machines.
 */
export function detectEncoding(buf: Buffer): { encoding: string; bom: number } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { encoding: 'UTF-8 (BOM)', bom: 3 };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { encoding: 'UTF-16LE', bom: 2 };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { encoding: 'UTF-16BE', bom: 2 };
  const sample = buf.subarray(0, Math.min(buf.length, 4096));
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) { if (i % 2) oddZero++; else evenZero++; }
  if (oddZero > sample.length / 4) return { encoding: 'UTF-16LE', bom: 0 };
  if (evenZero > sample.length / 4) return { encoding: 'UTF-16BE', bom: 0 };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return { encoding: 'UTF-8', bom: 0 };
  } catch {
    return { encoding: 'windows-1252', bom: 0 };
  }
}

export function decodeCsv(buf: Buffer): { text: string; encoding: string } {
  const { encoding, bom } = detectEncoding(buf);
  const body = buf.subarray(bom);
  const codec = encoding.startsWith('UTF-8') ? 'utf8' : encoding === 'UTF-16LE' ? 'utf16le' : encoding === 'UTF-16BE' ? 'utf16be' : 'win1252';
  return { text: iconv.decode(body, codec), encoding };
}

/** CSV rows; the delimiter is the one of , ; or tab that the first line uses most (Excel in many locales writes ;). */
export async function parseCsv(text: string): Promise<string[][]> {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [',', ';', '\t'].map((d) => ({ d, n: firstLine.split(d).length })).sort((a, b) => b.n - a.n)[0]!.d;
  return new Promise((resolve, reject) => {
    const rows: string[][] = [];
    parseString(text, { delimiter })
      .on('error', reject)
      .on('data', (r: string[]) => rows.push(r))
      .on('end', () => resolve(rows));
  });
}

export async function readCsvFile(file: string): Promise<RawFile> {
  let buf: Buffer;
  try { buf = await fs.readFile(file); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `File not found: ${file}` : `Cannot open ${file}: ${(e as Error).message}`);
  }
  const { text, encoding } = decodeCsv(buf);
  let rows: string[][];
  try { rows = await parseCsv(text); } catch (e) {
    throw new InputError(`${path.basename(file)} could not be read as CSV (${(e as Error).message})`);
  }
  const kept: CellValue[][] = [];
  const rowNumbers: number[] = [];
  rows.forEach((r, i) => {
    const out: CellValue[] = r.map((v) => (v === '' ? null : v));
    while (out.length && blank(out[out.length - 1]!)) out.pop();
    if (out.length) { kept.push(out); rowNumbers.push(i + 1); }
  });
  // Sheet names are at most 31 characters in Excel; the file name stands for the one sheet.
  const name = path.basename(file, path.extname(file)).slice(0, 31);
  return { raw: { sheets: [{ name, rows: kept, rowNumbers }] }, wb: null, encoding };
}

export const isCsv = (file: string) => path.extname(file).toLowerCase() === '.csv';

export async function readRawFile(file: string, opts: ReadRawOpts = {}): Promise<RawFile> {
  if (isCsv(file)) return readCsvFile(file);
  if (opts.model) {
    const wb = await loadWorkbook(file);
    return { raw: rawWorkbook(wb), wb };
  }
  await checkFile(file);
  const read = await streamWorkbook(file);
  return { raw: read.raw, wb: null, merges: new Map(read.sheets.map((s) => [s.name, s.merges])) };
}
