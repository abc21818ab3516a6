import { FakeExcelError } from './errors';

/** Excel's grid limits. */
export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

/** A rectangle, 0-based inclusive. */
export interface Rect { r0: number; c0: number; r1: number; c1: number }

export function colLetters(col: number): string {
  let n = col + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Split "'Site Staff'!A1:B2" into sheet and local address. */
export function splitSheet(address: string): { sheet: string | null; local: string } {
  const bang = address.lastIndexOf('!');
  if (bang < 0) return { sheet: null, local: address };
  let sheet = address.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, local: address.slice(bang + 1) };
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const COL = /^\$?([A-Za-z]{1,3})$/;
const ROW = /^\$?(\d{1,7})$/;

function bad(address: string): FakeExcelError {
  return new FakeExcelError('InvalidArgument', `The argument is invalid or missing or has an incorrect format. (address "${address.slice(0, 60)}")`);
}

/** One area: "B2", "B2:C9", "B:B", "3:7". */
export function parseArea(area: string): Rect {
  const parts = area.trim().split(':');
  if (parts.length === 1) {
    const m = CELL.exec(parts[0]!);
    if (!m) throw bad(area);
    const c = colIndex(m[1]!);
    const r = Number(m[2]) - 1;
    return check({ r0: r, c0: c, r1: r, c1: c }, area);
  }
  if (parts.length !== 2) throw bad(area);
  const [a, b] = parts as [string, string];
  const ca = CELL.exec(a), cb = CELL.exec(b);
  if (ca && cb) {
    const r0 = Number(ca[2]) - 1, r1 = Number(cb[2]) - 1, c0 = colIndex(ca[1]!), c1 = colIndex(cb[1]!);
    return check({ r0: Math.min(r0, r1), c0: Math.min(c0, c1), r1: Math.max(r0, r1), c1: Math.max(c0, c1) }, area);
  }
  const cola = COL.exec(a), colb = COL.exec(b);
  if (cola && colb) {
    const c0 = colIndex(cola[1]!), c1 = colIndex(colb[1]!);
    return check({ r0: 0, c0: Math.min(c0, c1), r1: MAX_ROWS - 1, c1: Math.max(c0, c1) }, area);
  }
  const rowa = ROW.exec(a), rowb = ROW.exec(b);
  if (rowa && rowb) {
    const r0 = Number(rowa[1]) - 1, r1 = Number(rowb[1]) - 1;
    return check({ r0: Math.min(r0, r1), c0: 0, r1: Math.max(r0, r1), c1: MAX_COLS - 1 }, area);
  }
  throw bad(area);
}

function check(r: Rect, area: string): Rect {
  if (r.r0 < 0 || r.c0 < 0 || r.r1 >= MAX_ROWS || r.c1 >= MAX_COLS) throw bad(area);
  return r;
}

export function formatRect(r: Rect): string {
  const a = `${colLetters(r.c0)}${r.r0 + 1}`;
  if (r.r0 === r.r1 && r.c0 === r.c1) return a;
  return `${a}:${colLetters(r.c1)}${r.r1 + 1}`;
}

export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}
