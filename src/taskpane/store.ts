import type { Standard } from '../core/standard/schema';
import type { DateOrder } from '../core/transform/dates';
import { validateWorkbook, withOverrides } from '../app/validate';
import type { VerifyResult, VerifySession } from '../core/verify/engine';
import type { Issue, Proposal } from '../core/model/issue';
import type { ApplyOutcome, WorkbookPort } from '../app/workbook-port';
import type { WorkbookData } from '../core/model/sheet';
import type { AuditInput } from '../core/audit/trail';
import { templateEntry } from '../core/audit/record';
import { acceptedEntries, undoEntries, undoLabel } from './audit';
import { NAME_DECLINED, type Identify } from './identity';
import { makeOverride, withOverride, withoutOverride, type FlagOverride, type OverriddenIssue, type StaleOverride } from '../core/verify/overrides';
import { overrideEntry, withdrawnEntry } from './validate/overrides';
import { UNNAMED_USER } from './audit';
import { loadUserName } from './userName';
import { Emitter } from './emitter';
import { familyLabel } from '../core/labels';

/**
 * The pane's state lives outside React in two tiny stores (read with
 * useSyncExternalStore) so that a panel's state survives switching tabs and
 * so tests can drive the same logic without rendering.
 */


export type Phase = 'idle' | 'reading' | 'verifying' | 'highlighting' | 'applying' | 'template' | 'saving';

export interface ValidationState {
  phase: Phase;
  /** 0..1, or null while the step cannot tell how far it is. */
  progress: number | null;
  result: VerifyResult | null;
  /** The standard and date order the result was made with; a change makes it stale. */
  resultOf: { standard: Standard; dateOrder: DateOrder | null } | null;
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

const INITIAL: ValidationState = { phase: 'idle', progress: null, result: null, resultOf: null, error: null, notice: null, selected: null, undo: null };

/** Let React paint the progress bar before a long synchronous step. */
const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

import { plural, messageOf } from './text';
import type { SettingsStore } from './settings-store';

export { plural, messageOf };

export class ValidationStore extends Emitter<ValidationState> {
  /** `audit` records accepted changes and templates in the workbook's audit trail (see audit.ts). */
  constructor(
    private readonly port: WorkbookPort, private readonly settings: SettingsStore, private readonly audit?: (entries: AuditInput[]) => Promise<void>,
    private readonly identify?: Identify,
  ) {
    super(INITIAL);
  }

  /** The name to record, asked before the first change; null (and nothing done) when the user declines. */
  private async identified(): Promise<string | null> {
    const name = this.identify ? await this.identify() : loadUserName();
    if (name === null) this.set({ notice: NAME_DECLINED });
    return name;
  }

  private setStack(stack: UndoStep[]): void {
    this.set({ undoStack: stack, undo: stack[stack.length - 1] ?? null });
  }

  /** A change that was made but not recorded is reported, not hidden; the change itself stands. */
  private async record(entries: AuditInput[]): Promise<string | null> {
    if (!this.audit || !entries.length) return null;
    try {
      await this.audit(entries);
      return null;
    } catch (e) {
      return `The audit trail could not record this: ${messageOf(e)}`;
    }
  }

  get busy(): boolean {
    return this.state.phase !== 'idle';
  }

  // Live re-validation: the session of the last run, re-checked row by row as the user edits.
  private session: VerifySession | null = null;
  private sessionStd: Standard | null = null;
  private unwatch: (() => Promise<void>) | null = null;
  private live: Promise<void> = Promise.resolve();
  private editedWhileBusy = false;

  /** Stop reacting to edits (a new validation starts watching again). */
  async stopWatching(): Promise<void> {
    const stop = this.unwatch;
    this.unwatch = null;
    await stop?.();
  }

  /** Resolves when the edits reported so far have been re-checked (tests and the harness wait on it). */
  liveIdle(): Promise<void> {
    return this.live;
  }

  private async startWatching(std: Standard): Promise<void> {
    await this.stopWatching();
    if (!this.port.watch || !this.port.readRows) return;
    try {
      this.unwatch = await this.port.watch(std, (sheet, rows, structural) => {
        // One change at a time, in order: a fast typist must not interleave two repaints.
        this.live = this.live.then(() => this.onEdit(sheet, rows, structural)).catch((e: unknown) => {
          this.set({ error: `Live re-validation failed: ${messageOf(e)}` });
        });
      });
    } catch {
      // Hosts below ExcelApi 1.7 have no change events: validation still works on demand.
      this.unwatch = null;
    }
  }

  private async onEdit(sheet: string, rows: number[], structural: boolean): Promise<void> {
    // An edit made while a run reads or writes may or may not be in what it read: check again after it.
    if (this.busy) { this.editedWhileBusy = true; return; }
    if (structural || !this.session || !this.sessionStd) {
      await this.validate('The sheet layout changed.', true);
      return;
    }
    const std = this.sessionStd;
    const values = await this.port.readRows!(std, sheet, rows);
    const result = this.withOverrides(this.session.updateRows(sheet, values), this.state.overrides ?? []);
    await this.port.highlight(std, result);
    const s = result.summary;
    this.set({ notice: `Re-checked ${plural(rows.length, 'edited row')} in ${sheet}: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.proposals, 'proposed change')}.` });
  }

  /** Read the workbook, verify it, and mark what was found. */
  async validate(notice: string | null = null, keepUndo = false): Promise<VerifyResult | null> {
    if (this.busy) return null;
    this.editedWhileBusy = false;
    // Undo writes old values back blindly; once the user validates on their own they may have edited those cells.
    if (!keepUndo && this.state.undo) this.setStack([]);
    const { choice, settings } = this.settings.getSnapshot();
    const std = choice.standard;
    try {
      this.set({ phase: 'reading', progress: 0, error: null, notice: null });
      const run = await validateWorkbook(this.port, {
        std, dateOrder: settings.dateOrder, knownOverrides: this.state.overrides ?? [],
        onReadProgress: (f) => this.set({ progress: Math.max(0, Math.min(1, f)) }),
        beforeVerify: async () => { this.set({ phase: 'verifying', progress: null }); await nextFrame(); },
      });
      const { session, workbook: wb, overrides } = run;
      this.session = session;
      this.sessionStd = std;
      const unread = run.overridesUnread ? `The stored overrides could not be read (the last ones known are used): ${run.overridesUnread}` : null;
      const result = run.result;
      this.set({ workbook: wb, result, overrides, overridden: run.overridden, staleOverrides: run.stale });
      this.set({ phase: 'highlighting', progress: null, resultOf: { standard: std, dateOrder: settings.dateOrder } });
      await this.port.highlight(std, result);
      const s = result.summary;
      const found = `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.proposals, 'proposed change')} in ${plural(s.rows, 'row')}.`;
      this.set({ phase: 'idle', progress: null, notice: notice ? `${notice} ${found}` : `Validated: ${found}`, ...(unread ? { error: unread } : {}) });
      await this.startWatching(std);
      if (this.editedWhileBusy) {
        this.editedWhileBusy = false;
        return await this.validate('Cells changed while checking; checked again.', true);
      }
      return result;
    } catch (e) {
      this.set({ phase: 'idle', progress: null, error: `Validation failed: ${messageOf(e)}` });
      return null;
    }
  }

  /** Write accepted proposals, then validate again so the list shows what is left. */
  async accept(proposals: Proposal[]): Promise<void> {
    if (this.busy || proposals.length === 0) return;
    if ((await this.identified()) === null) return;
    let out: ApplyOutcome;
    try {
      this.set({ phase: 'applying', progress: null, error: null, notice: null });
      out = await this.port.apply(proposals);
    } catch (e) {
      this.set({ phase: 'idle', error: `Could not apply the changes: ${messageOf(e)}` });
      return;
    }
    const changes = acceptedEntries(proposals, out);
    this.set({ phase: 'idle' });
    if (out.applied) this.setStack([...(this.state.undoStack ?? []), { entries: out.undo, count: out.applied, label: undoLabel(changes, out.applied), changes }]);
    const unrecorded = await this.record(changes);
    const skipped = out.skipped.length
      ? ` ${out.skipped.length} skipped (${out.skipped[0]!.sheet}!${out.skipped[0]!.address}: ${out.skipped[0]!.reason}${out.skipped.length > 1 ? ', …' : ''}).`
      : '';
    await this.validate(`Applied ${plural(out.applied, 'change')}.${skipped}`, true);
    if (unrecorded) this.set({ error: unrecorded });
  }

  /** Put back the cells the last accept changed (one step of the stack), record it, then validate again. */
  async undoLast(): Promise<void> {
    const undo = this.state.undo;
    if (this.busy || !undo) return;
    if ((await this.identified()) === null) return;
    try {
      this.set({ phase: 'applying', progress: null, error: null, notice: null });
      await this.port.revert(undo.entries);
    } catch (e) {
      this.set({ phase: 'idle', error: `Could not undo: ${messageOf(e)}` });
      return;
    }
    this.set({ phase: 'idle' });
    this.setStack((this.state.undoStack ?? []).slice(0, -1));
    const unrecorded = await this.record(undoEntries(undo.changes, undo.label));
    // The steps below stay undoable: they were made before this one, and this one is reverted.
    await this.validate(`Undid ${undo.label}.`, true);
    if (unrecorded) this.set({ error: unrecorded });
  }

  /** Apply the overrides to a fresh result and publish both (the result, the overridden and the stale). */
  private withOverrides(raw: VerifyResult, overrides: FlagOverride[]): VerifyResult {
    const out = withOverrides(this.sessionStd!, this.state.workbook!, raw, overrides);
    this.set({ result: out.result, overrides, overridden: out.overridden, staleOverrides: out.stale });
    return out.result;
  }

  /** Accept a flag as it is, with a reason: stored in the workbook, recorded in the audit trail, then left out of the counts. */
  async override(issue: Issue, reason: string): Promise<boolean> {
    const session = this.session;
    if (this.busy || !session || !this.sessionStd || !this.state.workbook) return false;
    const who = await this.identified();
    if (who === null) return false;
    let o: FlagOverride;
    try {
      o = makeOverride(this.sessionStd, issue, this.state.workbook, session.result.proposals, { reason, by: who.trim() || UNNAMED_USER });
    } catch (e) {
      this.set({ error: messageOf(e) });
      return false;
    }
    return this.saveOverrides(withOverride(this.state.overrides ?? [], o), `Accepted ${issue.sheet}!${issue.cells[0]} as it is (${familyLabel(issue.family).toLowerCase()}).`,
      [overrideEntry(this.sessionStd, issue, o)]);
  }

  /** Withdraw an override: the flag counts again. */
  async undoOverride(issue: OverriddenIssue): Promise<boolean> {
    if (this.busy || !this.session || !this.sessionStd) return false;
    if ((await this.identified()) === null) return false;
    return this.saveOverrides(withoutOverride(this.state.overrides ?? [], issue.override), `${issue.sheet}!${issue.cells[0]} is flagged again (${familyLabel(issue.family).toLowerCase()}): the override is withdrawn.`,
      [withdrawnEntry(this.sessionStd, issue, issue.override)]);
  }

  /** Saved before the list changes: what the pane shows is what the workbook holds. */
  private async saveOverrides(list: FlagOverride[], notice: string, entries: AuditInput[]): Promise<boolean> {
    const std = this.sessionStd!;
    try {
      this.set({ phase: 'saving', progress: null, error: null, notice: null });
      await this.port.saveOverrides(list);
    } catch (e) {
      this.set({ phase: 'idle', error: `Could not save the override in the workbook: ${messageOf(e)}` });
      return false;
    }
    const result = this.withOverrides(this.session!.result, list);
    let error: string | null = null;
    try {
      this.set({ phase: 'highlighting' });
      await this.port.highlight(std, result);
    } catch (e) {
      error = `The override is saved, but the marks could not be updated: ${messageOf(e)}`;
    }
    // The override stands once stored; a trail that refused it is reported, never silently skipped.
    const unrecorded = await this.record(entries);
    this.set({ phase: 'idle', notice, error: unrecorded ?? error });
    return true;
  }

  async select(item: Pick<Issue, 'sheet' | 'cells'> | Pick<Proposal, 'sheet'> & { cell: string }): Promise<void> {
    const address = 'cells' in item ? item.cells[0]! : item.cell;
    try {
      await this.port.select(item.sheet, address);
      this.set({ selected: `${item.sheet}!${address}` });
    } catch (e) {
      this.set({ error: `Could not select ${item.sheet}!${address}: ${messageOf(e)}` });
    }
  }

  async clearHighlights(): Promise<void> {
    if (this.busy) return;
    try {
      await this.port.clearHighlights();
      this.set({ notice: 'Highlights and notes removed.' });
    } catch (e) {
      this.set({ error: `Could not clear highlights: ${messageOf(e)}` });
    }
  }

  async generateTemplate(): Promise<void> {
    if (this.busy) return;
    if ((await this.identified()) === null) return;
    const std = this.settings.getSnapshot().choice.standard;
    try {
      this.set({ phase: 'template', progress: null, error: null, notice: null });
      const out = await this.port.generateTemplate(std);
      const made = out.sheets.length ? `Template ready: ${out.sheets.join(', ')}.` : 'The workbook already has every sheet of the standard.';
      const unrecorded = out.sheets.length ? await this.record([templateEntry(std, out.sheets.join(', '))]) : null;
      this.set({ phase: 'idle', notice: [made, ...out.notes].join(' '), ...(unrecorded ? { error: unrecorded } : {}) });
    } catch (e) {
      this.set({ phase: 'idle', error: `Could not create the template: ${messageOf(e)}` });
    }
  }

  dismiss(): void {
    this.set({ error: null, notice: null });
  }

  /** The last action's outcome is stale once the user moves on to another tab (errors stay until dismissed). */
  clearNotice(): void {
    if (this.state.notice) this.set({ notice: null });
  }
}
