import { defaultStandard, parseStandardJson, StandardError } from '../core/standard/load';
import type { Standard } from '../core/standard/schema';
import type { DateOrder } from '../core/transform/dates';
import { createVerifySession } from '../core/verify/engine';
import { needsRomanizers } from '../core/transform/romanize/detect';
import { loadRomanizers } from '../core/transform/romanize/load';
import type { VerifyResult, VerifySession } from '../core/verify/engine';
import type { Issue, Proposal } from '../core/verify/types';
import type { ApplyOutcome, WorkbookPort } from './port';
import type { WorkbookData } from '../core/sheet/types';
import type { AuditInput } from '../core/audit/trail';
import { templateEntry } from '../core/audit/record';
import { acceptedEntries } from './audit';
import type { PaneSettings, SettingsStorage } from './settings';
import { applyOverrides, makeOverride, withOverride, withoutOverride, type FlagOverride, type OverriddenIssue, type StaleOverride } from '../core/verify/overrides';
import { overrideEntry, withdrawnEntry } from './validate/overrides';
import { UNNAMED_USER } from './audit';
import { loadUserName } from './userName';
import { Emitter } from './emitter';

/**
 * The pane's state lives outside React in two tiny stores (read with
 * useSyncExternalStore) so that a panel's state survives switching tabs and
 * so tests can drive the same logic without rendering.
 */


export interface StandardChoice {
  standard: Standard;
  /** File name of a customer's standard, or null for the shipped one. */
  customFile: string | null;
}

export interface SettingsState {
  settings: PaneSettings;
  choice: StandardChoice;
  /** Problems of the last file the user chose (it was not taken). */
  standardProblems: string[] | null;
  standardProblemsFile: string | null;
}

function choose(settings: PaneSettings): { choice: StandardChoice; problems: string[] | null } {
  if (!settings.customStandard) return { choice: { standard: defaultStandard(), customFile: null }, problems: null };
  try {
    return { choice: { standard: parseStandardJson(settings.customStandard.json), customFile: settings.customStandard.fileName }, problems: null };
  } catch (e) {
    // A stored standard that no longer parses (edited storage, newer schema): fall back, and say why.
    return { choice: { standard: defaultStandard(), customFile: null }, problems: problemsOf(e) };
  }
}

export function problemsOf(e: unknown): string[] {
  if (e instanceof StandardError) return e.problems;
  return [e instanceof Error ? e.message : String(e)];
}

export class SettingsStore extends Emitter<SettingsState> {
  constructor(private readonly storage: SettingsStorage) {
    const settings = storage.load();
    const { choice, problems } = choose(settings);
    super({ settings, choice, standardProblems: problems, standardProblemsFile: problems ? settings.customStandard?.fileName ?? null : null });
  }

  setDateOrder(dateOrder: DateOrder | null): void {
    this.update({ ...this.state.settings, dateOrder });
  }

  /** Take a customer's standard if it parses; otherwise keep the current one and report each problem with its path. */
  loadStandard(fileName: string, json: string): boolean {
    try {
      const standard = parseStandardJson(json);
      const settings = { ...this.state.settings, customStandard: { fileName, json } };
      this.storage.save(settings);
      this.set({ settings, choice: { standard, customFile: fileName }, standardProblems: null, standardProblemsFile: null });
      return true;
    } catch (e) {
      this.set({ standardProblems: problemsOf(e), standardProblemsFile: fileName });
      return false;
    }
  }

  useDefaultStandard(): void {
    this.update({ ...this.state.settings, customStandard: null });
  }

  private update(settings: PaneSettings): void {
    this.storage.save(settings);
    const { choice, problems } = choose(settings);
    this.set({ settings, choice, standardProblems: problems, standardProblemsFile: null });
  }
}

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
  /** What the last accept changed, so it can be undone (cleared by the next accept or undo). */
  undo: { entries: unknown[]; count: number } | null;
  /** The data the last result was computed from (the dashboard's KPIs need both). */
  workbook?: WorkbookData | null;
  /** Manual overrides stored in the workbook; `result` leaves out the issues they cover, listed in `overridden`. */
  overrides?: FlagOverride[];
  overridden?: OverriddenIssue[];
  /** Overrides whose flag is gone or changed: they cover nothing. */
  staleOverrides?: StaleOverride[];
}

const INITIAL: ValidationState = { phase: 'idle', progress: null, result: null, resultOf: null, error: null, notice: null, selected: null, undo: null };

/** Let React paint the progress bar before a long synchronous step. */
const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export const plural = (n: number, word: string) => `${n} ${n === 1 ? word : `${word}s`}`;

export function messageOf(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

export class ValidationStore extends Emitter<ValidationState> {
  /** `audit` records accepted changes and templates in the workbook's audit trail (see audit.ts). */
  constructor(private readonly port: WorkbookPort, private readonly settings: SettingsStore, private readonly audit?: (entries: AuditInput[]) => Promise<void>) {
    super(INITIAL);
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
    if (!keepUndo && this.state.undo) this.set({ undo: null });
    const { choice, settings } = this.settings.getSnapshot();
    const std = choice.standard;
    try {
      this.set({ phase: 'reading', progress: 0, error: null, notice: null });
      const wb = await this.port.read(std, (f) => this.set({ progress: Math.max(0, Math.min(1, f)) }));
      this.set({ phase: 'verifying', progress: null });
      await nextFrame();
      // Loaded (a separate chunk) only when names in other scripts are there to romanize.
      const romanizers = needsRomanizers(std, wb) ? await loadRomanizers() : undefined;
      const session = createVerifySession(std, wb, { ...(settings.dateOrder ? { dateOrder: settings.dateOrder } : {}), ...(romanizers ? { romanizers } : {}) });
      this.session = session;
      this.sessionStd = std;
      // Re-read each time: a colleague's session (or an undo in another pane) may have changed them.
      let overrides = this.state.overrides ?? [];
      let unread: string | null = null;
      try {
        overrides = await this.port.loadOverrides();
      } catch (e) {
        unread = `The stored overrides could not be read (the last ones known are used): ${messageOf(e)}`;
      }
      this.set({ workbook: wb });
      const result = this.withOverrides(session.result, overrides);
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
    let out: ApplyOutcome;
    try {
      this.set({ phase: 'applying', progress: null, error: null, notice: null });
      out = await this.port.apply(proposals);
    } catch (e) {
      this.set({ phase: 'idle', error: `Could not apply the changes: ${messageOf(e)}` });
      return;
    }
    this.set({ phase: 'idle', undo: out.applied ? { entries: out.undo, count: out.applied } : null });
    const unrecorded = await this.record(acceptedEntries(proposals, out));
    const skipped = out.skipped.length
      ? ` ${out.skipped.length} skipped (${out.skipped[0]!.sheet}!${out.skipped[0]!.address}: ${out.skipped[0]!.reason}${out.skipped.length > 1 ? ', …' : ''}).`
      : '';
    await this.validate(`Applied ${plural(out.applied, 'change')}.${skipped}`, true);
    if (unrecorded) this.set({ error: unrecorded });
  }

  /** Put back the cells the last accept changed, then validate again. */
  async undoLast(): Promise<void> {
    const undo = this.state.undo;
    if (this.busy || !undo) return;
    let reverted = 0;
    try {
      this.set({ phase: 'applying', progress: null, error: null, notice: null });
      reverted = await this.port.revert(undo.entries);
    } catch (e) {
      this.set({ phase: 'idle', error: `Could not undo: ${messageOf(e)}` });
      return;
    }
    this.set({ phase: 'idle', undo: null });
    await this.validate(`Undid ${plural(reverted, 'change')}.`);
  }

  /** Apply the overrides to a fresh result and publish both (the result, the overridden and the stale). */
  private withOverrides(raw: VerifyResult, overrides: FlagOverride[]): VerifyResult {
    const out = applyOverrides(raw, overrides, this.sessionStd!, this.state.workbook!);
    this.set({ result: out.result, overrides, overridden: out.overridden, staleOverrides: out.stale });
    return out.result;
  }

  /** Accept a flag as it is, with a reason: stored in the workbook, recorded in the audit trail, then left out of the counts. */
  async override(issue: Issue, reason: string): Promise<boolean> {
    const session = this.session;
    if (this.busy || !session || !this.sessionStd || !this.state.workbook) return false;
    let o: FlagOverride;
    try {
      o = makeOverride(this.sessionStd, issue, this.state.workbook, session.result.proposals, { reason, by: loadUserName().trim() || UNNAMED_USER });
    } catch (e) {
      this.set({ error: messageOf(e) });
      return false;
    }
    return this.saveOverrides(withOverride(this.state.overrides ?? [], o), `Overrode ${issue.sheet}!${issue.cells[0]} (${issue.ruleId}).`,
      [overrideEntry(this.sessionStd, issue, o)]);
  }

  /** Withdraw an override: the flag counts again. */
  async undoOverride(issue: OverriddenIssue): Promise<boolean> {
    if (this.busy || !this.session || !this.sessionStd) return false;
    return this.saveOverrides(withoutOverride(this.state.overrides ?? [], issue.override), `Override of ${issue.sheet}!${issue.cells[0]} (${issue.ruleId}) withdrawn.`,
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
}
