import type { CellValue, SheetData, WorkbookData } from '../model/sheet';
import type { Issue, Proposal } from '../model/issue';
import type { Standard } from '../standard/schema';
import { a1 } from '../sheet/address';
import { normalizeHeader } from '../sheet/headers';
import type { VerifyResult } from '../verify/engine';
import type { RawWorkbook, SheetMapping, WorkbookMapping } from './types';

/**
 * The mapped workbook as the engine reads it: one sheet per mapped entity,
 * named as the standard names it, each mapped column under the standard's
 * header AT THE PARTNER'S POSITION, data rows with the partner's row numbers.
 * So every issue and proposal already points at the partner's own cell; only
 * the sheet name needs translating back (see toPartner).
 */
export function toWorkbookData(std: Standard, wb: RawWorkbook, m: WorkbookMapping): WorkbookData {
  const sheets: SheetData[] = [];
  for (const s of m.sheets) {
    const raw = wb.sheets.find((x) => x.name === s.source);
    const e = std.entities.find((x) => x.key === s.entity);
    if (!raw || !e) continue;
    const byCol = new Map(s.columns.map((c) => [c.col, c.header]));
    const standardHeaders = new Set(e.fields.map((f) => normalizeHeader(f.header)));
    // An unmapped column keeps its header unless that header would make the engine take it for a field after all.
    const headers = s.headers.map((h, col) => byCol.get(col) ?? (standardHeaders.has(normalizeHeader(h)) ? '' : h));
    const width = headers.length;
    const rows: CellValue[][] = [];
    const rowNumbers: number[] = [];
    raw.rows.forEach((row, i) => {
      const n = raw.rowNumbers[i]!;
      if (n <= s.headerRow) return;
      const out: CellValue[] = new Array(width);
      for (let c = 0; c < width; c++) out[c] = row[c] ?? null;
      rows.push(out);
      rowNumbers.push(n);
    });
    sheets.push({ name: e.sheet, headers, rows, rowNumbers });
  }
  return { sheets };
}

/** The standard as the partner's file names it: each mapped entity's sheet is the partner's sheet (for headers, notes, reports). */
export function partnerStandard(std: Standard, m: WorkbookMapping): Standard {
  const bySheet = new Map(m.sheets.map((s) => [s.entity, s.source]));
  return { ...std, entities: std.entities.map((e) => (bySheet.has(e.key) ? { ...e, sheet: bySheet.get(e.key)! } : e)) };
}

function sheetOf(m: WorkbookMapping, standardSheet: string): SheetMapping | undefined {
  return m.sheets.find((s) => s.sheet === standardSheet);
}

function moveIssue(i: Issue, m: WorkbookMapping): Issue {
  const s = sheetOf(m, i.sheet);
  if (!s) return i;
  const out: Issue = { ...i, sheet: s.source };
  if (out.params.sheet === i.sheet) out.params = { ...out.params, sheet: s.source };
  // The engine puts sheet-level findings on row 1; the partner's header is elsewhere.
  if (i.row === 1 && s.headerRow !== 1) {
    out.row = s.headerRow;
    out.cells = i.cells.map((c) => c.replace(/\d+$/, String(s.headerRow)));
  }
  return out;
}

/** Issues about the mapping itself: header rows below row 1, columns that need a person's confirmation, sheets not used. */
export function mappingIssues(m: WorkbookMapping): Issue[] {
  const out: Issue[] = [];
  for (const s of m.sheets) {
    if (s.headerRow > 1) {
      out.push({ sheet: s.source, row: s.headerRow, col: 0, field: '', ruleId: 'headerRow', family: 'structure', severity: 'info',
        cells: [a1(0, s.headerRow)], value: null, params: { kind: 'headerRow', sheet: s.source, row: s.headerRow } });
    }
    for (const u of s.unmapped) {
      if (!u.suggestion) continue;
      out.push({ sheet: s.source, row: s.headerRow, col: u.col, field: '', ruleId: 'uncertainColumn', family: 'structure', severity: 'warning',
        cells: [a1(u.col, s.headerRow)], value: u.source,
        params: { kind: 'uncertainColumn', sheet: s.source, header: u.source, suggested: u.suggestion.header, confidence: u.suggestion.confidence } });
    }
  }
  for (const g of m.ignoredSheets) {
    out.push({ sheet: g.source, row: 1, col: 0, field: '', ruleId: 'ignoredSheet', family: 'structure', severity: 'info',
      cells: ['A1'], value: null, params: { kind: 'ignoredSheet', sheet: g.source } });
  }
  return out;
}

/**
 * The engine's result in the partner's terms: sheets as named in the file,
 * sheet-level findings on the partner's header row, and the mapping's own
 * findings added (an unsure column replaces the engine's "extra column" note for it).
 */
export function toPartner(result: VerifyResult, m: WorkbookMapping): VerifyResult {
  const own = mappingIssues(m);
  const asked = new Set(own.filter((i) => i.ruleId === 'uncertainColumn').map((i) => `${i.sheet}!${i.col}`));
  const issues = result.issues.map((i) => moveIssue(i, m)).filter((i) => !(i.ruleId === 'extraColumn' && asked.has(`${i.sheet}!${i.col}`)));
  const proposals: Proposal[] = result.proposals.map((p) => {
    const s = sheetOf(m, p.sheet);
    return s ? { ...p, sheet: s.source } : p;
  });
  const all = [...own, ...issues];
  const count = (sev: Issue['severity']) => all.filter((i) => i.severity === sev).length;
  return { ...result, issues: all, proposals, summary: { ...result.summary, errors: count('error'), warnings: count('warning'), infos: count('info') } };
}

/** The report's `mapping` section (cli-and-report.md). */
export interface MappingSection {
  sheet: string; source: string; headerRow: number; confidence: number; how: string;
  columns: { field: string; header: string; source: string; column: string; confidence: number; how: string }[];
  unmapped: { source: string; column: string; reason: string; suggestion?: { field: string; header: string; confidence: number; how: string } }[];
}

const letter = (col: number) => a1(col, 1).replace(/\d+$/, '');

export function mappingSection(m: WorkbookMapping): MappingSection[] {
  return m.sheets.map((s) => ({
    sheet: s.sheet, source: s.source, headerRow: s.headerRow, confidence: s.confidence, how: s.how,
    columns: s.columns.map((c) => ({ field: c.field, header: c.header, source: c.source, column: letter(c.col), confidence: c.confidence, how: c.how })),
    unmapped: s.unmapped.map((u) => ({ source: u.source, column: letter(u.col), reason: u.reason, ...(u.suggestion ? { suggestion: u.suggestion } : {}) })),
  }));
}
