import type { Standard } from '../../core/standard/schema';
import type { DateOrder } from '../../core/transform/dates';
import { EXTERNAL_ID_FIELD, rollbackOrder, rollbackPlan, type RollbackAction, type TransferLog, type TransferPlan } from '../../core/transfer';
import type { AuditInput } from '../../core/audit/trail';
import {
  checkLogTarget, dryRunSubmission, planSubmission, readBackOf, rollbackTransfer, submitPlan,
  type AuditSink, type DryRunEntity, type Reconciliation,
} from '../../app/submit';
import { TargetLockedError } from '../../app/target-lock';
import type { ResultPlaces, WorkbookPort } from '../../app/workbook-port';
import { messageOf, plural } from '../store';
import type { ConnectionSettings, SignInRequest, SubmitClient, SubmitEnv } from './env';
import { defaultProfileFor, upsertKeysOf, type TargetProfile } from '../../core/target-profile';
import { DEFAULT_TARGET_URL } from './env';
import { relayRoute } from '../../connectors';
import { RELAYED_NOTE, signInFailure } from './relay-words';
import { Emitter } from '../emitter';
import { reconciliationsFor } from '../reconciliations';
import { NAME_DECLINED, type Identify } from '../identity';
import type { MappingForValidation } from '../mapping/validation';
import { sheetNamesOf, shownDryRun, shownSheet, submitLayout, type SubmitLayout } from './partner';

/**
 * The Submit panel's state, outside React (like the Validate store) so a
 * transfer keeps running and keeps its progress while the user looks at
 * another tab. One store per workbook port.
 */

export type SubmitPhase = 'idle' | 'signing-in' | 'loading' | 'planning' | 'submitting' | 'writing' | 'reconciling' | 'rolling-back';

export interface EntityProgress { entity: string; sheet: string; done: number; total: number }

export type { DryRunEntity, Reconciliation };

export interface SubmitState {
  targetUrl: string;
  /** Who is signed in, and where; null when signed out. Never the password. */
  user: { name: string; userId: string | number; vaultId: string | number; url: string; relayed?: boolean; via?: 'session' } | null;
  phase: SubmitPhase;
  error: string | null;
  notice: string | null;
  acceptProposals: boolean;
  /** `sentAs`: the transfer this plan went out as; a finished plan cannot be sent again (a new dry run makes a new one). */
  dryRun: { entities: DryRunEntity[]; acceptProposals: boolean; sentAs?: string } | null;
  progress: EntityProgress[];
  /** The transfer shown in Results (mutated by the engine; `version` moves on each change). */
  current: TransferLog | null;
  version: number;
  reconciliation: Reconciliation | null;
  /** Transfer logs stored in the workbook, newest first. */
  transfers: TransferLog[];
  /** `later`: transfers that sent its records again, rolled back first (newest first) when the user confirms. */
  rollbackPreview: { transferId: string; actions: RollbackAction[]; later: TransferLog[] } | null;
  /** Another transfer holds some of these records in the target: who, to offer breaking its lock once it is known stopped. */
  lockHeld: { holder: string; transferId: string; since: string } | null;
  /** On a partner's layout, standard sheet → the partner's sheet (the log keeps the standard's names; the pane shows the partner's). */
  sheetNames: Readonly<Record<string, string>>;
}

export interface RunContext {
  std: Standard;
  dateOrder: DateOrder | null;
  /** The target profile from Settings (absent: the shipped one when it maps the standard). */
  profile?: TargetProfile | null;
}

/** The CTMS account a session sign-in is logged under: the session does not say whose it is. */
export const SESSION_ACCOUNT = 'single sign-on session';

const keysOf = (profile: TargetProfile | null | undefined) => (profile ? upsertKeysOf(profile) : undefined);
/** The object the target keeps lock markers in, from the profile in use (the shipped one when none is chosen). */
const lockObjectOf = (std: Standard, profile: TargetProfile | null | undefined) => (profile === undefined ? defaultProfileFor(std) : profile)?.transferLock?.object;

export class SubmitStore extends Emitter<SubmitState> {
  // Only here, never in state: the client holds the credentials closure.
  #client: SubmitClient | null = null;

  private readonly auditSink: AuditSink;
  /** The steward's name for this transfer or rollback (the trail's "who"); the CTMS account goes in the details. */
  private steward = '';

  /**
   * `audit` is the pane's one audit queue, so a transfer's entries chain in order with every other action's;
   * `identify` asks for the user's name before the first recorded action.
   */
  /** `mapping`: the Map step's, so a partner's layout is planned, shown and written as Validate reads it. */
  constructor(
    private readonly port: WorkbookPort, private readonly env: SubmitEnv, audit: (entries: AuditInput[]) => Promise<void>,
    private readonly identify?: Identify, private readonly mapping?: MappingForValidation,
  ) {
    super({
      targetUrl: env.urls.load() ?? DEFAULT_TARGET_URL, user: null, phase: 'idle', error: null, notice: null,
      acceptProposals: false, dryRun: null, progress: [], current: null, version: 0, reconciliation: null, transfers: [], rollbackPreview: null, lockHeld: null, sheetNames: {},
    });
    this.auditSink = {
      append: async (entries) => {
        const steward = this.steward;
        await audit(steward ? entries.map((e) => ({ ...e, who: steward, details: { ...e.details, account: e.who ?? null } })) : entries);
        return { warning: null };
      },
    };
  }
  get busy(): boolean { return this.state.phase !== 'idle'; }

  /** False (with the reason shown) when the user declined to give a name: nothing is sent. */
  private async identified(): Promise<boolean> {
    const name = this.identify ? await this.identify() : '';
    if (name === null) { this.set({ notice: NAME_DECLINED }); return false; }
    this.steward = name;
    return true;
  }

  setTargetUrl(url: string): void { this.set({ targetUrl: url }); }
  setAcceptProposals(v: boolean): void { this.set({ acceptProposals: v, dryRun: null }); }
  dismiss(): void { this.set({ error: null, notice: null, lockHeld: null }); }

  /** `connection`: the client id and migration mode from Settings, fixed for this sign-in. */
  async signIn(username: string, password: string, connection: ConnectionSettings = {}): Promise<boolean> {
    return this.connect({ username, password }, connection);
  }

  /** Sign in with an existing session (a Vault behind single sign-on); the id stays in the client's memory only. */
  async signInWithSession(sessionId: string, connection: ConnectionSettings = {}): Promise<boolean> {
    return this.connect({ sessionId }, connection);
  }

  private async connect(who: { username: string; password: string } | { sessionId: string }, connection: ConnectionSettings): Promise<boolean> {
    if (this.busy) return false;
    const url = this.state.targetUrl.trim();
    this.set({ phase: 'signing-in', error: null, notice: null });
    const relay = (await this.env.relay?.()) ?? null;
    const relayUrl = relayRoute(relay, url);
    try {
      const req = {
        baseUrl: url, ...who,
        ...(relayUrl ? { relayUrl } : {}),
        ...(connection.clientId ? { clientId: connection.clientId } : {}),
        ...(connection.migrationMode ? { migrationMode: true } : {}),
      } as SignInRequest;
      const client = this.env.createClient(req);
      const info = await client.signIn();
      this.#client = client;
      this.env.urls.save(url);
      const session = 'sessionId' in who;
      const name = session ? SESSION_ACCOUNT : who.username;
      const relayed = !!relayUrl;
      const through = relayed ? `, ${RELAYED_NOTE}` : '';
      this.set({
        phase: 'idle', user: { name, userId: info.userId, vaultId: info.vaultId, url, relayed, ...(session ? { via: 'session' as const } : {}) },
        notice: session ? `Signed in to ${url} with your existing session${through}.` : `Signed in to ${url} as ${name}${through}.`,
      });
      return true;
    } catch (e) {
      this.#client = null;
      this.set({ phase: 'idle', user: null, error: signInFailure(e, messageOf(e), url, relay, !!relayUrl) });
      return false;
    }
  }

  signOut(): void {
    this.#client?.signOut?.();
    this.#client = null;
    this.set({ user: null, dryRun: null, rollbackPreview: null, notice: 'Signed out. The session and password are forgotten.' });
  }

  /** Read the stored transfer logs (on opening the panel and after each change). */
  async loadTransfers(): Promise<void> {
    try {
      const logs = await this.port.loadTransferLogs();
      this.set({ transfers: [...logs].reverse() });
    } catch (e) {
      this.set({ error: `Could not read the transfer logs in this workbook: ${messageOf(e)}` });
    }
  }

  /** Where the last plan's sheets are in the workbook (a partner's sheets and header rows; absent on the template's shape). */
  private places: ResultPlaces | undefined;
  /** The workbook's layout has been read (by a plan or by showing a stored transfer): names and places hold it. */
  private layoutRead = false;

  private async readLayout(std: Standard): Promise<SubmitLayout> {
    const layout = await submitLayout(this.port, this.mapping, std);
    this.places = layout.places;
    this.layoutRead = true;
    this.set({ sheetNames: sheetNamesOf(layout.places) });
    return layout;
  }

  private async plan(ctx: RunContext): Promise<TransferPlan> {
    const layout = await this.readLayout(ctx.std);
    return (await planSubmission(layout.source, {
      std: ctx.std, dateOrder: ctx.dateOrder, acceptProposals: this.state.acceptProposals,
      ...(ctx.profile !== undefined ? { profile: ctx.profile } : {}), ...(layout.values ? { values: layout.values } : {}),
    })).plan;
  }

  /** What a submission would do: per entity, create / update (the external id exists in the target) / held back. */
  async dryRun(ctx: RunContext): Promise<void> {
    const client = this.#client;
    if (this.busy || !client) return;
    this.set({ phase: 'planning', error: null, notice: null, dryRun: null });
    try {
      // The same preflight as the command line's: a mismatch with the target's metadata is the dry run's answer.
      const entities = await dryRunSubmission(await this.plan(ctx), client, keysOf(ctx.profile) ?? EXTERNAL_ID_FIELD, { preflight: true, columns: readBackOf(ctx.std, ctx.profile) });
      const sum = (f: (d: DryRunEntity) => number) => entities.reduce((n, d) => n + f(d), 0);
      this.set({
        phase: 'idle', dryRun: { entities: shownDryRun(entities, this.state.sheetNames), acceptProposals: this.state.acceptProposals },
        notice: `Dry run: would create ${sum((d) => d.create)}, update ${sum((d) => d.update)}, leave ${sum((d) => d.unchanged)} unchanged, hold back ${sum((d) => d.heldBack.length)}. Nothing was sent.`,
      });
    } catch (e) {
      this.set({ phase: 'idle', error: `Dry run failed: ${messageOf(e)}` });
    }
  }

  /** Submit the workbook as it stands now, or resume a stored log that did not finish. */
  async submit(ctx: RunContext, resume?: TransferLog, options: { breakLock?: boolean } = {}): Promise<TransferLog | null> {
    const client = this.#client;
    const user = this.state.user;
    if (this.busy || !client || !user) return null;
    // A plan that went out is finished: sending it again needs a new dry run (resume continues its own log instead).
    if (!resume && this.state.dryRun?.sentAs) return null;
    if (!(await this.identified())) return null;
    if (resume) {
      try { checkLogTarget(resume, user.url, 'resume'); } catch (e) { this.set({ error: `${messageOf(e)}; sign in there to resume it.` }); return null; }
    }
    this.set({ phase: 'submitting', error: null, notice: null, reconciliation: null, rollbackPreview: null, progress: [], lockHeld: null });
    const lockObject = lockObjectOf(ctx.std, ctx.profile);
    let log: TransferLog | null = resume ?? null;
    try {
      const plan = await this.plan(ctx);
      const out = await submitPlan({
        plan, target: client, targetUrl: user.url, who: user.name, batchSize: 500, preflight: true, readBack: readBackOf(ctx.std, ctx.profile),
        ...(keysOf(ctx.profile) ? { upsertKeys: keysOf(ctx.profile)! } : {}),
        ...(resume ? { resume } : {}),
        // Another workbook sending some of the same records, from the pane or the command line, is refused with who holds them.
        ...(lockObject ? { targetLock: { object: lockObject, holder: `${user.name} in Excel`, breakLock: !!options.breakLock, breakHint: 'break its lock here' } } : {}),
        // Saved before and after every batch: closing the pane mid-way leaves a log to resume from.
        logs: { save: async (l, change) => { await this.port.saveTransferLog(l, change); this.set({ version: this.state.version + 1 }); } },
        onStart: (l) => {
          log = l;
          this.set({ current: l, progress: plan.entities.map((e) => ({ entity: e.entity, sheet: shownSheet(this.state.sheetNames, e.sheet), done: 0, total: e.records.length })), version: this.state.version + 1 });
        },
        onProgress: (entity, done, total) => {
          this.set({ progress: this.state.progress.map((p) => (p.entity === entity ? { ...p, done, total } : p)) });
        },
        afterTransfer: async (l) => {
          this.set({ phase: 'writing' });
          await this.port.writeResults(l, this.places);
          this.set({ phase: 'reconciling' });
        },
        audit: this.auditSink,
      });
      const c = counts(out.log);
      const rec = out.reconciliation;
      reconciliationsFor(this.port).add({ transferId: rec.transferId, discrepancies: rec.discrepancies });
      const dis = rec.discrepancies.length;
      this.set({
        phase: 'idle', reconciliation: rec, version: this.state.version + 1,
        dryRun: this.state.dryRun ? { ...this.state.dryRun, sentAs: out.log.transferId } : null,
        notice: `Transfer ${out.log.transferId}: ${c.sent} sent, ${c.failed} failed, ${c.heldBack} held back. Reconciliation: ${plural(rec.checked, 'record')} checked, ${dis} discrepanc${dis === 1 ? 'y' : 'ies'}.${out.auditWarning ? ` ${out.auditWarning}` : ''}`,
      });
    } catch (e) {
      const stopped = log as TransferLog | null;
      if (e instanceof TargetLockedError) {
        this.set({ phase: 'idle', error: `Not sent: ${e.message}.`, lockHeld: { holder: e.holder, transferId: e.transferId, since: e.since } });
        await this.loadTransfers();
        return null;
      }
      this.set({
        phase: 'idle', error: `Submission stopped: ${messageOf(e)}. ${stopped ? 'Its log is in the workbook: Resume continues where it stopped.' : ''}`.trim(),
        // Part of the plan went out under that log: it is resumed, not sent again.
        ...(stopped && this.state.dryRun ? { dryRun: { ...this.state.dryRun, sentAs: stopped.transferId } } : {}),
      });
    }
    await this.loadTransfers();
    return log;
  }

  /** The rollback's dry run: what would be deleted and restored, children first. Nothing is sent. */
  previewRollback(log: TransferLog): void {
    const later = rollbackOrder(log, this.state.transfers).filter((l) => l.transferId !== log.transferId);
    this.set({ rollbackPreview: { transferId: log.transferId, actions: rollbackPlan(log), later }, error: null, notice: null });
  }

  cancelRollback(): void { this.set({ rollbackPreview: null }); }

  /** With `ctx.std`, a partner's layout is read through the mapping again, so the status columns are rewritten where submit put them. */
  async rollback(log: TransferLog, ctx: Pick<RunContext, 'profile'> & { std?: Standard } = {}, inOrder = false): Promise<void> {
    const client = this.#client;
    const user = this.state.user;
    if (this.busy || !client || !user) return;
    if (!(await this.identified())) return;
    try { checkLogTarget(log, user.url, 'roll back'); } catch (e) { this.set({ error: `${messageOf(e)}; sign in there to roll it back.` }); return; }
    this.set({ phase: 'rolling-back', error: null, notice: null });
    try {
      if (ctx.std) await this.readLayout(ctx.std);
      const places = this.places;
      const logs = { save: async (l: TransferLog) => { await this.port.saveTransferLog(l); await this.port.writeResults(l, places); } };
      const out = await rollbackTransfer({
        log, target: client, targetUrl: user.url, who: user.name, dryRun: false, logs,
        ...(keysOf(ctx.profile) ? { upsertKeys: keysOf(ctx.profile)! } : {}),
        // Later transfers in this workbook that sent its records again are refused, or with inOrder rolled back first.
        others: this.state.transfers.filter((t) => t.transferId !== log.transferId).map((t) => ({ log: t, logs })), inOrder,
        audit: this.auditSink,
      });
      this.set({
        phase: 'idle', rollbackPreview: null, version: this.state.version + 1,
        ...(out.failed.length
          ? { error: `Rollback of ${log.transferId}: ${out.failed.length} of ${out.actions.length} actions failed (first: ${out.failed[0]!.error}). Run it again once the cause is fixed.` }
          : { notice: `Rolled back ${log.transferId}: ${plural(out.deleted, 'record')} deleted, ${plural(out.restored, 'record')} restored.` }),
      });
    } catch (e) {
      this.set({ phase: 'idle', error: `Rollback stopped: ${messageOf(e)}` });
    }
    await this.loadTransfers();
  }

  /**
   * Show a stored transfer in Results. With `ctx.std`, before any dry run, the workbook is read through the
   * Map step's mapping once, so that a partner's layout shows its own sheet names (and a row link selects there).
   */
  async show(log: TransferLog, ctx: { std?: Standard } = {}): Promise<void> {
    this.set({ current: log, reconciliation: null, progress: [], version: this.state.version + 1 });
    if (!ctx.std || this.layoutRead) return;
    try {
      await this.readLayout(ctx.std);
    } catch (e) {
      this.set({ error: `Could not read how this workbook names its sheets: ${messageOf(e)}. Results are listed under the standard's sheet names.` });
    }
  }

  async select(sheet: string, row: number): Promise<void> {
    try {
      await this.port.select(sheet, `A${row}`);
    } catch (e) {
      this.set({ error: `Could not select ${sheet} row ${row}: ${messageOf(e)}` });
    }
  }
}

export function counts(log: TransferLog): { sent: number; failed: number; heldBack: number; pending: number } {
  const c = { sent: 0, failed: 0, heldBack: 0, pending: 0 };
  for (const e of log.entities) {
    c.heldBack += e.heldBack.length;
    for (const r of e.records) {
      if (!r.result) c.pending++;
      else if (r.result.ok) c.sent++;
      else c.failed++;
    }
  }
  return c;
}

const stores = new WeakMap<WorkbookPort, SubmitStore>();

/** The one store of a workbook port (kept across tab switches). */
export function submitStoreFor(port: WorkbookPort, env: SubmitEnv, audit: (entries: AuditInput[]) => Promise<void>, identify?: Identify, mapping?: MappingForValidation): SubmitStore {
  let s = stores.get(port);
  if (!s) stores.set(port, (s = new SubmitStore(port, env, audit, identify, mapping)));
  return s;
}
