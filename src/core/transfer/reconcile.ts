import type { TransferLog } from './log';
import type { TransferTarget } from './run';
import { idParamFor } from '../target-profile/load';
import { RAW_READBACK, type ReadBack } from './readback';

/**
 * Post-transfer validation: read every sent record back and compare it field
 * by field with what was sent. Any difference is a discrepancy to explain.
 */
export interface Discrepancy {
  entity: string;
  sheet: string;
  row: number;
  externalId: string;
  field: string;
  /** The standard's column header behind `field`, when there is one (what people are shown). */
  column?: string;
  /** As the sheet writes it: picklist value names read back as the standard's labels. */
  sent: unknown;
  inTarget: unknown;
}

function same(a: unknown, b: unknown): boolean {
  if ((a === null || a === undefined || a === '') && (b === null || b === undefined || b === '')) return true;
  return String(a) === String(b);
}

/**
 * `upsertKeys`: the unique field each object was upserted on (from the target profile; default external_id__v).
 * `readBack`: how the target's values are put back in the standard's terms before comparing (labels for value names).
 */
export async function reconcile(log: TransferLog, target: TransferTarget, upsertKeys?: Readonly<Record<string, string>>, readBack: ReadBack = RAW_READBACK): Promise<{ checked: number; missing: number; discrepancies: Discrepancy[] }> {
  const discrepancies: Discrepancy[] = [];
  let checked = 0, missing = 0;
  for (const e of log.entities) {
    const sent = e.records.filter((r) => r.result?.ok);
    if (!sent.length) continue;
    const fields = ['id', ...new Set(sent.flatMap((r) => Object.keys(r.request)))];
    const found = await target.findByExternalIds(e.object, idParamFor(upsertKeys, e.object), sent.map((r) => r.externalId), fields);
    for (const r of sent) {
      checked++;
      const rec = found.get(r.externalId);
      if (!rec) { missing++; discrepancies.push({ entity: e.entity, sheet: r.sheet, row: r.row, externalId: r.externalId, field: '(record)', sent: 'present', inTarget: null }); continue; }
      for (const [k, v] of Object.entries(r.request)) {
        const sent = readBack.value(e.object, k, v);
        const held = readBack.value(e.object, k, rec[k] ?? null);
        if (same(sent, held)) continue;
        const column = readBack.column(e.entity, k);
        discrepancies.push({ entity: e.entity, sheet: r.sheet, row: r.row, externalId: r.externalId, field: k, ...(column ? { column } : {}), sent, inTarget: held });
      }
    }
  }
  return { checked, missing, discrepancies };
}
