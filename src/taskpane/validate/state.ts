import type { Standard } from '../../core/standard/schema';
import type { DateOrder } from '../../core/transform/dates';
import type { VerifyResult } from '../../core/verify/engine';
import type { WorkbookData } from '../../core/model/sheet';
import type { AuditInput } from '../../core/audit/trail';
import type { FlagOverride, OverriddenIssue, StaleOverride } from '../../core/verify/overrides';

export type Phase = 'idle' | 'reading' | 'verifying' | 'highlighting' | 'applying' | 'template' | 'saving';

export interface ValidationState {
  phase: Phase;
  /** 0..1, or null while the step cannot tell how far it is. */
  progress: number | null;
  result: VerifyResult | null;
  /** The standard and date order the result was made with; a change makes it stale. */
  resultOf: { standard: Standard; dateOrder: DateOrder | null; /** The standard as a partner's file names its sheets (Map step), for showing issues. */ shownAs?: Standard } | null;
  error: string | null;
  /** What the last action did, for the status line (announced politely). */
  notice: string | null;
  /** "Sheet!A1" of the cell last selected from the list. */
  selected: string | null;
  /** The last accept, which Undo reverts first: the top of `undoStack` (null when empty). */
  undo: UndoStep | null;
  /** Accepts that can be undone, oldest first; cleared when the user validates on their own. */
  undoStack?: UndoStep[];
  /** The data the last result was computed from (the dashboard's KPIs need both). */
  workbook?: WorkbookData | null;
  /** Manual overrides stored in the workbook; `result` leaves out the issues they cover, listed in `overridden`. */
  overrides?: FlagOverride[];
  overridden?: OverriddenIssue[];
  /** Overrides whose flag is gone or changed: they cover nothing. */
  staleOverrides?: StaleOverride[];
}

/** One accept, as Undo sees it: what to hand back to revert(), and what it changed (for the trail and the button). */
export interface UndoStep {
  entries: unknown[];
  count: number;
  /** "12 changes on Sites". */
  label: string;
  /** The transformations recorded for it; their undo is recorded as their mirror image. */
  changes: AuditInput[];
}

export const INITIAL_VALIDATION: ValidationState = {
  phase: 'idle', progress: null, result: null, resultOf: null, error: null, notice: null, selected: null, undo: null,
};
