import { MemoryCtms } from '../../testing/memory-ctms';
import { readTargetForQc } from '../../src/core/qc';
import type { TransferLog } from '../../src/core/transfer/log';

/** Target values read from the CTMS itself (the in-memory reference target), and its discrepancies tracked. */
describe('readTargetForQc', () => {
  it('gives what the target holds now and turns each discrepancy into an open issue', async () => {
    const target = new MemoryCtms();
    await target.upsert('organization__v', [
      { external_id__v: 'ORG-1', name__v: 'Mercy Hospital', country__v: 'US' },
      // Someone changed the country in the target after the transfer.
      { external_id__v: 'ORG-2', name__v: 'Charité', country__v: 'AT' },
    ], 'external_id__v');
    const log = {
      transferId: 'T7', status: 'done', entities: [{ entity: 'organization', sheet: 'Organizations', object: 'organization__v', heldBack: [], records: [
        { sheet: 'Organizations', row: 2, externalId: 'ORG-1', request: { external_id__v: 'ORG-1', name__v: 'Mercy Hospital', country__v: 'US' }, beforeImage: null, imaged: true, result: { ok: true, attempts: 1 } },
        { sheet: 'Organizations', row: 3, externalId: 'ORG-2', request: { external_id__v: 'ORG-2', name__v: 'Charité', country__v: 'DE' }, beforeImage: null, imaged: true, result: { ok: true, attempts: 1 } },
        { sheet: 'Organizations', row: 4, externalId: 'ORG-3', request: { external_id__v: 'ORG-3', name__v: 'Nowhere' }, beforeImage: null, imaged: true, result: { ok: false, error: 'x', attempts: 1 } },
      ] }],
    } as unknown as TransferLog;
    const { targetValues, issues } = await readTargetForQc(log, target);
    const rec = (row: number) => ({ entity: 'organization', sheet: 'Organizations', row, externalId: '', study: '', site: '', transferId: 'T7' });
    expect(targetValues(rec(3))?.country__v).toBe('AT');
    expect(targetValues(rec(2))?.name__v).toBe('Mercy Hospital');
    expect(targetValues(rec(4))).toBeUndefined();
    expect(issues).toEqual([expect.objectContaining({ id: 'RC-T7-Organizations-3-country__v', source: 'Reconciliation', description: 'country__v: sent "DE", target holds "AT"', status: 'Open' })]);
  });
});
