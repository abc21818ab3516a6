/** The first merged range that covers the header row (`A1:C1`), or null: merged headers make columns unreadable. */
export function mergedHeaderRange(merges: readonly string[], headerRow = 1): string | null {
  for (const m of merges) {
    const rows = [...m.matchAll(/[A-Za-z]+\$?(\d+)/g)].map((x) => Number(x[1]));
    const [top, bottom = top] = rows;
    if (top !== undefined && top <= headerRow && headerRow <= bottom!) return m;
  }
  return null;
}
