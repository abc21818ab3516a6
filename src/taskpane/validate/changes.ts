import type { Proposal } from '../../core/model/issue';
import type { ApplyOutcome } from '../../app/workbook-port';
import { acceptedEntries, undoEntries, undoLabel } from '../audit';
import { messageOf, plural } from '../text';
import type { ValidationContext } from './job';
import type { UndoStep } from './state';

/** Accepting proposals into the cells and taking them back, one step at a time, each recorded. */
export class CellChanges {
  constructor(private readonly ctx: ValidationContext) {}

  private setStack(stack: UndoStep[]): void {
    this.ctx.set({ undoStack: stack, undo: stack[stack.length - 1] ?? null });
  }

  /** Undo writes old values back blindly; once the user validates on their own they may have edited those cells. */
  forget(): void {
    if (this.ctx.state.undo) this.setStack([]);
  }

  /** Write accepted proposals, then validate again so the list shows what is left. */
  async accept(proposals: Proposal[]): Promise<void> {
    const { ctx } = this;
    if (ctx.busy || proposals.length === 0) return;
    if ((await ctx.identified()) === null) return;
    let out: ApplyOutcome;
    try {
      ctx.set({ phase: 'applying', progress: null, error: null, notice: null });
      out = await ctx.port.apply(proposals);
    } catch (e) {
      ctx.set({ phase: 'idle', error: `Could not apply the changes: ${messageOf(e)}` });
      return;
    }
    const changes = acceptedEntries(proposals, out);
    ctx.set({ phase: 'idle' });
    if (out.applied) this.setStack([...(ctx.state.undoStack ?? []), { entries: out.undo, count: out.applied, label: undoLabel(changes, out.applied), changes }]);
    const unrecorded = await ctx.record(changes);
    const first = out.skipped[0];
    const skipped = first
      ? ` ${out.skipped.length} skipped (${first.sheet}!${first.address}: ${first.reason}${out.skipped.length > 1 ? ', …' : ''}).`
      : '';
    await ctx.validate(`Applied ${plural(out.applied, 'change')}.${skipped}`, true);
    if (unrecorded) ctx.set({ error: unrecorded });
  }

  /** Put back the cells the last accept changed (one step of the stack), record it, then validate again. */
  async undoLast(): Promise<void> {
    const { ctx } = this;
    const undo = ctx.state.undo;
    if (ctx.busy || !undo) return;
    if ((await ctx.identified()) === null) return;
    try {
      ctx.set({ phase: 'applying', progress: null, error: null, notice: null });
      await ctx.port.revert(undo.entries);
    } catch (e) {
      ctx.set({ phase: 'idle', error: `Could not undo: ${messageOf(e)}` });
      return;
    }
    ctx.set({ phase: 'idle' });
    this.setStack((ctx.state.undoStack ?? []).slice(0, -1));
    const unrecorded = await ctx.record(undoEntries(undo.changes, undo.label));
    // The steps below stay undoable: they were made before this one, and this one is reverted.
    await ctx.validate(`Undid ${undo.label}.`, true);
    if (unrecorded) ctx.set({ error: unrecorded });
  }
}
