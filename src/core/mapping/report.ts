import type { Standard } from '../standard/schema';
import type { ValidationReport, ReportIssue, ReportProposal } from '../report/json';
import { mappingSection, type MappingSection } from './apply';
import type { WorkbookMapping } from './types';

export interface MappedReport extends Omit<ValidationReport, 'issues' | 'proposals'> {
  issues: (ReportIssue & { entity: string | null })[];
  proposals: (ReportProposal & { entity: string | null })[];
  mapping: MappingSection[];
  /** How a CSV file's bytes were read (UTF-8, UTF-16LE, windows-1252 …). */
  encoding?: string;
}

/** Add the `mapping` section, and the standard's entity to every issue and proposal (whose `sheet` is the partner's). */
export function withMapping(report: ValidationReport, std: Standard, m: WorkbookMapping, encoding?: string): MappedReport {
  const entityOf = (sheet: string): string | null =>
    m.sheets.find((s) => s.source === sheet)?.entity ?? std.entities.find((e) => e.sheet === sheet)?.key ?? null;
  return {
    ...report,
    ...(encoding ? { encoding } : {}),
    mapping: mappingSection(m),
    issues: report.issues.map((i) => ({ ...i, entity: entityOf(i.sheet) })),
    proposals: report.proposals.map((p) => ({ ...p, entity: entityOf(p.sheet) })),
  };
}
