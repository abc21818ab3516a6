import type { Standard } from '../../core/standard/schema';
import type { VerifyResult } from '../../core/verify/engine';
import { MARK_COLORS } from '../../core/verify/messages';
import { proposedCellValue } from '../../core/transform/apply';
import type { Proposal } from '../../core/model/issue';
import { collectMarks } from '../xlsx-write';
import { editCell, emptySheetPatch, type WorkbookPatch } from './model';
import { splitRef } from './xml';

function sheetOf(p: WorkbookPatch, name: string) {
  let s = p.sheets.get(name);
  if (!s) p.sheets.set(name, (s = emptySheetPatch()));
  return s;
}

/** The annotated copy as a patch: each flagged cell filled in its mark's colour, with a note saying why. */
export function annotatePatch(std: Standard, result: VerifyResult): WorkbookPatch {
  const patch: WorkbookPatch = { sheets: new Map() };
  for (const m of collectMarks(std, result).values()) {
    const s = sheetOf(patch, m.sheet);
    const { row, col } = splitRef(m.address);
    editCell(s, row, col, { style: { fill: MARK_COLORS[m.kind] } });
    s.notes.set(m.address.replace(/\$/g, '').toUpperCase(), m.lines.join('\n'));
  }
  return patch;
}

/** The fixed copy as a patch: accepted proposals written into their cells (dates as dates, risky text as text). */
export function fixPatch(proposals: Proposal[]): { patch: WorkbookPatch; applied: number } {
  const patch: WorkbookPatch = { sheets: new Map() };
  for (const p of proposals) editCell(sheetOf(patch, p.sheet), p.row, p.col, { value: { v: proposedCellValue(p) as Date | string | number | boolean | null } });
  return { patch, applied: proposals.length };
}
