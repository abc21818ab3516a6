import { a1 } from '../sheet/address';
import type { CellValue, SheetData, WorkbookData } from '../model/sheet';
import type { Proposal } from '../model/issue';

/** Which proposals to accept: all, those of some rules, or chosen cells ("Sheet!A1"). */
export type Selection = { all: true } | { rules: string[] } | { cells: string[] };

export function cellKey(p: Pick<Proposal, 'sheet' | 'row' | 'col'>): string {
  return `${p.sheet}\u0000${p.row}\u0000${p.col}`;
}

export function selectProposals(proposals: Proposal[], sel: Selection): Proposal[] {
  if ('all' in sel) return proposals;
  if ('rules' in sel) {
    const rules = new Set(sel.rules);
    // A proposal belongs to every rule that contributed to it (T-TRIM then T-COUNTRY).
    return proposals.filter((p) => p.steps.some((s) => rules.has(s)));
  }
  const cells = new Set(sel.cells);
  return proposals.filter((p) => cells.has(addressOf(p)));
}

function addressOf(p: Proposal): string {
  return `${p.sheet}!${a1(p.col, p.row)}`;
}

/** The value a proposal writes into a cell: dates as real dates (UTC midnight), others as given. */
export function proposedCellValue(p: Proposal): CellValue {
  if (p.toType === 'date' && typeof p.to === 'string') return new Date(`${p.to}T00:00:00Z`);
  return p.to;
}

export interface AppliedChange {
  sheet: string;
  row: number;
  col: number;
  before: CellValue;
  after: CellValue;
  ruleId: string;
}

/**
 * Apply proposals to a copy of the workbook data. The input is not changed;
 * the list of changes (with before values) is the way back.
 */
export function applyProposals(wb: WorkbookData, proposals: Proposal[]): { workbook: WorkbookData; changes: AppliedChange[] } {
  const bySheet = new Map<string, Proposal[]>();
  for (const p of proposals) {
    const list = bySheet.get(p.sheet);
    if (list) list.push(p); else bySheet.set(p.sheet, [p]);
  }
  const changes: AppliedChange[] = [];
  const sheets: SheetData[] = wb.sheets.map((s) => {
    const ps = bySheet.get(s.name);
    if (!ps) return s;
    const rowIndex = new Map(s.rowNumbers.map((rn, i) => [rn, i]));
    const rows = s.rows.slice();
    const copied = new Set<number>();
    for (const p of ps) {
      const r = rowIndex.get(p.row);
      if (r === undefined) continue;
      if (!copied.has(r)) { rows[r] = rows[r]!.slice(); copied.add(r); }
      const row = rows[r]!;
      while (row.length <= p.col) row.push(null);
      const after = proposedCellValue(p);
      changes.push({ sheet: s.name, row: p.row, col: p.col, before: row[p.col] ?? null, after, ruleId: p.ruleId });
      row[p.col] = after;
    }
    return { ...s, rows };
  });
  return { workbook: { sheets }, changes };
}
