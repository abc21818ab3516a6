import type { CellValue } from './sheet';

export type Severity = 'error' | 'warning' | 'info';

/** The rule families of the standard, plus `structure` for sheet-level findings (missing sheet, extra column). */
export type RuleFamily =
  | 'required' | 'type' | 'maxLength' | 'pattern' | 'picklist' | 'unique'
  | 'reference' | 'charset' | 'ambiguousDate' | 'crossField' | 'structure'
  | 'excelError' | 'brokenText' | 'formulaText';

/** A finding, as plain data. Its words come from the message table (messages.ts). */
export interface Issue {
  sheet: string;
  /** Excel row number (header = 1). */
  row: number;
  /** 0-based column in the sheet as given; -1 when the column is missing. */
  col: number;
  field: string;
  ruleId: string;
  family: RuleFamily;
  severity: Severity;
  /** Every cell concerned, the main one first (A1). */
  cells: string[];
  value: string | number | boolean | null;
  params: Record<string, string | number | boolean | null>;
}

/** A proposed transformation of one cell; applied only when the user accepts it. */
export interface Proposal {
  sheet: string;
  row: number;
  col: number;
  field: string;
  ruleId: string;
  /** Rules that contributed, in order (e.g. T-TRIM then T-COUNTRY). */
  steps: string[];
  from: CellValue;
  to: string | number;
  /** Dates go to Excel as real dates, not text. */
  toType: 'text' | 'number' | 'date';
  reason?: string;
}
