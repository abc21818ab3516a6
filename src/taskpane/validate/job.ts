import type { Standard } from '../../core/standard/schema';
import type { VerifyResult, VerifySession } from '../../core/verify/engine';
import type { AuditInput } from '../../core/audit/trail';
import type { WorkbookPort } from '../../app/workbook-port';
import type { ValidationState } from './state';
import type { WorkbookLayout } from './layout';

/** The verification the last run made: live edits, overrides and the dashboard all work from it. */
export interface VerifiedRun {
  session: VerifySession;
  std: Standard;
  /** How the session's sheets relate to the workbook's (the template's shape, or a partner's through its mapping). */
  layout: WorkbookLayout;
}

/**
 * What one job of the Validate panel (live re-checking, accept/undo,
 * overrides) may use of the store that holds the state: each job is its own
 * module, and they share this instead of reaching into each other.
 */
export interface ValidationContext {
  readonly port: WorkbookPort;
  readonly state: ValidationState;
  readonly busy: boolean;
  /** The last run's verification, or null before the first validation. */
  readonly run: VerifiedRun | null;
  set(patch: Partial<ValidationState>): void;
  /** The name to record, asked before the first change; null (and nothing done) when the user declines. */
  identified(): Promise<string | null>;
  /** Record in the audit trail; the reason it failed, or null. */
  record(entries: AuditInput[]): Promise<string | null>;
  validate(notice?: string | null, keepUndo?: boolean): Promise<VerifyResult | null>;
}
