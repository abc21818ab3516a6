import type { TargetScalar } from './plan';

/**
 * The transfer log: every batch and every record's request, result, target id
 * and before-image. It is written before and after each batch, so a transfer
 * interrupted at any point continues from it without creating anything twice,
 * and a rollback knows exactly what to delete and what to restore.
 */

export type TargetRecordImage = Record<string, TargetScalar | boolean>;

export interface LoggedRecord {
  sheet: string;
  row: number;
  externalId: string;
  /** The request as sent (references resolved to target ids). */
  request: Record<string, TargetScalar>;
  /** The target's record before this transfer touched it; null = did not exist (so the transfer created it). */
  beforeImage: TargetRecordImage | null;
  /** True once the before-image was read: it is read once, before the first send, and never re-read. */
  imaged: boolean;
  /**
   * `uncertain`: an earlier attempt got no answer and may have been committed, so `event` speaks
   * for the last attempt only; created vs updated is decided from the before-image (countLog).
   */
  result?: { ok: boolean; id?: string; event?: string; error?: string; attempts: number; executionId?: string; uncertain?: boolean };
}

export interface LoggedBatch {
  entity: string;
  object: string;
  index: number;
  size: number;
  attempts: number;
  executionId?: string;
  at: string;
  ok: number;
  failed: number;
}

export interface LoggedEntity {
  entity: string;
  sheet: string;
  object: string;
  records: LoggedRecord[];
  heldBack: { sheet: string; row: number; reason: string }[];
}

export interface RollbackEntry {
  at: string;
  by: string;
  dryRun: boolean;
  deleted: number;
  restored: number;
  failed: { object: string; id: string; error: string }[];
}

export interface TransferLog {
  transferId: string;
  who: string;
  startedAt: string;
  finishedAt?: string;
  target: string;
  standard: { id: string; version: string };
  status: 'running' | 'done' | 'failed' | 'rolledBack';
  entities: LoggedEntity[];
  batches: LoggedBatch[];
  rollbacks: RollbackEntry[];
}

export function newTransferId(now = new Date(), random = Math.random): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `T${stamp}-${Math.floor(random() * 0xffffff).toString(16).padStart(6, '0')}`;
}

export interface TransferCounts { sent: number; created: number; updated: number; unchanged: number; failed: number; heldBack: number; pending: number }

export function countLog(log: TransferLog): TransferCounts {
  const c: TransferCounts = { sent: 0, created: 0, updated: 0, unchanged: 0, failed: 0, heldBack: 0, pending: 0 };
  for (const e of log.entities) {
    c.heldBack += e.heldBack.length;
    for (const r of e.records) {
      if (!r.result) { c.pending++; continue; }
      if (!r.result.ok) { c.failed++; continue; }
      c.sent++;
      if (r.beforeImage === null) c.created++;
      else if (r.result.event === 'unchanged') c.unchanged++;
      else c.updated++;
    }
  }
  return c;
}

/** The per-row status written back into the sheet. */
export function rowStatuses(log: TransferLog): Map<string, { status: string; targetId: string | null }> {
  const out = new Map<string, { status: string; targetId: string | null }>();
  for (const e of log.entities) {
    for (const h of e.heldBack) out.set(`${h.sheet}\u0001${h.row}`, { status: `held back: ${h.reason}`, targetId: null });
    for (const r of e.records) {
      const s = !r.result ? 'pending' : r.result.ok ? 'sent' : `failed: ${r.result.error ?? 'unknown error'}`;
      out.set(`${r.sheet}\u0001${r.row}`, { status: s, targetId: r.result?.id ?? null });
    }
  }
  return out;
}
