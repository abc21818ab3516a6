import type { Standard } from '../standard/schema';
import type { VerifyResult } from '../verify/engine';
import { issueMessage } from '../verify/messages';
import type { CellValue } from '../model/sheet';
import { a1 as cellOf } from '../sheet/address';

/** The validation report of cli-and-report.md. */
export interface ReportIssue {
  sheet: string; row: number; cell: string; cells: string[]; field: string; header: string;
  ruleId: string; family: string; severity: string; message: string; value: string | number | boolean | null;
}
export interface ReportProposal {
  sheet: string; row: number; cell: string; field: string; header: string; ruleId: string; steps: string[];
  from: string | number | boolean | null; to: string | number; reason?: string;
}
export interface ValidationReport {
  standard: string;
  file: string;
  summary: { sheets: number; rows: number; cells: number; errors: number; warnings: number; proposals: number };
  issues: ReportIssue[];
  proposals: ReportProposal[];
}

export function headerOf(std: Standard, sheet: string, field: string, fallback = ''): string {
  const e = std.entities.find((x) => x.sheet === sheet) ?? std.entities.find((x) => x.sheet.toLowerCase() === sheet.toLowerCase());
  return e?.fields.find((f) => f.key === field)?.header ?? fallback;
}

function plain(v: CellValue): string | number | boolean | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  return v ?? null;
}

export function toReport(std: Standard, result: VerifyResult, file: string): ValidationReport {
  const header = (sheet: string, field: string, dflt: string) => headerOf(std, sheet, field, dflt);
  return {
    standard: std.id,
    file,
    summary: {
      sheets: result.summary.sheets, rows: result.summary.rows, cells: result.summary.cells,
      errors: result.summary.errors, warnings: result.summary.warnings, proposals: result.summary.proposals,
    },
    issues: result.issues.map((i) => {
      const h = header(i.sheet, i.field, String(i.params.header ?? ''));
      return {
        sheet: i.sheet, row: i.row, cell: i.cells[0]!, cells: i.cells, field: i.field, header: h,
        ruleId: i.ruleId, family: i.family, severity: i.severity, message: issueMessage(i, h), value: i.value,
      };
    }),
    proposals: result.proposals.map((p) => {
      const out: ReportProposal = {
        sheet: p.sheet, row: p.row, cell: cellOf(p.col, p.row), field: p.field, header: header(p.sheet, p.field, ''),
        ruleId: p.ruleId, steps: p.steps, from: plain(p.from), to: p.to,
      };
      if (p.reason) out.reason = p.reason;
      return out;
    }),
  };
}
