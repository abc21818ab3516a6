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

export async function runRollback(log: TransferLog, target: TransferTarget, who: string, dryRun: boolean, now = () => new Date(), upsertKeys?: Readonly<Record<string, string>>): Promise<{ actions: RollbackAction[]; failed: { object: string; id: string; error: string }[] }> {
  const actions = rollbackPlan(log);
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
  log.rollbacks.push({ at: now().toISOString(), by: who, dryRun, deleted: actions.filter((a) => a.kind === 'delete').length, restored: actions.filter((a) => a.kind === 'restore').length, failed });
  if (!dryRun && !failed.length) log.status = 'rolledBack';
  return { actions, failed };
}
