import type { Standard } from '../../core/standard/schema';
import type { CellValue } from '../../core/model/sheet';
import type { VerifyResult } from '../../core/verify/engine';
import type { Issue } from '../../core/model/issue';
import type { WorkbookPort } from '../../app/workbook-port';

/** One edited row as the session holds it: its Excel row number and its values in the session's column order. */
export interface EditedRow { rowNumber: number; values: CellValue[] }

/** What an edit means for the last run's session. */
export type EditedRows =
  /** Rows to re-check, under the session's own sheet name. */
  | { kind: 'rows'; sheet: string; rows: EditedRow[] }
  /** The header row (or a row above it) changed: only a full validation can tell what the columns are now. */
  | { kind: 'layout' }
  /** A sheet the session does not check. */
  | { kind: 'ignored' };

/**
 * How the sheets the user edits relate to the session the last run verified.
 * On the template's shape they are the same sheets; on a partner's layout
 * they go through its mapping (mapping/live-layout.ts). Live re-checking
 * works through this, so it has one path for both.
 */
export interface WorkbookLayout {
  /** The standard as the workbook names its sheets: these are watched and highlighted. */
  std: Standard;
  /** Read the edited rows of one sheet and put them in the session's terms. */
  readEdited(port: WorkbookPort, sheet: string, rowNumbers: number[]): Promise<EditedRows>;
  /** The session's result as the user sees it (on the workbook's own sheets). */
  shown(result: VerifyResult): VerifyResult;
  /** The sheet as the user sees it, for a sheet of the session (overridden flags are listed there). */
  shownSheet(sessionSheet: string): string;
  /** The session's name for a sheet the user sees: a flag picked from the list is overridden in the session's terms. */
  sessionSheet(shownSheet: string): string;
}

/**
 * An issue under another sheet name. Only the name moves: the session keeps
 * the workbook's own rows and columns, so the cells are the same.
 */
export function onSheet<T extends Issue>(issue: T, sheet: (name: string) => string): T {
  const to = sheet(issue.sheet);
  if (to === issue.sheet) return issue;
  return { ...issue, sheet: to, ...(issue.params.sheet === issue.sheet ? { params: { ...issue.params, sheet: to } } : {}) };
}

/** The template's own shape: the session's sheets are the workbook's. */
export function templateLayout(std: Standard): WorkbookLayout {
  return {
    std,
    readEdited: async (port, sheet, rowNumbers) => ({ kind: 'rows', sheet, rows: await port.readRows!(std, sheet, rowNumbers) }),
    shown: (result) => result,
    shownSheet: (name) => name,
    sessionSheet: (name) => name,
  };
}
