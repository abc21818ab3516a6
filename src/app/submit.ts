import type { Standard } from '../core/standard/schema';
import type { VerifyOptions } from '../core/verify/engine';
import type { DateOrder } from '../core/transform/dates';
import type { WorkbookData } from '../core/model/sheet';
import type { AuditInput } from '../core/audit/trail';
import { transferEntries } from '../core/audit/record';
import { mergedRowsFor, type DuplicateDecision } from '../core/master/decisions';
import type { FlagOverride } from '../core/verify/overrides';
import {
  EXTERNAL_ID_FIELD, planTransfer, readBackFor, reconcile, runRollback, runTransfer, startLog,
  type Discrepancy, type HeldBack, type ReadBack, type LogChange, type RollbackAction, type TransferLog, type TransferPlan, type TransferTarget,
} from '../core/transfer';
import { defaultProfileFor, idParamFor, type TargetProfile } from '../core/target-profile';
import { laterOverlaps, rollbackOrder } from '../core/transfer/later';
import { LaterTransfersError } from './later-transfers';
import { acquireTargetLock, clearTargetMarkers, lockKeys, type LockTarget, type TargetLockRequest } from './target-lock';
import { UseCaseError } from './errors';
import { requirePreflight, type ColumnNames, type DescribingTarget } from './preflight';

/**
 * Plan, dry run, submit (or resume), reconcile and roll back: the one
 * orchestration of a transfer, called by the pane's Submit store and by the
 * CLI's submit and rollback commands. Each edge brings its ports: where the
 * workbook, decisions and overrides come from, the target, where the log is
 * kept, where the audit trail goes.
 */

/** What a submission reads from the workbook: its data and the steward's stored decisions. */
export interface SubmissionSource {
  read(std: Standard): Promise<WorkbookData>;
  loadDecisions(): Promise<DuplicateDecision[]>;
  loadOverrides(): Promise<FlagOverride[]>;
}

/** A target that can also describe its objects is checked before anything is written (see preflight.ts). */
export type SubmitTarget = TransferTarget & Partial<DescribingTarget>;

/** Preflight when asked; a target that cannot describe its objects cannot be checked, which is an error, not a pass. */
async function checkTarget(plan: TransferPlan, target: SubmitTarget, preflight: boolean | undefined, upsertKeys?: UpsertKeys, columns?: ColumnNames): Promise<void> {
  if (!preflight) return;
  if (!target.describeObject) throw new UseCaseError('This target cannot describe its objects, so what would be sent cannot be checked first');
  await requirePreflight(plan, { describeObject: (o) => target.describeObject!(o) }, upsertKeys, columns);
}

/**
 * Where the log is kept while the transfer runs (a file next to the workbook, the workbook's hidden sheet).
 * While a transfer runs, each save also says what changed (`change`), so a sink can append it
 * instead of rewriting the whole log; a save without a change is the whole log as it stands.
 */
export interface LogSink {
  save(log: TransferLog, change?: LogChange): Promise<void> | void;
  /** Let go of anything held open (a journal's file handle) when a transfer stops without finishing. */
  close?(): Promise<void> | void;
}

export interface AuditSink {
  append(entries: AuditInput[]): Promise<{ warning: string | null }>;
}

export interface PlanRequest {
  std: Standard;
  dateOrder: DateOrder | null;
  acceptProposals: boolean;
  /** How the target stores the data; absent: the shipped profile when it maps the standard, null: none. */
  profile?: TargetProfile | null;
  /** A person's picklist value mappings for a partner's file (core/mapping's decidedValues): proposals like any other. */
  values?: VerifyOptions['values'];
}

export interface PlannedSubmission {
  plan: TransferPlan;
  /** Rows not sent because a duplicate decision merged them into another row. */
  merges: number;
  /** Stored flag overrides taken into account. */
  overrides: number;
}

/** The transfer plan of the workbook as it stands: merged rows are not sent, overridden flags no longer hold rows back. */
export async function planSubmission(source: SubmissionSource, req: PlanRequest): Promise<PlannedSubmission> {
  const wb = await source.read(req.std);
  const mergedRows = mergedRowsFor(await source.loadDecisions(), wb);
  const overrides = await source.loadOverrides();
  const plan = planTransfer(req.std, wb, { ...(req.dateOrder ? { dateOrder: req.dateOrder } : {}), acceptProposals: req.acceptProposals, mergedRows, overrides, ...(req.profile !== undefined ? { profile: req.profile } : {}), ...(req.values ? { values: req.values } : {}) });
  const merges = Object.values(mergedRows).reduce((n, m) => n + Object.keys(m).length, 0);
  return { plan, merges, overrides: overrides.length };
}

export interface DryRunEntity {
  entity: string;
  sheet: string;
  create: number;
  /** Records that exist and would change. */
  update: number;
  /** Records that exist with every field already as it would be sent (the transfer's result says "unchanged"). */
  unchanged: number;
  heldBack: HeldBack[];
}

/** Empty is empty whichever way it is written; otherwise as text (what the target compares when it upserts). */
function sameValue(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v === null || v === undefined || v === '';
  if (empty(a) && empty(b)) return true;
  return String(a) === String(b);
}

/** Upsert key per object (a target profile's), or one key for every object. */
export type UpsertKeys = Readonly<Record<string, string>>;

/** Per entity, what a submission would do: create, update (the external id exists in the target), hold back. Reads only. */
export async function dryRunSubmission(plan: TransferPlan, target: SubmitTarget, upsertKey: string | UpsertKeys = EXTERNAL_ID_FIELD, options: { preflight?: boolean; columns?: ColumnNames } = {}): Promise<DryRunEntity[]> {
  const keys: UpsertKeys | undefined = typeof upsertKey === 'string' ? Object.fromEntries(plan.entities.map((e) => [e.object, upsertKey])) : upsertKey;
  await checkTarget(plan, target, options.preflight, keys, options.columns);
  const out: DryRunEntity[] = [];
  for (const e of plan.entities) {
    const key = typeof upsertKey === 'string' ? upsertKey : idParamFor(upsertKey, e.object);
    // The fields that would be sent are read too: a record already holding them is "unchanged", as the result will say.
    const fields = [...new Set(e.records.flatMap((r) => Object.keys(r.fields)))];
    const existing = e.records.length ? await target.findByExternalIds(e.object, key, e.records.map((r) => r.externalId), fields) : new Map<string, Record<string, unknown>>();
    let update = 0, unchanged = 0;
    for (const r of e.records) {
      const now = existing.get(r.externalId);
      if (!now) continue;
      if (Object.entries(r.fields).every(([k, v]) => sameValue(v, now[k]))) unchanged++;
      else update++;
    }
    out.push({ entity: e.entity, sheet: e.sheet, create: e.records.length - update - unchanged, update, unchanged, heldBack: e.heldBack });
  }
  return out;
}

const sameTarget = (a: string, b: string) => a.trim().replace(/\/+$/, '') === b.trim().replace(/\/+$/, '');

/** A log may only be resumed or rolled back against the target it went to, and a rolled-back log not resumed. */
export function checkLogTarget(log: TransferLog, targetUrl: string, action: 'resume' | 'roll back', vaultId?: string): void {
  if (!sameTarget(log.target, targetUrl)) throw new UseCaseError(`Transfer ${log.transferId} went to ${log.target}; ${action === 'resume' ? 'resume' : 'roll'} it ${action === 'resume' ? '' : 'back '}against that target`.replace(/ {2}/g, ' '));
  // The same address can front another Vault (a sandbox refreshed, a DNS change): the Vault id must match too.
  if (log.vaultId !== undefined && vaultId !== undefined && log.vaultId !== vaultId) {
    throw new UseCaseError(`Transfer ${log.transferId} went to vault ${log.vaultId}, but ${targetUrl} is vault ${vaultId}; ${action} it against the vault it went to`);
  }
  if (action === 'resume' && log.status === 'rolledBack') throw new UseCaseError(`Transfer ${log.transferId} was rolled back; submit again instead of resuming it`);
  if (action === 'roll back' && log.status === 'rolledBack') throw new UseCaseError(`Transfer ${log.transferId} was already rolled back; there is nothing left to undo`);
}

/** Reading back through the profile a plan was made with (absent: the shipped one when it maps the standard). */
export function readBackOf(std: Standard, profile?: TargetProfile | null): ReadBack {
  return readBackFor(profile === undefined ? defaultProfileFor(std) : profile, std);
}

export interface Reconciliation { transferId: string; checked: number; missing: number; discrepancies: Discrepancy[] }

export interface SubmitRequest {
  plan: TransferPlan;
  target: SubmitTarget;
  targetUrl: string;
  who: string;
  batchSize: number;
  /** A stored log that did not finish: continue it instead of starting a new transfer. */
  resume?: TransferLog;
  /** The Vault id the target signed in to: kept in a new log, checked against a resumed one. */
  vaultId?: string;
  logs: LogSink;
  /** Called once the log exists, before anything is sent (the pane shows it in Results at once). */
  onStart?: (log: TransferLog) => void;
  onProgress?: (entity: string, done: number, total: number) => void;
  /** Called after the transfer, before reconciliation (status columns written back into the workbook). */
  afterTransfer?: (log: TransferLog) => Promise<void>;
  audit?: AuditSink;
  now?: () => Date;
  /** The unique field each object is upserted on (the target profile's); default external_id__v. */
  upsertKeys?: UpsertKeys;
  /** Check the target's metadata first; a mismatch stops with PreflightFailed before any write or log. */
  preflight?: boolean;
  /**
   * Leave a lock marker in the target (where it has the profile's lock object) while the transfer
   * runs: a transfer of another workbook sending some of the same records is refused before its log starts.
   */
  targetLock?: Omit<TargetLockRequest, 'transferId' | 'since'>;
  /** How reconciliation reads the target's values back in the standard's terms (see readBackOf); default: as they are. */
  readBack?: ReadBack;
}

const canHoldLock = (t: SubmitTarget): t is SubmitTarget & LockTarget =>
  typeof (t as Partial<LockTarget>).query === 'function' && typeof t.describeObject === 'function';

export interface SubmitOutcome {
  log: TransferLog;
  reconciliation: Reconciliation;
  /** The audit trail could not be written (the transfer stands). */
  auditWarning: string | null;
}

/**
 * Send the plan in logged batches (the log is saved before and after each
 * batch, so an interruption leaves a log to resume from), then reconcile.
 * Errors after the log exists propagate with `log` attached (SubmitStopped).
 */
export async function submitPlan(req: SubmitRequest): Promise<SubmitOutcome> {
  if (req.resume) checkLogTarget(req.resume, req.targetUrl, 'resume', req.vaultId);
  await checkTarget(req.plan, req.target, req.preflight, req.upsertKeys, req.readBack);
  const log = req.resume ?? { ...startLog(req.plan, { targetUrl: req.targetUrl, who: req.who, ...(req.now ? { now: req.now } : {}) }), ...(req.vaultId !== undefined ? { vaultId: req.vaultId } : {}) };
  // Refused here, the transfer leaves no log behind: nothing was sent.
  const lock = req.targetLock && canHoldLock(req.target)
    ? await acquireTargetLock(req.target, lockKeys(req.plan), { ...req.targetLock, transferId: log.transferId, since: (req.now ?? (() => new Date()))().toISOString() })
    : null;
  req.onStart?.(log);
  try {
    await req.logs.save(log);
    await runTransfer(req.plan, log, {
      target: req.target, targetUrl: req.targetUrl, who: req.who, batchSize: req.batchSize,
      save: (l, change) => req.logs.save(l, change),
      ...(req.onProgress ? { onProgress: req.onProgress } : {}),
      ...(req.now ? { now: req.now } : {}),
      ...(req.upsertKeys ? { upsertKeys: req.upsertKeys } : {}),
    });
    await req.afterTransfer?.(log);
    const rec = await reconcile(log, req.target, req.upsertKeys, req.readBack);
    const auditWarning = req.audit ? await appendSafely(req.audit, transferEntries(log)) : null;
    return { log, reconciliation: { transferId: log.transferId, ...rec }, auditWarning };
  } catch (e) {
    throw new SubmitStopped(log, e);
  } finally {
    await lock?.release();
    await req.logs.close?.();
  }
}

/** A transfer stopped after its log was started: the log says how far it got and is the way to resume. */
export class SubmitStopped extends Error {
  constructor(readonly log: TransferLog, override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'SubmitStopped';
  }
}

/** A trail that cannot be written must not undo a finished transfer: its failure becomes a warning. */
async function appendSafely(audit: AuditSink, entries: AuditInput[]): Promise<string | null> {
  try {
    return (await audit.append(entries)).warning;
  } catch (e) {
    return `The audit trail could not be written: ${e instanceof Error ? e.message : String(e)}`;
  }
}

export interface RollbackRequest {
  log: TransferLog;
  target: SubmitTarget;
  targetUrl: string;
  who: string;
  dryRun: boolean;
  /** The Vault id the target signed in to, checked against the log's. */
  vaultId?: string;
  logs: LogSink;
  /**
   * Other transfer logs the caller keeps (the workbook's, the folder's), each with where to save it:
   * a later transfer that sent records of this one again must be rolled back first.
   */
  others?: { log: TransferLog; logs: LogSink }[];
  /** Roll back those later transfers first, newest first, then this one; without it such a rollback is refused. */
  inOrder?: boolean;
  /** How this caller asks for `inOrder` ("pass --in-order"), for the refusal's message; absent, the message names only what to roll back first. */
  inOrderHint?: string;
  audit?: AuditSink;
  now?: () => Date;
  upsertKeys?: UpsertKeys;
  /** The profile's lock object: markers a killed transfer left there go once it is wholly rolled back. */
  targetLock?: { object: string };
}

export interface RolledBackTransfer { transferId: string; deleted: number; restored: number; failed: number }

export interface RollbackOutcome {
  actions: RollbackAction[];
  failed: { object: string; id: string; error: string }[];
  deleted: number;
  restored: number;
  /** Each transfer rolled back, in the order it was (more than one with `inOrder`); a failure stops the ones after it. */
  transfers: RolledBackTransfer[];
  auditWarning: string | null;
}

/**
 * Delete what the transfer created and restore what it updated, children first; a dry run lists it
 * and changes nothing. Later transfers that sent its records again are found first: the rollback
 * is refused, or with `inOrder` they are rolled back before it, newest first.
 */
export async function rollbackTransfer(req: RollbackRequest): Promise<RollbackOutcome> {
  checkLogTarget(req.log, req.targetUrl, 'roll back', req.vaultId);
  const others = req.others ?? [];
  const chain = rollbackOrder(req.log, others.map((o) => o.log));
  if (chain.length > 1 && !req.inOrder) throw new LaterTransfersError(laterOverlaps(req.log, others.map((o) => o.log)), chain, req.inOrderHint);
  const sinkOf = (l: TransferLog) => (l === req.log ? req.logs : others.find((o) => o.log === l)!.logs);
  for (const l of chain) checkLogTarget(l, req.targetUrl, 'roll back', req.vaultId);
  const out: RollbackOutcome = { actions: [], failed: [], deleted: 0, restored: 0, transfers: [], auditWarning: null };
  const warnings: string[] = [];
  for (const l of chain) {
    const sink = sinkOf(l);
    const r = await runRollback(l, req.target, req.who, req.dryRun, req.now, req.upsertKeys);
    if (!req.dryRun) {
      try { await sink.save(l); } finally { await sink.close?.(); }
    }
    out.actions.push(...r.actions);
    out.failed.push(...r.failed);
    out.deleted += r.deleted;
    out.restored += r.restored;
    out.transfers.push({ transferId: l.transferId, deleted: r.deleted, restored: r.restored, failed: r.failed.length });
    // Only the rollback just done: the transfer's own entries are in the trail already.
    const warning = req.audit && !req.dryRun ? await appendSafely(req.audit, transferEntries(l).filter((e) => e.kind === 'rollback').slice(-1)) : null;
    if (warning) warnings.push(warning);
    // An older transfer is not undone while a newer one is still partly in place.
    if (r.failed.length && !req.dryRun) break;
  }
  out.auditWarning = warnings[0] ?? null;
  const undone = chain.filter((l) => l.status === 'rolledBack').map((l) => l.transferId);
  if (req.targetLock && !req.dryRun && undone.length && canHoldLock(req.target)) await clearTargetMarkers(req.target, req.targetLock.object, undone);
  return out;
}
