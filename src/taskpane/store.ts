import { validateWorkbook } from '../app/validate';
import type { VerifyResult } from '../core/verify/engine';
import type { Issue, Proposal } from '../core/model/issue';
import type { WorkbookPort } from '../app/workbook-port';
import type { AuditInput } from '../core/audit/trail';
import { templateEntry } from '../core/audit/record';
import type { OverriddenIssue } from '../core/verify/overrides';
import { NAME_DECLINED, type Identify } from './identity';
import { loadUserName } from './userName';
import { Emitter } from './emitter';
import { plural, messageOf } from './text';
import type { SettingsStore } from './settings-store';
import { INITIAL_VALIDATION, type ValidationState } from './validate/state';
import type { ValidationContext, VerifiedRun } from './validate/job';
import { LiveRevalidation } from './validate/live';
import { templateLayout } from './validate/layout';
import { CellChanges } from './validate/changes';
import { FlagOverrides, shownOverrides } from './validate/override-actions';
import { mappedSource, type MappingForValidation } from './mapping/validation';

export type { Phase, ValidationState, UndoStep } from './validate/state';
export { plural, messageOf };

/** Let React paint the progress bar before a long synchronous step. */
const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The Validate panel's state (read with useSyncExternalStore, so it survives
 * switching tabs and tests drive it without rendering). The store runs the
 * validation itself and hands each other job to its own module: live
 * re-checking (validate/live.ts), accept and undo (validate/changes.ts),
 * overrides (validate/override-actions.ts); they share a ValidationContext.
 */
export class ValidationStore extends Emitter<ValidationState> {
  private run: VerifiedRun | null = null;
  private readonly ctx: ValidationContext;
  private readonly live: LiveRevalidation;
  private readonly changes: CellChanges;
  private readonly overrides: FlagOverrides;

  /** `audit` records accepted changes and templates in the workbook's audit trail (see audit.ts). */
  constructor(
    private readonly port: WorkbookPort, private readonly settings: SettingsStore, private readonly audit?: (entries: AuditInput[]) => Promise<void>,
    private readonly identify?: Identify, private readonly mapping?: MappingForValidation,
  ) {
    super(INITIAL_VALIDATION);
    // Getters, not copies: each job must see the state as it is when it reads it.
    const state = () => this.state, busy = () => this.busy, run = () => this.run;
    this.ctx = {
      port,
      get state() { return state(); },
      get busy() { return busy(); },
      get run() { return run(); },
      set: (patch) => this.set(patch),
      identified: () => this.identified(),
      record: (entries) => this.record(entries),
      validate: (notice, keepUndo) => this.validate(notice, keepUndo),
    };
    this.live = new LiveRevalidation(this.ctx);
    this.changes = new CellChanges(this.ctx);
    this.overrides = new FlagOverrides(this.ctx);
  }

  private async identified(): Promise<string | null> {
    const name = this.identify ? await this.identify() : loadUserName();
    if (name === null) this.set({ notice: NAME_DECLINED });
    return name;
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

  /** Stop reacting to edits (a new validation starts watching again). */
  stopWatching(): Promise<void> {
    return this.live.stop();
  }

  /** Resolves when the edits reported so far have been re-checked (tests and the harness wait on it). */
  liveIdle(): Promise<void> {
    return this.live.idle();
  }

  /** Read the workbook, verify it, and mark what was found. */
  async validate(notice: string | null = null, keepUndo = false): Promise<VerifyResult | null> {
    if (this.busy) return null;
    this.live.editedWhileBusy = false;
    if (!keepUndo) this.changes.forget();
    const { choice, settings } = this.settings.getSnapshot();
    const std = choice.standard;
    try {
      this.set({ phase: 'reading', progress: 0, error: null, notice: null });
      // A partner's own layout is read through its mapping; the template's shape is read as before.
      const mapped = await mappedSource(this.port, this.mapping, std, (f) => this.set({ progress: Math.max(0, Math.min(1, f)) }));
      const run = await validateWorkbook(mapped?.source ?? this.port, {
        std, dateOrder: settings.dateOrder, knownOverrides: this.state.overrides ?? [], ...(mapped ? { values: mapped.values } : {}),
        onReadProgress: (f) => this.set({ progress: Math.max(0, Math.min(1, f)) }),
        beforeVerify: async () => { this.set({ phase: 'verifying', progress: null }); await nextFrame(); },
      });
      // Overrides apply in the session's terms (app/validate); the result and the overridden flags are shown on the workbook's sheets.
      const layout = mapped?.layout ?? templateLayout(std);
      this.run = { session: run.session, std, layout };
      const unread = run.overridesUnread ? `The stored overrides could not be read (the last ones known are used): ${run.overridesUnread}` : null;
      const shown = shownOverrides(layout, run);
      const result = shown.result;
      this.set({ workbook: run.workbook, ...shown });
      this.set({ phase: 'highlighting', progress: null, resultOf: { standard: std, dateOrder: settings.dateOrder, ...(mapped ? { shownAs: mapped.std } : {}) } });
      await this.port.highlight(layout.std, result);
      const s = result.summary;
      const found = `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.proposals, 'proposed change')} in ${plural(s.rows, 'row')}.`;
      this.set({ phase: 'idle', progress: null, notice: notice ? `${notice} ${found}` : `Validated: ${found}`, ...(unread ? { error: unread } : {}) });
      // Live re-checking watches the sheets as the workbook names them; a partner's edited rows go through the same mapping.
      await this.live.start(layout);
      if (this.live.editedWhileBusy) {
        this.live.editedWhileBusy = false;
        return await this.validate('Cells changed while checking; checked again.', true);
      }
      return result;
    } catch (e) {
      this.set({ phase: 'idle', progress: null, error: `Validation failed: ${messageOf(e)}` });
      return null;
    }
  }

  accept(proposals: Proposal[]): Promise<void> {
    return this.changes.accept(proposals);
  }

  undoLast(): Promise<void> {
    return this.changes.undoLast();
  }

  /** Accept a flag as it is, with a reason: stored in the workbook, recorded in the audit trail, then left out of the counts. */
  override(issue: Issue, reason: string): Promise<boolean> {
    return this.overrides.override(issue, reason);
  }

  /** Withdraw an override: the flag counts again. */
  undoOverride(issue: OverriddenIssue): Promise<boolean> {
    return this.overrides.withdraw(issue);
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
