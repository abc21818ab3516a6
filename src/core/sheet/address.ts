/** A1 addressing helpers. Columns are 0-based in code and lettered (A, B, …, AA) in the sheet. */

const letterCache: string[] = [];

export function columnLetter(col: number): string {
  const cached = letterCache[col];
  if (cached !== undefined) return cached;
  let n = col + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  letterCache[col] = s;
  return s;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** `a1(0, 2)` → "A2": column 0-based, row as Excel numbers it. */
export function a1(col: number, row: number): string {
  return columnLetter(col) + row;
}

export function parseA1(address: string): { col: number; row: number } {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(address.trim());
  if (!m) throw new Error(`Not an A1 cell address: ${address}`);
  return { col: columnIndex(m[1]!), row: Number(m[2]) };
}

/** A cell by 1-based row and 0-based column. */
export interface Cell { row: number; col: number }

/** "'Site Staff'!B5": always quoted, which Excel accepts for every name. */
export function qualify(sheet: string, address: string): string {
  return `'${sheet.replace(/'/g, "''")}'!${address}`;
}

export function cellAddress(c: Cell): string {
  return `${columnLetter(c.col)}${c.row}`;
}

/** "B5" → {col: 1, row: 5}; tolerates "$B$5" and a sheet prefix. */
export function parseCell(address: string): Cell | null {
  const local = address.slice(address.lastIndexOf('!') + 1);
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(local.trim());
  return m ? { col: columnIndex(m[1]!), row: Number(m[2]) } : null;
}

/** Expand "B2:C4" / "B2" (no sheet) into cells. */
export function expandRange(address: string): Cell[] {
  const [a, b] = address.split(':');
  const p = parseCell(a!);
  const q = b ? parseCell(b) : p;
  if (!p || !q) return [];
  const out: Cell[] = [];
  for (let r = Math.min(p.row, q.row); r <= Math.max(p.row, q.row); r++) {
    for (let c = Math.min(p.col, q.col); c <= Math.max(p.col, q.col); c++) out.push({ row: r, col: c });
  }
  return out;
}

/** Rows touched by an onChanged address: "B2:D5", "3:3", "A:A" (null: whole columns), comma lists. */
export function rowsOfAddress(address: string): { rows: number[]; wholeColumns: boolean } {
  const rows = new Set<number>();
  let wholeColumns = false;
  for (const area of address.slice(address.lastIndexOf('!') + 1).split(',')) {
    const parts = area.split(':').map((s) => s.replace(/\$/g, '').trim());
    const nums = parts.map((p) => /(\d+)$/.exec(p)?.[1]).map((n) => (n === undefined ? null : Number(n)));
    if (nums.some((n) => n === null)) { wholeColumns = true; continue; }
    const [a, b = a] = nums as number[];
    for (let r = Math.min(a!, b!); r <= Math.max(a!, b!); r++) rows.add(r);
  }
  return { rows: [...rows].sort((x, y) => x - y), wholeColumns };
}

/**
 * Merge cells into A1 areas: vertical runs per column ("B2:B40"), then equal
 * runs in adjacent columns into rectangles ("B2:D40"). Fewer areas mean
 * shorter address strings and fewer actions.
 */
export function mergeCells(cells: Iterable<Cell>): string[] {
  const byCol = new Map<number, number[]>();
  for (const c of cells) {
    let list = byCol.get(c.col);
    if (!list) byCol.set(c.col, (list = []));
    list.push(c.row);
  }
  type Run = { c0: number; c1: number; r0: number; r1: number };
  const open = new Map<string, Run>();
  const done: Run[] = [];
  for (const col of [...byCol.keys()].sort((a, b) => a - b)) {
    const rows = [...new Set(byCol.get(col)!)].sort((a, b) => a - b);
    const runs: Run[] = [];
    for (const r of rows) {
      const last = runs[runs.length - 1];
      if (last && last.r1 === r - 1) last.r1 = r;
      else runs.push({ c0: col, c1: col, r0: r, r1: r });
    }
    const seen = new Set<string>();
    for (const run of runs) {
      const key = `${run.r0}:${run.r1}`;
      const prev = open.get(key);
      if (prev && prev.c1 === col - 1) prev.c1 = col;
      else {
        if (prev) done.push(prev);
        open.set(key, run);
      }
      seen.add(key);
    }
    for (const [key, run] of open) if (!seen.has(key) && run.c1 < col - 1) { done.push(run); open.delete(key); }
  }
  done.push(...open.values());
  done.sort((a, b) => a.c0 - b.c0 || a.r0 - b.r0);
  return done.map((r) => {
    const a = `${columnLetter(r.c0)}${r.r0}`;
    return r.r0 === r.r1 && r.c0 === r.c1 ? a : `${a}:${columnLetter(r.c1)}${r.r1}`;
  });
}
