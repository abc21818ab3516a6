import type { KpiReconciliation } from '../core/kpi/compute';
import type { WorkbookPort } from '../app/workbook-port';
import { Emitter } from './emitter';

/**
 * The reconciliations run in this session, per workbook: the Submit tab adds
 * each one as it finishes and the Dashboard counts records as reconciled from
 * them. Without this the dashboard said "0 reconciled" right after a
 * reconciliation that found nothing wrong.
 */
export class Reconciliations extends Emitter<{ list: KpiReconciliation[] }> {
  constructor() { super({ list: [] }); }

  add(r: KpiReconciliation & { transferId: string }): void {
    // One per transfer: a new reconciliation of the same transfer replaces the older.
    this.set({ list: [...this.state.list.filter((x) => x.transferId !== r.transferId), r] });
  }
}

const registry = new WeakMap<WorkbookPort, Reconciliations>();

export function reconciliationsFor(port: WorkbookPort): Reconciliations {
  let r = registry.get(port);
  if (!r) registry.set(port, (r = new Reconciliations()));
  return r;
}
