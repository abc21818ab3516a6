import type { CellValue, WorkbookData } from '../../src/core/model/sheet';
import type { Standard } from '../../src/core/standard/schema';
import { defaultStandard } from '../../src/core/standard/load';
import { verifyWorkbook, type VerifyOptions, type VerifyResult } from '../../src/core/verify/engine';
import type { Issue } from '../../src/core/model/issue';

/**
 * Test workbooks that read like the standard:
 *   wb({ Sites: [{ 'Study Number': 'ABC-123', 'Site Number': '001' }] })
 * Each sheet gets every header of its entity (in the standard's order), then any
 * extra header used by a row; rows start at Excel row 2. A sheet the standard
 * does not know keeps the headers its rows use.
 */
export type Row = Record<string, CellValue | undefined>;
export type Sheets = Record<string, Row[]>;

export interface WbOptions {
  std?: Standard;
  /** Exact header row per sheet (overrides the standard's headers: missing, renamed or reordered columns). */
  headers?: Record<string, string[]>;
}

export function wb(sheets: Sheets, opts: WbOptions = {}): WorkbookData {
  const std = opts.std ?? defaultStandard();
  return {
    sheets: Object.entries(sheets).map(([name, rows]) => {
      const entity = std.entities.find((e) => e.sheet === name);
      let headers = opts.headers?.[name] ?? entity?.fields.map((f) => f.header) ?? [];
      if (!opts.headers?.[name]) {
        const extra = new Set<string>();
        for (const r of rows) for (const k of Object.keys(r)) if (!headers.includes(k)) extra.add(k);
        headers = [...headers, ...extra];
      }
      return {
        name,
        headers: [...headers],
        rows: rows.map((r) => headers.map((h) => r[h] ?? null)),
        rowNumbers: rows.map((_, i) => i + 2),
      };
    }),
  };
}

/** A real date (UTC midnight), as ExcelJS gives a date cell. */
export function d(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/**
 * A small workbook with no errors, no warnings and no proposals: one sponsor,
 * one site organization, one study, one site, its PI and the PI's assignment.
 * Tests copy it and change what they test.
 */
export function clean(): Sheets {
  return {
    Organizations: [
      { 'Organization ID': 'ORG-1', 'Organization Name': 'Mayo Clinic', 'Organization Type': 'Hospital', City: 'Rochester', Country: 'US', 'Postal Code': '55905', Phone: '+15072842511' },
      { 'Organization ID': 'ORG-SP', 'Organization Name': 'Acme Pharma', 'Organization Type': 'Sponsor', City: 'Boston', Country: 'US' },
    ],
    Studies: [
      { 'Study Number': 'ABC-123', 'Study Title': 'A study of things', Phase: 'Phase 2', 'Study Status': 'Active', 'Sponsor Organization ID': 'ORG-SP', 'NCT Number': 'NCT01234567', 'IND Number': '123456', 'Planned Enrollment': 100 },
    ],
    Sites: [
      { 'Study Number': 'ABC-123', 'Site Number': '001', 'Organization ID': 'ORG-1', 'Principal Investigator Email': 'ann.smith@mayo.org', 'Site Status': 'Enrolling', Country: 'US',
        'Site Activation Date': d('2021-01-04'), 'FSFV Date': d('2021-02-01'), 'Subjects Screened': 10, 'Subjects Enrolled': 8, 'Subjects Completed': 5 },
    ],
    Investigators: [
      { Email: 'ann.smith@mayo.org', 'First Name': 'Ann', 'Last Name': 'Smith', Title: 'Dr.', 'Organization ID': 'ORG-1', Country: 'US', 'GCP Training Date': d('2020-06-01') },
    ],
    'Site Staff': [
      { 'Study Number': 'ABC-123', 'Site Number': '001', Email: 'ann.smith@mayo.org', Role: 'Principal Investigator', 'Start Date': d('2021-01-04') },
    ],
  };
}

/** `clean()` with the first row of `sheet` (or row `index`) changed. */
export function cleanWith(sheet: string, changes: Row, index = 0): Sheets {
  const s = clean();
  const rows = s[sheet]!;
  while (rows.length <= index) rows.push({ ...rows[0] });
  rows[index] = { ...rows[index], ...changes };
  return s;
}

export const TODAY = '2024-06-30';

export function verify(sheets: Sheets | WorkbookData, opts: VerifyOptions & { std?: Standard } = {}): VerifyResult {
  const data = 'sheets' in sheets && Array.isArray(sheets.sheets) ? (sheets as WorkbookData) : wb(sheets as Sheets, { std: opts.std });
  return verifyWorkbook(opts.std ?? defaultStandard(), data, { today: TODAY, ...opts });
}

/** Errors and warnings (infos left out) as "ruleId@Sheet!A1" strings, for compact assertions. */
export function findings(r: VerifyResult): string[] {
  return r.issues.filter((i) => i.severity !== 'info').map((i) => `${i.ruleId}@${i.sheet}!${i.cells[0]}`);
}

export function issuesOf(r: VerifyResult, ruleId: string): Issue[] {
  return r.issues.filter((i) => i.ruleId === ruleId);
}

export function ruleIds(r: VerifyResult): Set<string> {
  return new Set(r.issues.filter((i) => i.severity !== 'info').map((i) => i.ruleId));
}
