import type { CellValue, WorkbookData } from '../core/model/sheet';
import type { Standard } from '../core/standard/schema';
import type { ExcelHost } from './host';
import { reconcileMarks, type HighlightOptions } from './highlight';
import { marksFromResult, type MarkMap, type ResultLike } from './marks';
import { readRows, readWorkbook } from './read';
import { watchChanges } from './watch';

/** What the adapter needs of the engine's verify session (createVerifySession). */
export interface VerifySessionLike<R extends ResultLike = ResultLike> {
  readonly result: R;
  updateRows(sheetName: string, rows: { rowNumber: number; values: CellValue[] }[]): R;
}

export interface LiveValidatorOptions<R extends ResultLike> extends HighlightOptions {
  /** Called with every new result (after the first full verification and after each change). */
  onResult?: (result: R) => void;
  onError?: (error: unknown) => void;
}

/**
 * Live re-validation: onChanged → read only the changed rows → session.updateRows
 * (which re-runs the set-level checks: uniqueness, references, cross-sheet
 * rules) → repaint only the cells whose mark changed. Changes are handled one
 * at a time, in order, so a fast typist cannot interleave two repaints.
 */
export class LiveValidator<R extends ResultLike = ResultLike> {
  private session: VerifySessionLike<R> | null = null;
  private marks: MarkMap = new Map();
  private stopWatching: (() => Promise<void>) | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: ExcelHost,
    private readonly std: Standard,
    private readonly createSession: (wb: WorkbookData) => VerifySessionLike<R>,
    private readonly opts: LiveValidatorOptions<R> = {},
  ) {}

  get result(): R | null {
    return this.session?.result ?? null;
  }

  /** Read everything, verify, paint, then watch for edits. */
  async start(): Promise<R> {
    await this.fullRefresh();
    this.stopWatching = await watchChanges(this.host, this.std, (sheet, rows, structural) => this.enqueue(() => (structural ? this.fullRefresh() : this.recheck(sheet, rows))));
    return this.session!.result;
  }

  async stop(): Promise<void> {
    await this.idle();
    await this.stopWatching?.();
    this.stopWatching = null;
  }

  /** Resolves when queued changes are processed. */
  idle(): Promise<void> {
    return this.chain;
  }

  private enqueue(job: () => Promise<unknown>): Promise<void> {
    this.chain = this.chain.then(job).then(() => undefined, (e: unknown) => { this.opts.onError?.(e); });
    return this.chain;
  }

  /** Re-check rows of one sheet; also what the pane calls after writing cells itself (applyProposals). */
  async recheck(sheet: string, rowNumbers: number[]): Promise<R | null> {
    if (!this.session || !rowNumbers.length) return this.result;
    const rows = await readRows(this.host, this.std, sheet, rowNumbers);
    const result = this.session.updateRows(sheet, rows);
    await this.repaint(result);
    this.opts.onResult?.(result);
    return result;
  }

  private async fullRefresh(): Promise<void> {
    const wb = await readWorkbook(this.host, this.std);
    this.session = this.createSession(wb);
    await this.repaint(this.session.result, true);
    this.opts.onResult?.(this.session.result);
  }

  private async repaint(result: R, all = false): Promise<void> {
    const next = marksFromResult(this.std, result, this.opts);
    const scope = new Map<string, Set<string>>();
    for (const sheet of new Set([...this.marks.keys(), ...next.keys()])) {
      const a = this.marks.get(sheet) ?? new Map();
      const b = next.get(sheet) ?? new Map();
      const changed = new Set<string>();
      for (const addr of new Set([...a.keys(), ...b.keys()])) {
        const x = a.get(addr), y = b.get(addr);
        if (x?.color !== y?.color || x?.message !== y?.message) changed.add(addr);
      }
      if (changed.size) scope.set(sheet, changed);
    }
    this.marks = next;
    // The first paint also clears what an earlier session left; later ones touch only the cells that changed.
    await reconcileMarks(this.host, next, all ? 'all' : scope, this.opts);
  }
}
