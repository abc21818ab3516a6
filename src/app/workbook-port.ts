import type { DuplicateDecision } from '../core/master/decisions';
import type { Standard } from '../core/standard/schema';
import type { CellValue, WorkbookData } from '../core/model/sheet';
import type { Proposal } from '../core/model/issue';
import type { VerifyResult } from '../core/verify/engine';
import type { TransferLog } from '../core/transfer/log';
import type { LogChange } from '../core/transfer/journal';
import type { DashboardModel } from '../core/kpi/dashboard';
import type { AuditInput, AuditTrail, ChainCheck } from '../core/audit/trail';
import type { FlagOverride } from '../core/verify/overrides';
import type { QcSheetsModel } from '../core/qc/workbook';
import type { SheetData } from '../core/model/sheet';
import type { WorklistRow } from '../core/translate/worklist';
import type { RawWorkbook } from '../core/mapping/types';

/**
 * Everything the pane asks of the workbook, already bound to one Excel host.
 * Panels talk to this, never to Office.js, so the same panels run in Excel
 * (the adapter on officeHost()), in the harness (the adapter on the fake) and
 * in component tests (a stub).
 */
export interface WorkbookPort {
  /** Read every sheet of the standard; `onProgress` gets a 0..1 fraction. */
  read(std: Standard, onProgress?: (fraction: number) => void): Promise<WorkbookData>;
  /**
   * Live re-validation: call back with the rows a user edited (the add-in's own
   * writes are not reported). Resolves to the function that stops watching.
   */
  watch?(std: Standard, onChange: (sheet: string, rowNumbers: number[], structural: boolean) => void): Promise<() => Promise<void>>;
  /** Read only these rows of one sheet (what watch reported). */
  readRows?(std: Standard, sheet: string, rowNumbers: number[]): Promise<{ rowNumber: number; values: CellValue[] }[]>;
  generateTemplate(std: Standard): Promise<TemplateOutcome>;
  highlight(std: Standard, result: VerifyResult): Promise<void>;
  clearHighlights(): Promise<void>;
  /** Write accepted proposals; cells changed since validation are skipped, never overwritten. */
  apply(proposals: Proposal[]): Promise<ApplyOutcome>;
  /** Put back what an apply changed. */
  revert(undo: ApplyOutcome['undo']): Promise<number>;
  /** Activate the sheet and select one cell (A1 address without sheet). */
  select(sheet: string, address: string): Promise<void>;
  /**
   * Write each row's submission status and target id into the managed columns. `places`: where each
   * standard sheet of the log is in a partner's layout (its own sheet and header row); without it,
   * the standard's sheet with its header on row 1.
   */
  writeResults(log: TransferLog, places?: ResultPlaces): Promise<{ sheets: { sheet: string; rows: number }[] }>;
  /** Transfer logs stored in the workbook (oldest first). */
  loadTransferLogs(): Promise<TransferLog[]>;
  /** Store (or replace, by transferId) a transfer log in the workbook; with the step that changed it, a running transfer may append just the step. */
  saveTransferLog(log: TransferLog, change?: LogChange): Promise<void>;
  /** The steward's duplicate decisions stored in the workbook ([] when none). */
  loadDecisions(): Promise<DuplicateDecision[]>;
  /** Replace the stored decisions with this list. */
  saveDecisions(decisions: DuplicateDecision[]): Promise<void>;
  /** The manual overrides of flags stored in the workbook ([] when none). */
  loadOverrides(): Promise<FlagOverride[]>;
  /** Replace the stored overrides with this list. */
  saveOverrides(overrides: FlagOverride[]): Promise<void>;
  /** Create or replace the add-in's Dashboard sheet (refused when the user has their own sheet of that name). */
  writeDashboard(model: DashboardModel): Promise<{ sheet: string; charts: number; notes: string[] }>;
  /** Append to the audit trail in the workbook; entries carry their own `who`. `warning` when the stored trail was changed outside the add-in. */
  appendAudit(entries: AuditInput[]): Promise<{ warning: string | null }>;
  /** The stored audit trail and the check of its hash chain. */
  readAudit(): Promise<{ trail: AuditTrail; check: ChainCheck }>;
  /** Create the QC sheets (QC, Issues, Checklist and two hidden ones); refused when the workbook already has any of them. */
  writeQcSheets?(model: QcSheetsModel): Promise<{ sheets: string[]; notes: string[] }>;
  /** The QC sheets as reviewers filled them (null when absent). */
  readQcSheets?(): Promise<{ qc: SheetData | null; issues: SheetData | null; planJson: string | null }>;
  /** Create or rewrite the Translations worklist sheet (refused when the user has their own sheet of that name). */
  writeTranslations?(rows: WorklistRow[]): Promise<{ sheet: string; rows: number }>;
  /** The Translations sheet as filled (null when there is none; throws when a sheet of that name is not a worklist). */
  readTranslations?(): Promise<{ source: string; approved: string | null }[] | null>;
  /** Every visible sheet as it arrived (a partner's layout); `maxRows` reads only a sample of the first rows. */
  readRaw?(opts?: { maxRows?: number; onProgress?: (fraction: number) => void }): Promise<RawWorkbook & { truncated: boolean }>;
  /** The mapping profile stored in the workbook, as its cells (null when none). */
  readMappingCells?(): Promise<string[] | null>;
  /** Store the mapping profile's cells in the workbook (replacing any stored one). */
  writeMappingCells?(cells: string[]): Promise<void>;
}

/** Standard sheet → the sheet and header row (1-based) that hold it in the workbook. */
export type ResultPlaces = ReadonlyMap<string, { sheet: string; headerRow: number }>;

export interface ApplyOutcome {
  applied: number;
  skipped: { sheet: string; address: string; reason: string }[];
  /** Opaque to the pane: handed back to revert(). */
  undo: unknown[];
}

export interface TemplateOutcome {
  /** Sheets created or completed; empty when the workbook already had them all. */
  sheets: string[];
  /** Anything the user should know (e.g. a requirement set below what data validation needs). */
  notes: string[];
}
