import { useEffect, useSyncExternalStore } from 'react';
import { decisionEntry } from '../../core/audit/record';
import type { AuditInput } from '../../core/audit/trail';
import { dedupeWorkbook } from '../../core/master/dedupe';
import {
  applyDecisions, auditDecision, keyClusters, locateDecisions, makeDecision, withDecision, withoutDecision,
  type DuplicateDecision, type DuplicateVerdict, type KeyedCluster, type LocatedDecision,
} from '../../core/master/decisions';
import type { WorkbookData } from '../../core/model/sheet';
import type { Standard } from '../../core/standard/schema';
import { usePane } from '../context';
import type { WorkbookPort } from '../../app/workbook-port';
import { messageOf, plural } from '../store';
import { loadUserName, saveUserName } from '../userName';
import { Emitter } from '../emitter';

export type DuplicatesPhase = 'idle' | 'loading' | 'reading' | 'matching' | 'saving';

export interface DuplicatesState {
  phase: DuplicatesPhase;
  /** 0..1 while reading, else null. */
  progress: number | null;
  /** Every cluster of the last search (decided or not), null before the first. */
  found: KeyedCluster[] | null;
  /** The workbook and standard that search ran on (to describe rows). */
  workbook: WorkbookData | null;
  standard: Standard | null;
  /** Clusters still to decide: `found` minus the decided ones. */
  open: KeyedCluster[];
  /** Stored decisions, as last read from or written to the workbook. */
  decided: DuplicateDecision[];
  /** Where each decision's rows are in the searched workbook (empty before a search). */
  located: LocatedDecision[];
  userName: string;
  error: string | null;
  notice: string | null;
}

export type AuditFn = (entries: AuditInput[]) => Promise<void>;

/** Let React paint the progress bar before the synchronous matching. */
const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The Duplicates panel's state, outside React so that a search survives
 * switching tabs (a large workbook takes a while to match).
 */
export class DuplicatesStore extends Emitter<DuplicatesState> {

  /** `audit` appends to the workbook's audit trail (usePane().audit); without it only the decision's by/at record who and when. */
  constructor(private readonly port: WorkbookPort, private readonly audit?: AuditFn, userName = loadUserName()) {
    super({
      phase: 'idle', progress: null, found: null, workbook: null, standard: null, open: [], decided: [], located: [], userName, error: null, notice: null,
    });
  }

  get busy(): boolean {
    return this.state.phase !== 'idle';
  }

  /** Re-read the stored decisions: the workbook is the truth (another session may have decided since). */
  async load(): Promise<void> {
    if (this.busy) return;
    try {
      this.set({ phase: 'loading', error: null });
      const decided = await this.port.loadDecisions();
      // Another panel (the dashboard's audit) may have asked for the name since this one last opened.
      this.set({ phase: 'idle', ...this.derive(this.state.found, decided), userName: loadUserName() || this.state.userName });
    } catch (e) {
      this.set({ phase: 'idle', error: `Could not read the stored decisions: ${messageOf(e)}` });
    }
  }

  async find(std: Standard): Promise<void> {
    if (this.busy) return;
    try {
      this.set({ phase: 'reading', progress: 0, error: null, notice: null });
      const [workbook, decided] = await Promise.all([
        this.port.read(std, (f) => this.set({ progress: Math.max(0, Math.min(1, f)) })),
        this.port.loadDecisions(),
      ]);
      this.set({ phase: 'matching', progress: null });
      await nextFrame();
      const found = keyClusters(std, workbook, dedupeWorkbook(std, workbook).clusters);
      const next = this.derive(found, decided, workbook);
      const already = found.length - next.open.length;
      const notice = found.length === 0
        ? 'No duplicates found.'
        : `${plural(next.open.length, 'cluster')} to review${already ? `; ${already} already decided` : ''}.`;
      this.set({ phase: 'idle', workbook, standard: std, ...next, notice });
    } catch (e) {
      this.set({ phase: 'idle', progress: null, error: `Could not look for duplicates: ${messageOf(e)}` });
    }
  }

  setUserName(name: string): void {
    saveUserName(name);
    this.set({ userName: name.trim() });
  }

  async decide(cluster: KeyedCluster, verdict: DuplicateVerdict, keep: number): Promise<boolean> {
    if (this.busy) return false;
    if (!this.state.userName) {
      this.set({ error: 'Enter your name first: it is recorded with each decision.' });
      return false;
    }
    const d = makeDecision(cluster, verdict, keep, this.state.userName);
    const rows = cluster.rows.join(', ');
    return this.save(withDecision(this.state.decided, d),
      verdict === 'merge' ? `${cluster.sheet} rows ${rows}: merged into row ${keep}.` : `${cluster.sheet} rows ${rows}: kept as different records.`,
      [decisionEntry(auditDecision(d))]);
  }

  async undo(d: DuplicateDecision): Promise<boolean> {
    if (this.busy) return false;
    // The trail is append-only: an undo is a new entry that withdraws the earlier one, which stays.
    const was = decisionEntry(auditDecision(d));
    const withdrawn: AuditInput = {
      kind: 'decision', sheet: d.sheet, row: was.row ?? null, ruleId: 'duplicate',
      before: was.after, after: 'decision withdrawn', details: { withdrawn: auditDecision(d) },
    };
    return this.save(withoutDecision(this.state.decided, d.clusterKey), `Decision on ${d.sheet} rows ${d.rows.join(', ')} undone.`, [withdrawn]);
  }

  /** Show a row in Excel: its first cell, which every sheet of the standard has. */
  async selectRow(sheet: string, row: number): Promise<void> {
    try {
      await this.port.select(sheet, `A${row}`);
    } catch (e) {
      this.set({ error: `Could not select ${sheet}!A${row}: ${messageOf(e)}` });
    }
  }

  dismiss(): void {
    this.set({ error: null, notice: null });
  }

  /** Saved before the list changes: what the pane shows is what the workbook holds. */
  private async save(decided: DuplicateDecision[], notice: string, entries: AuditInput[]): Promise<boolean> {
    try {
      this.set({ phase: 'saving', error: null, notice: null });
      await this.port.saveDecisions(decided);
    } catch (e) {
      this.set({ phase: 'idle', error: `Could not save the decision in the workbook: ${messageOf(e)}` });
      return false;
    }
    // The decision stands once stored; a trail that refused it is reported, never silently skipped.
    let error: string | null = null;
    if (this.audit) {
      try {
        await this.audit(entries);
      } catch (e) {
        error = `The decision is saved, but the audit trail could not record it: ${messageOf(e)}`;
      }
    }
    this.set({ phase: 'idle', ...this.derive(this.state.found, decided), notice, error });
    return true;
  }

  private derive(found: KeyedCluster[] | null, decided: DuplicateDecision[], workbook = this.state.workbook) {
    return {
      found,
      decided,
      open: found ? applyDecisions(found, decided).open : [],
      located: workbook ? locateDecisions(decided, workbook) : [],
    };
  }
}

// One store per port, kept here rather than in the pane's context so adding the panel touches no shared file.
const stores = new WeakMap<WorkbookPort, DuplicatesStore>();

export function duplicatesStoreFor(port: WorkbookPort, audit?: AuditFn): DuplicatesStore {
  let s = stores.get(port);
  if (!s) stores.set(port, (s = new DuplicatesStore(port, audit)));
  return s;
}

/** The panel's state; the stored decisions are read again each time the panel opens. */
export function useDuplicates() {
  const { port, audit } = usePane();
  const store = duplicatesStoreFor(port, audit);
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  useEffect(() => { void store.load(); }, [store]);
  return { ...state, store };
}
