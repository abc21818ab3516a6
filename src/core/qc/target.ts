import type { TransferLog } from '../transfer/log';
import type { TransferTarget } from '../transfer/run';
import { reconcile } from '../transfer/reconcile';
import { RAW_READBACK, type ReadBack } from '../transfer/readback';
import { issuesFromDiscrepancies, type TrackedIssue } from './tracker';
import type { LotRecord } from './lot';

/**
 * What the target holds now for the records a transfer sent: the values the
 * reviewer compares with the source (rather than what was sent), and the
 * reconciliation's discrepancies as tracked issues.
 */
export async function readTargetForQc(log: TransferLog, target: TransferTarget, readBack: ReadBack = RAW_READBACK): Promise<{ targetValues: (r: LotRecord) => Record<string, unknown> | undefined; issues: TrackedIssue[] }> {
  const held = new Map<string, Record<string, unknown>>();
  for (const e of log.entities) {
    const sent = e.records.filter((r) => r.result?.ok);
    if (!sent.length) continue;
    const fields = ['id', ...new Set(sent.flatMap((r) => Object.keys(r.request)))];
    const found = await target.findByExternalIds(e.object, 'external_id__v', sent.map((r) => r.externalId), fields);
    for (const r of sent) { const rec = found.get(r.externalId); if (rec) held.set(`${r.sheet}\u0001${r.row}`, rec); }
  }
  const rec = await reconcile(log, target, undefined, readBack);
  return { targetValues: (r) => held.get(`${r.sheet}\u0001${r.row}`), issues: issuesFromDiscrepancies(log.transferId, rec.discrepancies) };
}
