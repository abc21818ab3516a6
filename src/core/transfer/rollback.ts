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

export function rollbackPlan(log: TransferLog): RollbackAction[] {
  const out: RollbackAction[] = [];
  for (const e of [...log.entities].reverse()) {
    for (const r of e.records) {
      if (!r.result?.ok || !r.result.id) continue;
      if (r.beforeImage === null) out.push({ kind: 'delete', entity: e.entity, object: e.object, id: r.result.id, externalId: r.externalId });
      else {
        const restore: TargetRecordImage = { id: r.result.id };
        for (const [k, v] of Object.entries(r.beforeImage)) if (!SYSTEM_FIELDS.has(k)) restore[k] = v;
        // Fields the transfer set that did not exist before are cleared.
        for (const k of Object.keys(r.request)) if (!(k in restore) && !SYSTEM_FIELDS.has(k)) restore[k] = null;
        out.push({ kind: 'restore', entity: e.entity, object: e.object, id: r.result.id, externalId: r.externalId, restore });
      }
    }
  }
  return out;
}

/**
 * Records in flight when the transfer was stopped (imaged as absent, sent, no
 * answer logged) may exist in the target: look them up by external id, so the
 * rollback deletes them too and their parents can go.
 */
async function inFlightDeletes(log: TransferLog, target: TransferTarget, upsertKeys?: Readonly<Record<string, string>>): Promise<RollbackAction[]> {
  const out: RollbackAction[] = [];
  for (const e of [...log.entities].reverse()) {
    // A definite answer (created, or refused) is in the log already; only records with none are looked up.
    const pending = e.records.filter((r) => r.imaged && r.beforeImage === null && !r.result);
    if (!pending.length) continue;
    const found = await target.findByExternalIds(e.object, idParamFor(upsertKeys, e.object), pending.map((r) => r.externalId));
    for (const r of pending) {
      const id = found.get(r.externalId)?.id;
      if (id !== undefined && id !== null) out.push({ kind: 'delete', entity: e.entity, object: e.object, id: String(id), externalId: r.externalId });
    }
  }
  return out;
}

/** In-flight deletes go with their entity's actions: children before parents, the log's entities in reverse. */
function withInFlight(log: TransferLog, planned: RollbackAction[], inFlight: RollbackAction[]): RollbackAction[] {
  if (!inFlight.length) return planned;
  const rank = new Map([...log.entities].reverse().map((e, i) => [e.entity, i]));
  const all = [...planned, ...inFlight];
  // Array.prototype.sort is stable: within an entity the planned order is kept.
  return all.sort((x, y) => rank.get(x.entity)! - rank.get(y.entity)!);
}

export interface RollbackResult {
  actions: RollbackAction[];
  failed: { object: string; id: string; error: string }[];
  /** What was done (a dry run: what would be). */
  deleted: number;
  restored: number;
}

export async function runRollback(log: TransferLog, target: TransferTarget, who: string, dryRun: boolean, now = () => new Date(), upsertKeys?: Readonly<Record<string, string>>): Promise<RollbackResult> {
  const actions = withInFlight(log, rollbackPlan(log), await inFlightDeletes(log, target, upsertKeys));
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
  const failedIds = new Set(failed.map((f) => `${f.object}\u0001${f.id}`));
  const done = actions.filter((a) => !failedIds.has(`${a.object}\u0001${a.id}`));
  const deleted = done.filter((a) => a.kind === 'delete').length;
  const restored = done.length - deleted;
  log.rollbacks.push({ at: now().toISOString(), by: who, dryRun, deleted, restored, failed });
  if (!dryRun && !failed.length) log.status = 'rolledBack';
  return { actions, failed, deleted, restored };
}
