import { transformationEntries } from '../core/audit/record';
import type { AuditInput } from '../core/audit/trail';
import type { AppliedChange } from '../core/transform/apply';
import { cellAddress } from '../core/sheet/address';
import type { Proposal } from '../core/model/issue';
import type { ApplyOutcome, WorkbookPort } from '../app/workbook-port';
import { loadUserName } from './userName';
import { Emitter } from './emitter';

/**
 * The pane's side of the audit trail: every panel records through one
 * `audit(entries)` (usePane().audit), which stamps who made the change and
 * appends to the workbook's protected Audit sheet through the port. Failures
 * are kept and shown, never swallowed: an unrecorded change is a compliance gap
 * the user must hear about.
 */

/** Recorded as `who` until the user enters a name: an entry is never dropped for want of one. */
export const UNNAMED_USER = 'name not entered';

export interface AuditStatus {
  /** Entries appended in this session. */
  recorded: number;
  /** Bumped on every append, so views (the dashboard) can refresh. */
  version: number;
  /** Kinds of the last append (the dashboard reloads transfer logs after a transfer entry). */
  lastKinds: string[];
  warning: string | null;
  error: string | null;
}

export type { Listener } from './emitter';

export class Auditor extends Emitter<AuditStatus> {
  /** Appends run one after another: each entry chains to the one before it. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly port: WorkbookPort, private readonly who: () => string = loadUserName) {
    super({ recorded: 0, version: 0, lastKinds: [], warning: null, error: null });
  }

  /** Append entries (who = the entered name unless an entry names someone); rejects when the workbook refused them. */
  readonly audit = (entries: AuditInput[]): Promise<void> => {
    if (!entries.length) return Promise.resolve();
    const who = this.who().trim() || UNNAMED_USER;
    const stamped = entries.map((e) => ({ ...e, who: e.who?.trim() || who }));
    const run = this.queue.then(async () => {
      try {
        const out = await this.port.appendAudit(stamped);
        this.set({ recorded: this.state.recorded + stamped.length, version: this.state.version + 1, lastKinds: [...new Set(stamped.map((e) => e.kind))], warning: out.warning, error: null });
      } catch (e) {
        const message = e && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : String(e);
        this.set({ error: `The audit trail could not be written: ${message}` });
        throw e;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  };
}

/**
 * The transformations an accept actually wrote: the adapter's undo list names
 * each written cell (in order); a stub port without one falls back to the
 * proposals not reported as skipped. `before` is the proposal's reading of the
 * cell (dates as dates), which the adapter checked was still there.
 */
export function acceptedEntries(proposals: Proposal[], out: ApplyOutcome): AuditInput[] {
  const keyOf = (sheet: string, address: string) => `${sheet}!${address.toUpperCase()}`;
  const pending = new Map<string, Proposal[]>();
  for (const p of proposals) {
    const k = keyOf(p.sheet, cellAddress({ row: p.row, col: p.col }));
    pending.set(k, [...(pending.get(k) ?? []), p]);
  }
  const written: Proposal[] = [];
  const undo = out.undo.filter((u): u is { sheet: string; address: string } =>
    !!u && typeof u === 'object' && typeof (u as { sheet?: unknown }).sheet === 'string' && typeof (u as { address?: unknown }).address === 'string');
  if (undo.length) {
    for (const u of undo) {
      const p = pending.get(keyOf(u.sheet, u.address))?.shift();
      if (p) written.push(p);
    }
  } else {
    const skipped = new Set(out.skipped.map((s) => keyOf(s.sheet, s.address)));
    const seen = new Set<string>();
    for (const p of proposals) {
      const k = keyOf(p.sheet, cellAddress({ row: p.row, col: p.col }));
      if (skipped.has(k) || seen.has(k)) continue;
      seen.add(k);
      written.push(p);
    }
  }
  const changes: AppliedChange[] = written.map((p) => ({ sheet: p.sheet, row: p.row, col: p.col, before: p.from, after: p.to, ruleId: p.ruleId }));
  return transformationEntries(changes, written);
}

/**
 * An undo of accepted changes, as entries of its own: the trail is
 * append-only, so the transformations stay and each reverted cell gets an
 * entry saying what it held (before) and what it holds again (after).
 */
export function undoEntries(accepted: AuditInput[], step: string): AuditInput[] {
  return [...accepted].reverse().map((e) => ({
    kind: 'undo' as const, sheet: e.sheet ?? null, row: e.row ?? null, cell: e.cell ?? null,
    before: e.after, after: e.before, ruleId: e.ruleId ?? null, details: { undoes: 'transformation', step },
  }));
}

/** What an undo step changes, in words: "12 changes on Sites", "3 changes on Sites and Organizations". */
export function undoLabel(accepted: { sheet?: string | null }[], count: number): string {
  const sheets = [...new Set(accepted.map((e) => e.sheet).filter((s): s is string => !!s))];
  const where = sheets.length === 0 ? '' : sheets.length === 1 ? ` on ${sheets[0]}` : ` on ${sheets.slice(0, -1).join(', ')} and ${sheets[sheets.length - 1]}`;
  return `${count} change${count === 1 ? '' : 's'}${where}`;
}
