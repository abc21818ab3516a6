import type { CellValue } from '../../core/model/sheet';
import type { Standard } from '../../core/standard/schema';
import type { RawWorkbook, SheetMapping, WorkbookMapping } from '../../core/mapping/types';
import { columnLetter } from '../../core/sheet/address';

/**
 * The mapping as the Map step edits it: pure functions over the engine's
 * WorkbookMapping, so the store only holds state and the panel only draws.
 */

/** Nothing to ask: every sheet found by its own name, header on row 1, every column by its own name, nothing unsure. */
export function isExact(m: WorkbookMapping): boolean {
  return m.sheets.every((s) => s.how === 'exact' && s.headerRow === 1 && s.columns.every((c) => c.how === 'exact') && s.unmapped.every((u) => !u.suggestion));
}

/** Columns still waiting for a person to confirm or refuse a suggested field. */
export function openQuestions(m: WorkbookMapping): number {
  return m.sheets.reduce((n, s) => n + s.unmapped.filter((u) => u.suggestion).length, 0);
}

/**
 * A person's choice for one column: the field (or null, not imported). The
 * field leaves any other column of the sheet that had it (one column per field),
 * and that column becomes "not imported" until someone maps it again.
 */
export function chooseField(std: Standard, m: WorkbookMapping, sheet: string, col: number, field: string | null): WorkbookMapping {
  return {
    ...m,
    sheets: m.sheets.map((s) => {
      if (s.source !== sheet) return s;
      const e = std.entities.find((x) => x.key === s.entity);
      const f = field ? e?.fields.find((x) => x.key === field) : undefined;
      const header = s.headers[col] ?? '';
      const displaced = s.columns.filter((c) => c.col !== col && f && c.field === f.key);
      const columns = s.columns.filter((c) => c.col !== col && !(f && c.field === f.key));
      const unmapped = s.unmapped.filter((u) => u.col !== col);
      if (f) columns.push({ field: f.key, header: f.header, source: header, col, confidence: 1, how: 'profile' });
      else unmapped.push({ source: header, col, reason: 'not imported' });
      for (const d of displaced) unmapped.push({ source: d.source, col: d.col, reason: 'not imported' });
      columns.sort((a, b) => a.col - b.col);
      unmapped.sort((a, b) => a.col - b.col);
      return { ...s, columns, unmapped };
    }),
  };
}

export interface ColumnView {
  col: number;
  letter: string;
  header: string;
  /** The field in use, or null (not imported or waiting). */
  field: string | null;
  /** A field the matcher thinks likely but not sure: shown, not used until confirmed. */
  suggested: string | null;
  confidence: number;
  how: SheetMapping['columns'][number]['how'] | null;
  sample: string[];
}

const show = (v: CellValue): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));

/** Up to n distinct values below the header row, as text. */
export function sampleValues(raw: RawWorkbook, s: SheetMapping, col: number, n = 3): string[] {
  const sheet = raw.sheets.find((x) => x.name === s.source);
  if (!sheet) return [];
  const out: string[] = [];
  for (let i = 0; i < sheet.rows.length && out.length < n; i++) {
    if (sheet.rowNumbers[i]! <= s.headerRow) continue;
    const v = sheet.rows[i]![col];
    if (v === null || v === undefined || String(v).trim() === '') continue;
    const t = show(v);
    if (!out.includes(t)) out.push(t);
  }
  return out;
}

export function columnViews(raw: RawWorkbook, s: SheetMapping): ColumnView[] {
  return s.headers.flatMap((header, col): ColumnView[] => {
    if (header === '') return [];
    const m = s.columns.find((c) => c.col === col);
    const u = s.unmapped.find((x) => x.col === col);
    return [{
      col, letter: columnLetter(col), header,
      field: m?.field ?? null,
      suggested: u?.suggestion?.field ?? null,
      confidence: m?.confidence ?? u?.suggestion?.confidence ?? 0,
      how: m?.how ?? u?.suggestion?.how ?? null,
      sample: sampleValues(raw, s, col),
    }];
  });
}
