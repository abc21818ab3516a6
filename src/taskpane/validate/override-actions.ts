import type { VerifyResult } from '../../core/verify/engine';
import type { Issue } from '../../core/model/issue';
import type { AuditInput } from '../../core/audit/trail';
import { withOverrides, type OverrideOutcome } from '../../app/validate';
import { makeOverride, withOverride, withoutOverride, type FlagOverride, type OverriddenIssue } from '../../core/verify/overrides';
import { familyLabel } from '../../core/labels';
import { UNNAMED_USER } from '../audit';
import { messageOf } from '../text';
import { overrideEntry, withdrawnEntry } from './overrides';
import type { ValidationContext } from './job';
import type { ValidationState } from './state';
import { onSheet, type WorkbookLayout } from './layout';

/**
 * Overrides live in the session's terms (the standard's sheet names, the
 * workbook's own rows and cells): that is what a full validation, a live
 * update and the command line's `submit` all verify, so a stored override
 * keys its flag the same way in each. Only what is shown moves to the
 * workbook's own sheets (a partner's layout).
 */
export function shownOverrides(layout: WorkbookLayout, out: OverrideOutcome): Pick<ValidationState, 'overrides' | 'overridden' | 'staleOverrides'> & { result: VerifyResult } {
  const shown = (name: string) => layout.shownSheet(name);
  return {
    result: layout.shown(out.result),
    overrides: out.overrides,
    // Each keeps its stored override as is: withdrawing removes exactly that one from the list.
    overridden: out.overridden.map((i) => onSheet(i, shown)),
    staleOverrides: out.stale.map((s) => (s.now ? { ...s, now: onSheet(s.now, shown) } : s)),
  };
}

/** Apply the overrides to a fresh result of the session and publish it as the workbook shows it (the result, the overridden and the stale). */
export function publishWithOverrides(ctx: ValidationContext, raw: VerifyResult, overrides: FlagOverride[]): VerifyResult {
  const run = ctx.run!;
  const patch = shownOverrides(run.layout, withOverrides(run.std, ctx.state.workbook!, raw, overrides));
  ctx.set(patch);
  return patch.result;
}

/** Flags the user accepts as they are, with a reason; stored in the workbook and recorded in the trail. */
export class FlagOverrides {
  constructor(private readonly ctx: ValidationContext) {}

  async override(issue: Issue, reason: string): Promise<boolean> {
    const { ctx } = this;
    const run = ctx.run;
    if (ctx.busy || !run || !ctx.state.workbook) return false;
    const who = await ctx.identified();
    if (who === null) return false;
    let o: FlagOverride;
    try {
      // The list shows the workbook's sheets; the override names the flag as the session verifies it.
      const flag = onSheet(issue, (name) => run.layout.sessionSheet(name));
      o = makeOverride(run.std, flag, ctx.state.workbook, run.session.result.proposals, { reason, by: who.trim() || UNNAMED_USER });
    } catch (e) {
      ctx.set({ error: messageOf(e) });
      return false;
    }
    return this.save(withOverride(ctx.state.overrides ?? [], o), `Accepted ${issue.sheet}!${issue.cells[0]} as it is (${familyLabel(issue.family).toLowerCase()}).`,
      [overrideEntry(run.layout.std, issue, o)]);
  }

  async withdraw(issue: OverriddenIssue): Promise<boolean> {
    const { ctx } = this;
    const run = ctx.run;
    if (ctx.busy || !run) return false;
    if ((await ctx.identified()) === null) return false;
    return this.save(withoutOverride(ctx.state.overrides ?? [], issue.override), `${issue.sheet}!${issue.cells[0]} is flagged again (${familyLabel(issue.family).toLowerCase()}): the override is withdrawn.`,
      [withdrawnEntry(run.layout.std, issue, issue.override)]);
  }

  /** Saved before the list changes: what the pane shows is what the workbook holds. */
  private async save(list: FlagOverride[], notice: string, entries: AuditInput[]): Promise<boolean> {
    const { ctx } = this;
    const run = ctx.run!;
    try {
      ctx.set({ phase: 'saving', progress: null, error: null, notice: null });
      await ctx.port.saveOverrides(list);
    } catch (e) {
      ctx.set({ phase: 'idle', error: `Could not save the override in the workbook: ${messageOf(e)}` });
      return false;
    }
    const result = publishWithOverrides(ctx, run.session.result, list);
    let error: string | null = null;
    try {
      ctx.set({ phase: 'highlighting' });
      await ctx.port.highlight(run.layout.std, result);
    } catch (e) {
      error = `The override is saved, but the marks could not be updated: ${messageOf(e)}`;
    }
    // The override stands once stored; a trail that refused it is reported, never silently skipped.
    const unrecorded = await ctx.record(entries);
    ctx.set({ phase: 'idle', notice, error: unrecorded ?? error });
    return true;
  }
}
