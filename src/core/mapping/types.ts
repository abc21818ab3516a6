import type { CellValue } from '../model/sheet';

/** A sheet as it arrives, before any header row is known: every non-empty row with its Excel row number. */
export interface RawSheet {
  name: string;
  rows: CellValue[][];
  rowNumbers: number[];
}

export interface RawWorkbook {
  sheets: RawSheet[];
}

export type MatchHow = 'exact' | 'alias' | 'name' | 'content' | 'profile';

export interface ColumnMapping {
  field: string;
  /** The standard's header of the field. */
  header: string;
  /** The partner's header. */
  source: string;
  /** 0-based column in the partner's sheet. */
  col: number;
  confidence: number;
  how: MatchHow;
}

export interface UnmappedColumn {
  source: string;
  col: number;
  reason: string;
  /** Set when a field was likely but not sure: a person must confirm it. */
  suggestion?: { field: string; header: string; confidence: number; how: MatchHow };
}

export interface SheetMapping {
  /** The standard's entity key and sheet name. */
  entity: string;
  sheet: string;
  /** The partner's sheet name. */
  source: string;
  /** Excel row number of the header row. */
  headerRow: number;
  /** The partner's headers, 0-based column order. */
  headers: string[];
  confidence: number;
  how: MatchHow;
  columns: ColumnMapping[];
  unmapped: UnmappedColumn[];
  /** Picklist value decisions: field → source spelling → standard value. */
  values: Record<string, Record<string, string>>;
}

export interface WorkbookMapping {
  sheets: SheetMapping[];
  /** Partner sheets not matched to any entity. */
  ignoredSheets: { source: string; reason: string }[];
}
