import type { LoggedRecord, TransferLog } from './log';

/**
 * Rolling back a transfer puts its records back as they were before it. When a later transfer
 * sent the same records again (found them there, updated them, or only confirmed them), undoing
 * the older one first would delete what the later one reports as sent, or overwrite its values
 * with older ones, and the later one's own rollback would then half-fail. So a rollback first
 * asks which later transfers to the same target touched its records, and those go first.
 */

export interface LaterOverlap {
  log: TransferLog;
  /** Records of the earlier transfer the later one sent again. */
  records: number;
}

/** Records a transfer may have written and a rollback has not undone: answered ok, or sent with no answer. */
function written(r: LoggedRecord): boolean {
  if (r.rollback?.done) return false;
  return r.result ? r.result.ok : r.imaged;
}

/** Keys of one record: its object with its external id, and with its target id when known. */
function keysOf(object: string, r: LoggedRecord): string[] {
  const keys = [`x\u0001${object}\u0001${r.externalId}`];
  const id = r.result?.id ?? (r.beforeImage?.id == null ? undefined : String(r.beforeImage.id));
  if (id) keys.push(`i\u0001${object}\u0001${id}`);
  return keys;
}

function touchedKeys(log: TransferLog): Set<string> {
  const out = new Set<string>();
  for (const e of log.entities) for (const r of e.records) if (written(r)) for (const k of keysOf(e.object, r)) out.add(k);
  return out;
}

const norm = (u: string) => u.trim().replace(/\/+$/, '');

/** Same target (address, and Vault when both logs know it). */
function sameTarget(a: TransferLog, b: TransferLog): boolean {
  if (norm(a.target) !== norm(b.target)) return false;
  return a.vaultId === undefined || b.vaultId === undefined || a.vaultId === b.vaultId;
}

/** Order of transfers in time: start, then id (which begins with the start time). */
function isLater(a: TransferLog, than: TransferLog): boolean {
  return a.startedAt > than.startedAt || (a.startedAt === than.startedAt && a.transferId > than.transferId);
}

/** Later transfers to the same target, not rolled back, that sent records of `log` again; newest first. */
export function laterOverlaps(log: TransferLog, others: readonly TransferLog[]): LaterOverlap[] {
  const candidates = others.filter((o) => o.transferId !== log.transferId && o.status !== 'rolledBack' && sameTarget(o, log) && isLater(o, log));
  if (!candidates.length) return [];
  const out: LaterOverlap[] = [];
  for (const o of candidates) {
    const theirs = touchedKeys(o);
    let records = 0;
    for (const e of log.entities) for (const r of e.records) if (written(r) && keysOf(e.object, r).some((k) => theirs.has(k))) records++;
    if (records) out.push({ log: o, records });
  }
  return out.sort((a, b) => (isLater(a.log, b.log) ? -1 : 1));
}

/**
 * The transfers to roll back, in order, so that each goes only once nothing later touches its
 * records: the later transfers that overlap `log`, those that overlap them, and so on, newest
 * first, then `log` itself last.
 */
export function rollbackOrder(log: TransferLog, others: readonly TransferLog[]): TransferLog[] {
  const chosen = new Map<string, TransferLog>([[log.transferId, log]]);
  const queue = [log];
  while (queue.length) {
    const next = queue.shift()!;
    for (const o of laterOverlaps(next, others)) {
      if (chosen.has(o.log.transferId)) continue;
      chosen.set(o.log.transferId, o.log);
      queue.push(o.log);
    }
  }
  return [...chosen.values()].sort((a, b) => (isLater(a, b) ? -1 : 1));
}
