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
