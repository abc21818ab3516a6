import type { LoggedRecord, TargetRecordImage, TargetScalar, TransferLog } from '../model/transfer-log';

export type { TargetScalar, TargetRecordImage, LoggedRecord, LoggedBatch, LoggedEntity, RollbackEntry, TransferLog } from '../model/transfer-log';
export { parseTransferLog, TransferLogError } from '../model/transfer-log';

/**
 * The transfer log: every batch and every record's request, result, target id
 * and before-image. It is written before and after each batch, so a transfer
 * interrupted at any point continues from it without creating anything twice,
 * and a rollback knows exactly what to delete and what to restore.
 */

export function newTransferId(now = new Date(), random = Math.random): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `T${stamp}-${Math.floor(random() * 0xffffff).toString(16).padStart(6, '0')}`;
}

export interface TransferCounts { sent: number; created: number; updated: number; unchanged: number; failed: number; heldBack: number; pending: number }

function blank(v: TargetScalar | boolean | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/**
 * One value as sent against the same field in the before-image, loosely as the target stores it:
 * blank is blank, 12 is "12", true is "true" (the request is text and numbers, the image is typed).
 */
function sameValue(sent: TargetScalar, before: TargetScalar | boolean | undefined): boolean {
  if (blank(sent) || blank(before)) return blank(sent) && blank(before);
  const a = String(sent).trim();
  const b = String(before).trim();
  if (a === b) return true;
  const na = Number(a);
  const nb = Number(b);
  return !Number.isNaN(na) && !Number.isNaN(nb) && na === nb;
}

/**
 * Whether sending `request` changed a record that looked like `before`. Decided from the two,
 * not from the target's last answer: when an answer was lost after a commit, the retry answers
 * "unchanged" though the first attempt wrote. A field the image lacks (the key the record was
 * found by, when it is not the external id) is no evidence of a change.
 */
export function requestChanges(request: Record<string, TargetScalar>, before: TargetRecordImage): boolean {
  return Object.entries(request).some(([k, v]) => k in before && !sameValue(v, before[k]));
}

/** What the transfer did to one record it sent successfully, from its before-image and request. */
export function recordOutcome(r: LoggedRecord): 'created' | 'updated' | 'unchanged' {
  if (r.beforeImage === null) return 'created';
  return requestChanges(r.request, r.beforeImage) ? 'updated' : 'unchanged';
}

export function countLog(log: TransferLog): TransferCounts {
  const c: TransferCounts = { sent: 0, created: 0, updated: 0, unchanged: 0, failed: 0, heldBack: 0, pending: 0 };
  for (const e of log.entities) {
    c.heldBack += e.heldBack.length;
    for (const r of e.records) {
      if (!r.result) { c.pending++; continue; }
      if (!r.result.ok) { c.failed++; continue; }
      c.sent++;
      c[recordOutcome(r)]++;
    }
  }
  return c;
}

const ROLLED_BACK = { deleted: 'rolled back (deleted)', restored: 'rolled back (restored)', absent: 'rolled back (never arrived)' } as const;

/**
 * The per-row status written back into the sheet: what is in the target now. A row whose record a
 * rollback undid says so (a deleted record loses its id, a restored one keeps it); a row whose
 * rollback failed keeps its transfer status, with why it could not be undone.
 */
export function rowStatuses(log: TransferLog): Map<string, { status: string; targetId: string | null }> {
  const out = new Map<string, { status: string; targetId: string | null }>();
  // Logs written before rollbacks marked each record: rolled back as a whole, every record sent was undone.
  const wholly = log.status === 'rolledBack' && !log.entities.some((e) => e.records.some((r) => r.rollback));
  for (const e of log.entities) {
    for (const h of e.heldBack) out.set(`${h.sheet}\u0001${h.row}`, { status: `held back: ${h.reason}`, targetId: null });
    for (const r of e.records) {
      const key = `${r.sheet}\u0001${r.row}`;
      const done = r.rollback?.done ?? (wholly && r.result?.ok ? (r.beforeImage === null ? 'deleted' : 'restored') : undefined);
      if (done) { out.set(key, { status: ROLLED_BACK[done], targetId: done === 'restored' ? r.result?.id ?? (r.beforeImage?.id == null ? null : String(r.beforeImage.id)) : null }); continue; }
      const s = !r.result ? 'pending' : r.result.ok ? 'sent' : `failed: ${r.result.error ?? 'unknown error'}`;
      const why = r.rollback?.error;
      out.set(key, { status: why ? `${s}; rollback failed: ${why}` : s, targetId: r.result?.id ?? null });
    }
  }
  return out;
}
