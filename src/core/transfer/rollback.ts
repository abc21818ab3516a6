import type { TransferLog, TargetRecordImage } from './log';
import type { TransferTarget } from './run';
import { idParamFor } from '../target-profile/load';

/**
 * Undo a transfer: records it created are deleted, records it updated are
 * restored from their before-images, children before parents (reverse
 * dependency order). A dry run lists the same actions without doing them.
 */
export interface RollbackAction {
  kind: 'delete' | 'restore';
  entity: string;
  object: string;
  id: string;
  externalId: string;
  restore?: TargetRecordImage;
}

/** Fields a target sets itself and that an update must not send back. */
const SYSTEM_FIELDS = new Set(['id', 'created_date__v', 'modified_date__v', 'created_by__v', 'modified_by__v', 'url']);

/** The update that puts a record back as its before-image shows it; fields the transfer set that did not exist before are cleared. */
function restoreOf(id: string, before: TargetRecordImage, request: Record<string, unknown>): TargetRecordImage {
  const restore: TargetRecordImage = { id };
  for (const [k, v] of Object.entries(before)) if (!SYSTEM_FIELDS.has(k)) restore[k] = v;
  for (const k of Object.keys(request)) if (!(k in restore) && !SYSTEM_FIELDS.has(k)) restore[k] = null;
  return restore;
}

/** What undoing the logged results takes; a record an earlier, partial rollback already undid is left out. */
export function rollbackPlan(log: TransferLog): RollbackAction[] {
  const out: RollbackAction[] = [];
  for (const e of [...log.entities].reverse()) {
    for (const r of e.records) {
      if (r.rollback?.done || !r.result?.ok || !r.result.id) continue;
      if (r.beforeImage === null) out.push({ kind: 'delete', entity: e.entity, object: e.object, id: r.result.id, externalId: r.externalId });
      else out.push({ kind: 'restore', entity: e.entity, object: e.object, id: r.result.id, externalId: r.externalId, restore: restoreOf(r.result.id, r.beforeImage, r.request) });
    }
  }
  return out;
}

interface InFlight { actions: RollbackAction[]; absent: { entity: string; externalId: string }[] }

/**
 * Records in flight when the transfer was stopped (imaged, maybe sent, no answer logged) may
 * have been written. One that did not exist is looked up by external id and deleted if it is
 * there, so its parents can go too; one that existed is put back from its before-image, which
 * was journalled before its batch was sent (restoring a record the batch never reached changes nothing).
 */
async function inFlightActions(log: TransferLog, target: TransferTarget, upsertKeys?: Readonly<Record<string, string>>): Promise<InFlight> {
  const out: InFlight = { actions: [], absent: [] };
  for (const e of [...log.entities].reverse()) {
    // A definite answer (written, or refused) is in the log already; only records with none are looked at.
    const pending = e.records.filter((r) => r.imaged && !r.result && !r.rollback?.done);
    for (const r of pending) {
      const id = r.beforeImage?.id;
      if (r.beforeImage && id !== undefined && id !== null) {
        out.actions.push({ kind: 'restore', entity: e.entity, object: e.object, id: String(id), externalId: r.externalId, restore: restoreOf(String(id), r.beforeImage, r.request) });
      }
    }
    const created = pending.filter((r) => r.beforeImage === null);
    if (!created.length) continue;
    const found = await target.findByExternalIds(e.object, idParamFor(upsertKeys, e.object), created.map((r) => r.externalId));
    for (const r of created) {
      const id = found.get(r.externalId)?.id;
      if (id !== undefined && id !== null) out.actions.push({ kind: 'delete', entity: e.entity, object: e.object, id: String(id), externalId: r.externalId });
      else out.absent.push({ entity: e.entity, externalId: r.externalId });
    }
  }
  return out;
}

/** In-flight actions go with their entity's: children before parents, the log's entities in reverse, deletes before restores. */
function withInFlight(log: TransferLog, planned: RollbackAction[], inFlight: RollbackAction[]): RollbackAction[] {
  if (!inFlight.length) return planned;
  const rank = new Map([...log.entities].reverse().map((e, i) => [e.entity, i]));
  const all = [...planned, ...inFlight];
  // Array.prototype.sort is stable: within an entity and kind the planned order is kept.
  return all.sort((x, y) => rank.get(x.entity)! - rank.get(y.entity)! || (x.kind === y.kind ? 0 : x.kind === 'delete' ? -1 : 1));
}

/** Each record's outcome in the log, so the log (and the sheet written from it) says what is in the target. */
function markRecords(log: TransferLog, at: string, actions: RollbackAction[], failed: Map<string, string>, absent: InFlight['absent']): void {
  const records = new Map(log.entities.flatMap((e) => e.records.map((r) => [`${e.entity}\u0001${r.externalId}`, r] as const)));
  for (const a of actions) {
    const r = records.get(`${a.entity}\u0001${a.externalId}`);
    if (!r) continue;
    const error = failed.get(`${a.object}\u0001${a.id}`);
    r.rollback = error !== undefined ? { at, error } : { at, done: a.kind === 'delete' ? 'deleted' : 'restored' };
  }
  for (const x of absent) {
    const r = records.get(`${x.entity}\u0001${x.externalId}`);
    if (r) r.rollback = { at, done: 'absent' };
  }
}

export interface RollbackResult {
  actions: RollbackAction[];
  failed: { object: string; id: string; error: string }[];
  /** What was done (a dry run: what would be). */
  deleted: number;
  restored: number;
}

export async function runRollback(log: TransferLog, target: TransferTarget, who: string, dryRun: boolean, now = () => new Date(), upsertKeys?: Readonly<Record<string, string>>): Promise<RollbackResult> {
  const inFlight = await inFlightActions(log, target, upsertKeys);
  const actions = withInFlight(log, rollbackPlan(log), inFlight.actions);
  const failed: { object: string; id: string; error: string }[] = [];
  if (!dryRun) {
    // Group consecutive actions of one object and kind: they are already in reverse dependency order.
    let i = 0;
    while (i < actions.length) {
      const a = actions[i]!;
      let j = i;
      while (j < actions.length && actions[j]!.object === a.object && actions[j]!.kind === a.kind) j++;
      const group = actions.slice(i, j);
      if (a.kind === 'delete') {
        const res = await target.delete(a.object, group.map((g) => g.id));
        // A record already gone (an earlier, partly failed rollback deleted it) counts as deleted,
        // so a rollback can simply be run again after its failures are sorted out.
        const missing = res.map((r, k) => (!r.ok && r.error?.type === 'INVALID_DATA' ? group[k]! : null)).filter((g): g is RollbackAction => g !== null);
        const stillThere = missing.length ? await target.findByExternalIds(a.object, idParamFor(upsertKeys, a.object), missing.map((g) => g.externalId)) : new Map<string, Record<string, unknown>>();
        res.forEach((r, k) => {
          const g = group[k]!;
          if (r.ok) return;
          if (r.error?.type === 'INVALID_DATA' && String(stillThere.get(g.externalId)?.id ?? '') !== g.id) return;
          failed.push({ object: a.object, id: g.id, error: r.error ? `${r.error.type}: ${r.error.message}` : 'failed' });
        });
      } else {
        const res = await target.update(a.object, group.map((g) => g.restore!));
        res.forEach((r, k) => { if (!r.ok) failed.push({ object: a.object, id: group[k]!.id, error: r.error ? `${r.error.type}: ${r.error.message}` : 'failed' }); });
      }
      i = j;
    }
  }
  // Counts say what was done: an action whose record failed is not counted.
  const failedIds = new Map(failed.map((f) => [`${f.object}\u0001${f.id}`, f.error]));
  const done = actions.filter((a) => !failedIds.has(`${a.object}\u0001${a.id}`));
  const deleted = done.filter((a) => a.kind === 'delete').length;
  const restored = done.length - deleted;
  const at = now().toISOString();
  if (!dryRun) markRecords(log, at, actions, failedIds, inFlight.absent);
  log.rollbacks.push({ at, by: who, dryRun, deleted, restored, failed });
  if (!dryRun && !failed.length) log.status = 'rolledBack';
  return { actions, failed, deleted, restored };
}
