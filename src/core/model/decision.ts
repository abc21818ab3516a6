/**
 * Decisions a person records (duplicates, overrides, mapping): plain data kept in the
 * workbook and in the audit trail, read by verification, transfer planning and KPIs.
 */

/** A steward's decision on a duplicate cluster: merge the rows into `keep`, or keep them as distinct records. */
export interface DuplicateDecisionRecord {
  kind: 'duplicate';
  sheet: string;
  rows: number[];
  action: 'merge' | 'distinct';
  keep?: number;
  score?: number;
  note?: string;
  who?: string;
  at?: string;
}

/** A flag (issue) the user overrode: the value is right as it is. The issue no longer counts against the KPIs. */
export interface OverrideDecision {
  kind: 'override';
  sheet: string;
  row: number;
  /** A1 address of the flagged cell (the first cell). */
  cell: string;
  ruleId: string;
  value?: string | number | boolean | null;
  note?: string;
  who?: string;
  at?: string;
}

/** A mapping decision for the specification (e.g. T-FSFV: what the source's FSFV date means). */
export interface MappingDecision {
  kind: 'mapping';
  ruleId?: string;
  what: string;
  decision: string;
  who?: string;
  at?: string;
}

export type Decision = DuplicateDecisionRecord | OverrideDecision | MappingDecision;
