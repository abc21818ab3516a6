import { messageOf, plural } from '../text';
import type { ValidationContext } from './job';
import { publishWithOverrides } from './override-actions';
import type { WorkbookLayout } from './layout';

/**
 * The one live re-validation path: the last run's session re-checks only
 * the rows the user edits (plus the set-level checks), one change at a time.
 * The layout says which sheets to watch and how their rows reach the
 * session: the template's own shape, or a partner's through its mapping.
 */
export class LiveRevalidation {
  private unwatch: (() => Promise<void>) | null = null;
  private layout: WorkbookLayout | null = null;
  private queue: Promise<void> = Promise.resolve();
  /** An edit arrived while a run was reading or writing: the run must check again after it. */
  editedWhileBusy = false;

  constructor(private readonly ctx: ValidationContext) {}

  async stop(): Promise<void> {
    const stop = this.unwatch;
    this.unwatch = null;
    await stop?.();
  }

  /** Resolves when the edits reported so far have been re-checked. */
  idle(): Promise<void> {
    return this.queue;
  }

  async start(layout: WorkbookLayout): Promise<void> {
    await this.stop();
    const { port } = this.ctx;
    if (!port.watch || !port.readRows) return;
    this.layout = layout;
    try {
      this.unwatch = await port.watch(layout.std, (sheet, rows, structural) => {
        // One change at a time, in order: a fast typist must not interleave two repaints.
        this.queue = this.queue.then(() => this.onEdit(sheet, rows, structural)).catch((e: unknown) => {
          this.ctx.set({ error: `Live re-validation failed: ${messageOf(e)}` });
        });
      });
    } catch {
      // Hosts below ExcelApi 1.7 have no change events: validation still works on demand.
      this.unwatch = null;
    }
  }

  private async onEdit(sheet: string, rows: number[], structural: boolean): Promise<void> {
    const { ctx } = this;
    // An edit made while a run reads or writes may or may not be in what it read: check again after it.
    if (ctx.busy) { this.editedWhileBusy = true; return; }
    const run = ctx.run;
    const layout = this.layout;
    if (structural || !run || !layout) {
      await ctx.validate('The sheet layout changed.', true);
      return;
    }
    const edited = await layout.readEdited(ctx.port, sheet, rows);
    if (edited.kind === 'ignored') return;
    if (edited.kind === 'layout') {
      await ctx.validate('The header row changed.', true);
      return;
    }
    const result = publishWithOverrides(ctx, run.session.updateRows(edited.sheet, edited.rows), ctx.state.overrides ?? []);
    await ctx.port.highlight(layout.std, result);
    const s = result.summary;
    ctx.set({ notice: `Re-checked ${plural(rows.length, 'edited row')} in ${sheet}: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.proposals, 'proposed change')}.` });
  }
}
