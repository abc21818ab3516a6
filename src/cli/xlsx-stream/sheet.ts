import type { Readable } from 'node:stream';
import type { CellValue } from '../../core/model/sheet';
import type { RawSheet } from '../../core/mapping';
import { excelToDate } from './dates';
import { parseStream } from './xml';
import { detach } from './scan';

/** What the sheet XML tells besides its cells: merged ranges (`A1:C1`) and the declared used range. */
export interface SheetExtras {
  merges: string[];
  dimension: string | null;
}

export interface SheetContext {
  sharedStrings: readonly string[];
  dateStyles: readonly boolean[];
  date1904: boolean;
  /** Called with the cells kept so far whenever a row is kept; throws to stop a sheet that would not fit. */
  onCells?(kept: number): void;
  /** Called as soon as `<dimension>` is seen, before any row: may throw to refuse the sheet early. */
  onDimension?(ref: string): void;
}

const blank = (v: CellValue): boolean => v === null || (typeof v === 'string' && v.trim() === '');

/** `AB12` → 28 (1-based column); 0 when the reference has no letters. */
export function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20; // lower-case
    if (c < 97 || c > 122) break;
    n = n * 26 + (c - 96);
  }
  return n;
}

function rowOf(ref: string): number {
  const m = /(\d+)$/.exec(ref);
  return m ? Number(m[1]) : 0;
}

function trimRow(cells: CellValue[]): void {
  while (cells.length && blank(cells[cells.length - 1]!)) cells.pop();
}

/**
 * A worksheet's rows, streamed: each `<c>` becomes a plain value as it
 * closes and each row is kept as an array of values (trailing blanks
 * trimmed, blank rows skipped), exactly as the CLI read them through
 * ExcelJS's model. No per-cell object outlives its element.
 */
export async function readSheet(name: string, xml: Readable, ctx: SheetContext): Promise<{ sheet: RawSheet; extras: SheetExtras }> {
  const rows: CellValue[][] = [];
  const rowNumbers: number[] = [];
  const merges: string[] = [];
  const hyperlinks: string[] = [];
  let dimension: string | null = null;
  let kept = 0;

  let inData = false;
  let rowNo = 0;
  let cells: CellValue[] = [];
  let col = 0;
  let type = '';
  let style = 0;
  let hasFormula = false;
  let where: 0 | 1 | 2 | 3 = 0; // 1 in <v>, 2 in <f>, 3 in <is><t>
  let inIs = false;
  let phonetic = 0;
  let v: string | null = null;
  let inline: string | null = null;

  const { sharedStrings, dateStyles, date1904 } = ctx;
  const number = (s: string): CellValue => {
    const n = parseFloat(s);
    return style > 0 && dateStyles[style] ? excelToDate(n, date1904) : n;
  };

  const cellValue = (): CellValue => {
    if (hasFormula) {
      // A formula gives its cached result; none cached (never calculated) reads as empty.
      if (!v) return null;
      if (type === 'str') return detach(v);
      if (type === 'b') return parseInt(v, 10) !== 0;
      if (type === 'e') return v;
      return number(v);
    }
    if (type === 'inlineStr') return inline === null ? null : detach(inline);
    if (v === null) return null;
    switch (type) {
      case 's': return sharedStrings[parseInt(v, 10)] ?? null;
      case 'str': case 'e': return detach(v);
      case 'b': return parseInt(v, 10) !== 0;
      case 'd': {
        // ISO 8601 date (Strict OOXML, some exporters); ExcelJS would misread it as a number.
        const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) || !v.includes('T') ? v : `${v}Z`);
        return Number.isNaN(d.getTime()) ? v : d;
      }
      default: return number(v);
    }
  };

  await parseStream(xml, {
    open(tag, a) {
      switch (tag) {
        case 'c': {
          const r = a.r;
          const c = r ? columnOf(r) : 0;
          col = c > 0 ? c : col + 1;
          type = a.t ?? 'n';
          style = a.s ? parseInt(a.s, 10) : 0;
          hasFormula = false;
          v = null;
          inline = null;
          break;
        }
        case 'v': where = 1; break;
        case 'f': where = 2; if (a.t) hasFormula = true; break;
        case 'is': inIs = true; break;
        case 't': if (inIs) where = 3; break;
        case 'rPh': phonetic++; break;
        case 'row': {
          const r = a.r ? parseInt(a.r, 10) : NaN;
          rowNo = Number.isFinite(r) && r > 0 ? r : rowNo + 1;
          cells = [];
          col = 0;
          break;
        }
        case 'sheetData': inData = true; break;
        case 'dimension': dimension = a.ref ?? null; if (dimension && ctx.onDimension) ctx.onDimension(dimension); break;
        case 'mergeCell': if (a.ref) merges.push(a.ref); break;
        case 'hyperlink': if (a.ref) hyperlinks.push(a.ref); break;
        default: break;
      }
    },
    text(t) {
      if (where === 1) v = v === null ? t : v + t;
      else if (where === 3 && !phonetic) inline = inline === null ? t : inline + t;
      else if (where === 2 && t) hasFormula = true;
    },
    close(tag) {
      switch (tag) {
        case 'c': {
          if (!inData) break;
          const value = cellValue();
          if (value !== null) {
            while (cells.length < col - 1) cells.push(null);
            cells[col - 1] = value;
          }
          break;
        }
        case 'v': case 'f': where = 0; break;
        case 't': if (where === 3) where = 0; break;
        case 'is': inIs = false; break;
        case 'rPh': phonetic--; break;
        case 'row': {
          trimRow(cells);
          if (cells.length) {
            rows.push(cells);
            rowNumbers.push(rowNo);
            kept += cells.length;
            ctx.onCells?.(kept);
          }
          cells = [];
          break;
        }
        case 'sheetData': inData = false; break;
        default: break;
      }
    },
  });
  // Neither of these can be known before the rows have passed: they follow <sheetData>.
  if (hyperlinks.length) applyHyperlinks(rows, rowNumbers, hyperlinks);
  if (merges.length) applyMerges(rows, rowNumbers, merges, ctx);
  return { sheet: { name, rows, rowNumbers }, extras: { merges, dimension } };
}

function findRow(rowNumbers: number[], n: number): number {
  let lo = 0;
  let hi = rowNumbers.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = rowNumbers[mid]!;
    if (x === n) return mid;
    if (x < n) lo = mid + 1; else hi = mid - 1;
  }
  return -(lo + 1);
}

/** A hyperlinked cell reads as its text, as ExcelJS gives it: a number or date shown as a link becomes a string. */
function applyHyperlinks(rows: CellValue[][], rowNumbers: number[], refs: string[]): void {
  for (const ref of refs) {
    if (ref.includes(':')) continue;
    const i = findRow(rowNumbers, rowOf(ref));
    const c = columnOf(ref) - 1;
    if (i < 0 || c < 0) continue;
    const v = rows[i]![c];
    if (v !== undefined && v !== null && typeof v !== 'string') rows[i]![c] = String(v);
  }
}

/**
 * Every cell of a merged range reads as its top-left cell, as in ExcelJS's
 * model (a merged label spans the rows below it). Ranges are few; rows they
 * create are inserted in order.
 */
function applyMerges(rows: CellValue[][], rowNumbers: number[], merges: string[], ctx: SheetContext): void {
  let kept = rows.reduce((n, r) => n + r.length, 0);
  for (const m of merges) {
    const [a, b = a] = m.split(':');
    const top = rowOf(a!), left = columnOf(a!), bottom = rowOf(b!), right = columnOf(b!);
    if (!top || !left || bottom < top || right < left) continue;
    const mi = findRow(rowNumbers, top);
    const master = mi >= 0 ? rows[mi]![left - 1] ?? null : null;
    for (let r = top; r <= bottom; r++) {
      let i = findRow(rowNumbers, r);
      if (i < 0) {
        if (blank(master)) continue;
        i = -i - 1;
        rows.splice(i, 0, []);
        rowNumbers.splice(i, 0, r);
      }
      const cells = rows[i]!;
      const before = cells.length;
      for (let c = left; c <= right; c++) {
        if (r === top && c === left) continue;
        while (cells.length < c) cells.push(null);
        cells[c - 1] = master;
      }
      trimRow(cells);
      kept += cells.length - before;
      if (!cells.length) { rows.splice(i, 1); rowNumbers.splice(i, 1); }
    }
    ctx.onCells?.(kept);
  }
}
