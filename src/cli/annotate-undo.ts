import type ExcelJS from 'exceljs';
import { a1 } from '../core/sheet/address';
import type { VerifyResult } from '../core/verify/engine';

/** ExcelJS keeps a cell's note here and has no way to remove one: restoring the object is the only undo. */
interface Commented { _comment?: unknown }

/**
 * The cells `annotateWorkbook` marks, kept as they were (style object and note),
 * so that after the annotated copy is written the marks can be taken off and the
 * same loaded workbook fixed: `--annotate` with `--fix` reads the file once, not
 * twice (a large workbook held twice is what ran out of memory).
 * Call before annotating; the returned function puts every kept cell back.
 */
export function keepCellsToMark(wb: ExcelJS.Workbook, result: VerifyResult): () => void {
  const kept: { cell: ExcelJS.Cell; style: Partial<ExcelJS.Style>; comment: unknown }[] = [];
  const seen = new Set<string>();
  const keep = (sheet: string, address: string) => {
    const k = `${sheet}!${address}`;
    if (seen.has(k)) return;
    seen.add(k);
    const ws = wb.getWorksheet(sheet);
    if (!ws) return;
    const cell = ws.getCell(address);
    kept.push({ cell, style: cell.style, comment: (cell as unknown as Commented)._comment });
  };
  for (const i of result.issues) for (const c of i.cells) keep(i.sheet, c);
  for (const p of result.proposals) keep(p.sheet, a1(p.col, p.row));
  return () => {
    for (const { cell, style, comment } of kept) {
      // The style object itself, not a copy: cells read with one style share it, as before.
      cell.style = style;
      (cell as unknown as Commented)._comment = comment;
      // A write leaves what it derived on the value's model (its style id, the note) and the next
      // write keeps a style id it computes as 0 (the default style) and a note the cell no longer
      // has: clear both so the fixed copy is written from the cell as it is now.
      const derived = cell.model as unknown as { styleId?: unknown; comment?: unknown };
      delete derived.styleId;
      if (comment === undefined) delete derived.comment;
    }
  };
}
