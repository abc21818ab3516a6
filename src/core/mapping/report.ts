import type { Standard } from '../standard/schema';
import type { ValidationReport, ReportIssue, ReportProposal } from '../report/json';
import { mappingSection, type MappingSection } from './apply';
import type { WorkbookMapping } from './types';
import type { ValueWorkItem } from './values';

/** A picklist value of the partner's that the standard cannot read, in the report's mapping section. */
export type ReportValueItem = Omit<ValueWorkItem, 'sheet' | 'entity'>;

/** The saved profile applied to the file, and where the file no longer fits it. */
export interface AppliedProfile { from: 'file' | 'folder' | 'workbook'; name: string; fits: number; misfits: string[] }

export interface MappedReport extends Omit<ValidationReport, 'issues' | 'proposals'> {
  issues: (ReportIssue & { entity: string | null })[];
  proposals: (ReportProposal & { entity: string | null })[];
  mapping: (MappingSection & { values?: ReportValueItem[] })[];
  profile?: AppliedProfile;
  /** How a CSV file's bytes were read (UTF-8, UTF-16LE, windows-1252 …). */
  encoding?: string;
}

/** Add the `mapping` section, and the standard's entity to every issue and proposal (whose `sheet` is the partner's). */
export function withMapping(report: ValidationReport, std: Standard, m: WorkbookMapping, encoding?: string, extra: { values?: readonly ValueWorkItem[]; profile?: AppliedProfile } = {}): MappedReport {
  const entityOf = (sheet: string): string | null =>
    m.sheets.find((s) => s.source === sheet)?.entity ?? std.entities.find((e) => e.sheet === sheet)?.key ?? null;
  return {
    ...report,
    ...(encoding ? { encoding } : {}),
    ...(extra.profile ? { profile: extra.profile } : {}),
    mapping: mappingSection(m).map((sec) => {
      if (!extra.values) return sec;
      const values = extra.values.filter((v) => v.sheet === sec.source).map(({ sheet: _s, entity: _e, ...rest }) => rest);
      return { ...sec, values };
    }),
    issues: report.issues.map((i) => ({ ...i, entity: entityOf(i.sheet) })),
    proposals: report.proposals.map((p) => ({ ...p, entity: entityOf(p.sheet) })),
  };
}
