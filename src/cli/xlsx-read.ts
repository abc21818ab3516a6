import { promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { CellValue, SheetData, WorkbookData } from '../core/model/sheet';
import type { Standard } from '../core/standard/schema';
import { findSheet } from '../core/sheet/headers';
import { InputError } from './errors';
import { checkWorkbookFits, MAX_FILE_BYTES } from './xlsx-limits';
import './xlsx-validations';

/**
 * .xlsx → the engine's plain sheet model. Formulas give their cached values,
 * rich text and hyperlinks their text, error values their code (#N/A) so the
 * engine can flag them. Hidden rows and columns are read like any other.
 */

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

export async function checkFile(file: string): Promise<void> {
  let handle;
  try {
    handle = await fs.open(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`File not found: ${file}`);
    if (code === 'EISDIR') throw new InputError(`${file} is a folder, not a workbook`);
    throw new InputError(`Cannot open ${file}: ${(e as Error).message}`);
  }
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    if (bytesRead < 4) throw new InputError(`${file} is empty or too short to be an .xlsx workbook`);
    if (head.equals(CFB_MAGIC)) {
      throw new InputError(`${file} is password-protected or an old .xls file; remove the password or save it as .xlsx in Excel, then try again`);
    }
    if (!head.equals(ZIP_MAGIC)) throw new InputError(`${file} is not an .xlsx workbook (save it as Excel Workbook .xlsx)`);
  } finally {
    await handle.close();
  }
}

export async function loadWorkbook(file: string): Promise<ExcelJS.Workbook> {
  await checkFile(file);
  // Measured before loading: a workbook too big for memory is refused in one line, not a heap crash.
  // A file too large to hold is refused on its size alone, before it is read.
  const { size } = await fs.stat(file);
  if (size > MAX_FILE_BYTES) await checkWorkbookFits(file);
  // Read from disk once: the measure and ExcelJS work from the same bytes.
  const bytes = await fs.readFile(file);
  await checkWorkbookFits(file, bytes);
  const wb = new ExcelJS.Workbook();
  try {
    // ExcelJS types its Buffer as an ArrayBuffer; at run time it takes a Node Buffer.
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new InputError(`${path.basename(file)} could not be read as an .xlsx workbook (corrupt or incomplete: ${(e as Error).message.split('\n')[0]})`);
  }
  return wb;
}

type ExcelValue = ExcelJS.CellValue;

export function plainValue(v: ExcelValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('');
    if ('error' in v) return String(v.error);
    if ('formula' in v || 'sharedFormula' in v) {
      const r = (v as { result?: unknown }).result;
      if (r === undefined || r === null) return null;
      if (typeof r === 'object' && r !== null && 'error' in r) return String((r as { error: unknown }).error);
      return plainValue(r as ExcelValue);
    }
    if ('hyperlink' in v) {
      const t = (v as { text?: unknown }).text;
      if (t && typeof t === 'object' && 'richText' in t) return plainValue(t as ExcelValue);
      return t === undefined || t === null ? String((v as { hyperlink: string }).hyperlink) : String(t);
    }
  }
  return String(v);
}

export function sheetData(ws: ExcelJS.Worksheet): SheetData {
  const headerRow = ws.getRow(1);
  const headers: string[] = [];
  const width = Math.max(ws.columnCount, headerRow.cellCount);
  for (let c = 1; c <= width; c++) {
    const v = plainValue(headerRow.getCell(c).value);
    headers.push(v === null ? '' : String(v).trim());
  }
  while (headers.length && headers[headers.length - 1] === '') headers.pop();
  const rows: CellValue[][] = [];
  const rowNumbers: number[] = [];
  const n = headers.length;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const values = row.values as ExcelValue[];
    const out: CellValue[] = new Array(n);
    let any = false;
    for (let c = 0; c < n; c++) {
      const v = plainValue(values[c + 1]);
      out[c] = v;
      if (v !== null && !(typeof v === 'string' && v.trim() === '')) any = true;
    }
    if (any) { rows.push(out); rowNumbers.push(rowNumber); }
  });
  return { name: ws.name, headers, rows, rowNumbers };
}

/** Merged cells in the header row make the columns unreadable: refuse them with the range to fix. */
export function mergedHeader(ws: ExcelJS.Worksheet, headerRow = 1): string | null {
  const merges = (ws.model as { merges?: string[] }).merges ?? [];
  for (const m of merges) {
    const rows = [...m.matchAll(/[A-Z]+(\d+)/g)].map((x) => Number(x[1]));
    const [top, bottom = top] = rows;
    if (top !== undefined && top <= headerRow && headerRow <= bottom!) return m;
  }
  return null;
}

/** Read the sheets of the standard (others are ignored); refuse a workbook that has none. */
export function workbookData(wb: ExcelJS.Workbook, std: Standard, file: string): WorkbookData {
  const sheets: SheetData[] = [];
  const wsByName = wb.worksheets.map((ws) => ({ name: ws.name, ws }));
  for (const e of std.entities) {
    const hit = findSheet(wsByName, e);
    if (!hit) continue;
    const merged = mergedHeader(hit.ws);
    if (merged) throw new InputError(`Sheet ${hit.ws.name} has merged header cells (${merged}); unmerge them so each column has its own header`);
    sheets.push(sheetData(hit.ws));
  }
  if (!sheets.length) {
    throw new InputError(`${path.basename(file)} has none of the standard's sheets (${std.entities.map((e) => e.sheet).join(', ')}); found: ${wb.worksheets.map((w) => w.name).join(', ') || 'no sheets'}`);
  }
  return { sheets };
}

export async function readWorkbookFile(file: string, std: Standard): Promise<{ wb: ExcelJS.Workbook; data: WorkbookData }> {
  const wb = await loadWorkbook(file);
  return { wb, data: workbookData(wb, std, file) };
}
