import type { Standard } from '../../core/standard/schema';
import type { CellValue } from '../../core/model/sheet';
import type { VerifyResult } from '../../core/verify/engine';
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
}

/** The template's own shape: the session's sheets are the workbook's. */
export function templateLayout(std: Standard): WorkbookLayout {
  return {
    std,
    readEdited: async (port, sheet, rowNumbers) => ({ kind: 'rows', sheet, rows: await port.readRows!(std, sheet, rowNumbers) }),
    shown: (result) => result,
  };
}
