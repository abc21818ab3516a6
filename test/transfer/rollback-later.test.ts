/**
 * Rollback after later transfers, partial rollbacks and killed updates (issue 13):
 * - a rollback whose records a later transfer sent again is refused with a one-line reason naming
 *   the later transfer and how many records; in order (newest first) it restores the state before both;
 * - after a partial rollback the log and the status columns say exactly what is in the target;
 * - a transfer killed while its updates were in flight is rolled back to the exact prior values.
 */
import ExcelJS from 'exceljs';
import { defaultStandard } from '../../src/core/standard/load';
import {
  changeLine, checkpointLine, laterOverlaps, planTransfer, replayJournal, rollbackOrder, rowStatuses, runTransfer, startLog,
  type LogChange, type TransferLog,
} from '../../src/core/transfer';
import { rollbackTransfer, type LogSink } from '../../src/app/submit';
import { LaterTransfersError } from '../../src/app/later-transfers';
import path from 'node:path';
import { resultsPatch } from '../../src/cli/xlsx-patch/results';
import { writePatchedWorkbook } from '../../src/cli/xlsx-patch/writer';
import { tmpDir } from '../../testing/builders/cli';
import { MANAGED_HEADERS } from '../../src/core/sheet/headers';
import { MemoryCtms } from '../../testing/memory-ctms';
import { clean, wb, TODAY, type Sheets } from '../../testing/builders/wb';
import type { DeleteResult, TargetRecord } from '../../src/connectors/types';

const std = defaultStandard();
const at = (hhmm: string) => () => new Date(`2026-12-01T${hhmm}:00Z`);

async function send(target: MemoryCtms, sheets: Sheets, hhmm: string, save: (l: TransferLog, c: LogChange) => void = () => undefined): Promise<TransferLog> {
  const p = planTransfer(std, wb(sheets), { today: TODAY });
  const log = startLog(p, { targetUrl: 'memory:', who: 'tester', now: at(hhmm) });
  return runTransfer(p, log, { target, targetUrl: 'memory:', who: 'tester', save, now: at(hhmm), batchSize: 1 });
}

/** A sink that counts the saves of each log. */
function sinks() {
  const saved: string[] = [];
  const sink = (): LogSink => ({ save: (l) => { saved.push(l.transferId); } });
  return { saved, sink };
}

const rollback = (log: TransferLog, target: MemoryCtms, others: TransferLog[], extra: { inOrder?: boolean; hint?: string } = {}) => {
  const { sink } = sinks();
  return rollbackTransfer({
    log, target, targetUrl: 'memory:', who: 'tester', dryRun: false, logs: sink(),
    others: others.map((o) => ({ log: o, logs: sink() })), inOrder: !!extra.inOrder, ...(extra.hint ? { inOrderHint: extra.hint } : {}),
  });
};

/** Organizations only: a workbook of master data, ids and names given. */
const orgs = (...rows: [string, string][]): Sheets => ({
  Organizations: rows.map(([id, name]) => ({ 'Organization ID': id, 'Organization Name': name, 'Organization Type': 'Hospital', City: 'Rochester', Country: 'US' })),
});

/** The target as it was before any transfer: the sponsor organization already there, under another name. */
async function seeded<T extends MemoryCtms>(target: T): Promise<T> {
  await send(target, orgs(['ORG-SP', 'Acme Pharma Inc']), '08:00');
  return target;
}

describe('a rollback after later transfers touched its records', () => {
  test('is refused with one line naming the later transfer, its time and how many records; nothing changes', async () => {
    const target = await seeded(new MemoryCtms());
    const t1 = await send(target, clean(), '10:00');
    const later = clean();
    later.Organizations![0]!['Organization Name'] = 'Mayo Clinic Rochester';
    const t2 = await send(target, later, '14:03');
    const snap = target.snapshot();
    const sent = t1.entities.reduce((n, e) => n + e.records.length, 0);
    const refused = rollback(t1, target, [t2], { hint: 'pass --in-order' });
    await expect(refused).rejects.toThrow(LaterTransfersError);
    await expect(refused).rejects.toThrow(
      `${sent} records of this transfer were reused or updated by the later transfer ${t2.transferId} of 2026-12-01 14:03 UTC; roll that one back first, or pass --in-order to roll back both, newest first`,
    );
    expect(target.snapshot()).toEqual(snap);
    expect([t1.status, t1.rollbacks]).toEqual(['done', []]);
  });

  test('counts only the records the later transfer sent again; a transfer earlier, rolled back or elsewhere does not count', async () => {
    const target = new MemoryCtms();
    const t0 = await send(target, orgs(['ORG-0', 'Zero Hospital']), '09:00');
    const t1 = await send(target, orgs(['ORG-1', 'One Hospital'], ['ORG-2', 'Two Hospital'], ['ORG-3', 'Three Hospital']), '10:00');
    const t2 = await send(target, orgs(['ORG-2', 'Two Hospital North'], ['ORG-9', 'Nine Hospital']), '11:00');
    const elsewhere = { ...t2, transferId: 'T-OTHER', target: 'https://other.example', startedAt: '2026-12-01T12:00:00.000Z' };
    expect(laterOverlaps(t1, [t0, t2, elsewhere]).map((o) => [o.log.transferId, o.records])).toEqual([[t2.transferId, 1]]);
    await expect(rollback(t1, target, [t0, t2])).rejects.toThrow(`1 record of this transfer was reused or updated by the later transfer ${t2.transferId} of 2026-12-01 11:00 UTC; roll that one back first`);
    // Once the later transfer is rolled back, the earlier one may go.
    await rollback(t2, target, [t0, t1]);
    const out = await rollback(t1, target, [t0, t2]);
    expect([out.deleted, out.failed]).toEqual([3, []]);
    expect(target.records('organization__v').map((r) => r.external_id__v)).toEqual(['ORG-0']);
  });

  test('in order: the later transfers first, newest first, then this one; the target is as it was before all of them, record by record', async () => {
    const target = await seeded(new MemoryCtms());
    const before = target.snapshot();
    const t1 = await send(target, clean(), '10:00');
    const later = clean();
    later.Organizations![0]!['Organization Name'] = 'Mayo Clinic Rochester';
    later.Organizations!.push({ 'Organization ID': 'ORG-9', 'Organization Name': 'Nine Hospital', 'Organization Type': 'Clinic', City: 'Rochester', Country: 'US' });
    const t2 = await send(target, later, '14:03');
    // A third one touches only what the second created: it overlaps the first through the second.
    const t3 = await send(target, orgs(['ORG-9', 'Nine Hospital East']), '15:30');
    const disjoint = await send(target, orgs(['ORG-77', 'Elsewhere Hospital']), '16:00');
    expect(rollbackOrder(t1, [t2, t3, disjoint]).map((l) => l.transferId)).toEqual([t3.transferId, t2.transferId, t1.transferId]);
    await expect(rollback(t1, target, [t2, t3, disjoint], { hint: 'pass --in-order' })).rejects.toThrow(/roll that one back first, or pass --in-order to roll back all 3, newest first$/);
    const { saved, sink } = sinks();
    const out = await rollbackTransfer({
      log: t1, target, targetUrl: 'memory:', who: 'tester', dryRun: false, logs: sink(), inOrder: true,
      others: [t2, t3, disjoint].map((o) => ({ log: o, logs: sink() })),
    });
    expect(out.transfers.map((t) => t.transferId)).toEqual([t3.transferId, t2.transferId, t1.transferId]);
    expect(saved).toEqual([t3.transferId, t2.transferId, t1.transferId]);
    expect(out.failed).toEqual([]);
    expect([t1.status, t2.status, t3.status, disjoint.status]).toEqual(['rolledBack', 'rolledBack', 'rolledBack', 'done']);
    const after = target.snapshot();
    const extra = after.organization__v!.filter((r) => r.external_id__v === 'ORG-77');
    expect({ ...after, organization__v: after.organization__v!.filter((r) => r.external_id__v !== 'ORG-77') }).toEqual(before);
    expect(extra).toHaveLength(1);
  });
});

/** MemoryCtms whose deletes and updates of chosen external ids are refused, until `heal()`. */
class FaultyCtms extends MemoryCtms {
  private refuse = new Set<string>();
  refuseFor(...externalIds: string[]) { this.refuse = new Set(externalIds); }
  heal() { this.refuse.clear(); }
  private keyOf(object: string, id: string): string {
    return String(this.records(object).find((r) => r.id === id)?.external_id__v ?? '');
  }
  override async delete(object: string, ids: string[]): Promise<DeleteResult[]> {
    const bad = ids.filter((id) => this.refuse.has(this.keyOf(object, id)));
    const good = await super.delete(object, ids.filter((id) => !bad.includes(id)));
    return ids.map((id, index) => (bad.includes(id)
      ? { index, key: id, ok: false, attempts: 1, error: { type: 'OPERATION_NOT_ALLOWED', message: 'record locked by a workflow' } }
      : { ...good.find((g) => g.key === id)!, index }));
  }
  override async update(object: string, records: TargetRecord[]) {
    const out = await super.update(object, records.filter((r) => !this.refuse.has(this.keyOf(object, String(r.id)))));
    return records.map((r, index) => (this.refuse.has(this.keyOf(object, String(r.id)))
      ? { index, key: String(r.id), ok: false, attempts: 1, error: { type: 'OPERATION_NOT_ALLOWED', message: 'record locked by a workflow' } }
      : { ...out.find((o) => o.key === String(r.id))!, index }));
  }
}

describe('after a partial rollback, the log and the status columns say what is in the target', () => {
  test('rows rolled back say so, rows whose rollback failed keep their status with the reason; a second run finishes', async () => {
    const target = await seeded(new FaultyCtms());
    const log = await send(target, clean(), '10:00');
    // The site organization cannot be deleted, the sponsor cannot be restored.
    target.refuseFor('ORG-1', 'ORG-SP');
    const out = await rollback(log, target, []);
    expect(out.failed.map((f) => f.error)).toEqual(['OPERATION_NOT_ALLOWED: record locked by a workflow', 'OPERATION_NOT_ALLOWED: record locked by a workflow']);
    expect(log.status).toBe('done');

    // Every row's status against the target, record by record.
    const statuses = rowStatuses(log);
    for (const e of log.entities) {
      for (const r of e.records) {
        const s = statuses.get(`${r.sheet}\u0001${r.row}`)!;
        const now = target.records(e.object).find((x) => x.external_id__v === r.externalId);
        if (r.externalId === 'ORG-1') expect(s).toEqual({ status: 'sent; rollback failed: OPERATION_NOT_ALLOWED: record locked by a workflow', targetId: r.result!.id });
        else if (r.externalId === 'ORG-SP') {
          expect(s).toEqual({ status: 'sent; rollback failed: OPERATION_NOT_ALLOWED: record locked by a workflow', targetId: r.result!.id });
          expect(now!.name__v).toBe('Acme Pharma');
        } else {
          expect(s).toEqual({ status: 'rolled back (deleted)', targetId: null });
          expect(now).toBeUndefined();
        }
      }
    }
    // The same in the sheets the command line writes back.
    const sent = new ExcelJS.Workbook();
    for (const e of log.entities) {
      const ws = sent.getWorksheet(e.sheet) ?? sent.addWorksheet(e.sheet);
      ws.getRow(1).getCell(1).value = 'Key';
      for (const r of e.records) ws.getRow(r.row).getCell(1).value = r.externalId;
    }
    const dir = tmpDir();
    const book = new ExcelJS.Workbook();
    try {
      await sent.xlsx.writeFile(path.join(dir.dir, 'sent.xlsx'));
      await writePatchedWorkbook(path.join(dir.dir, 'sent.xlsx'), path.join(dir.dir, 'back.xlsx'), await resultsPatch(path.join(dir.dir, 'sent.xlsx'), log));
      await book.xlsx.readFile(path.join(dir.dir, 'back.xlsx'));
    } finally { dir.cleanup(); }
    const orgSheet = book.getWorksheet('Organizations')!;
    const col = (label: string) => { let c = 0; orgSheet.getRow(1).eachCell((cell, i) => { if (cell.value === label) c = i; }); return c; };
    const rowOf = (id: string) => log.entities.find((e) => e.sheet === 'Organizations')!.records.find((r) => r.externalId === id)!.row;
    expect(orgSheet.getRow(rowOf('ORG-1')).getCell(col(MANAGED_HEADERS[0])).value).toBe('sent; rollback failed: OPERATION_NOT_ALLOWED: record locked by a workflow');
    expect(book.getWorksheet('Studies')!.getRow(2).getCell(col(MANAGED_HEADERS[0])).value).toBe('rolled back (deleted)');

    // Once the cause is gone, the rollback runs again over what is left only.
    target.heal();
    const again = await rollback(log, target, []);
    expect([again.deleted, again.restored, again.failed]).toEqual([1, 1, []]);
    expect(log.status).toBe('rolledBack');
    expect(target.records('organization__v').map((r) => [r.external_id__v, r.name__v])).toEqual([['ORG-SP', 'Acme Pharma Inc']]);
    expect(rowStatuses(log).get(`Organizations\u0001${rowOf('ORG-1')}`)).toEqual({ status: 'rolled back (deleted)', targetId: null });
    expect(rowStatuses(log).get(`Organizations\u0001${rowOf('ORG-SP')}`)!.status).toBe('rolled back (restored)');
  });
});

describe('a transfer killed while its updates were in flight', () => {
  test('its journal holds every before-image before the batch was sent; rollback restores the exact prior values, record by record', async () => {
    const target = new MemoryCtms();
    // The prior state: every record of the workbook exists with other values.
    await send(target, clean(), '09:00');
    const changed = clean();
    changed.Organizations![0]!['Organization Name'] = 'Mayo Clinic Rochester';
    changed.Organizations![1]!.City = 'Cambridge';
    changed.Studies![0]!['Study Title'] = 'A study of other things';
    changed.Sites![0]!['Subjects Enrolled'] = 9;
    changed.Investigators![0]!['Last Name'] = 'Smith-Jones';
    const prior = target.snapshot();
    // Killed after the organizations' update reached the target, before its answer was logged.
    let journal: string;
    let killed = false;
    const dying = (l: TransferLog, c: LogChange) => {
        if (c.batches?.length && c.entity?.object === 'organization__v' && c.records?.some((r) => r.externalId === 'ORG-SP')) { killed = true; throw new Error('killed'); }
      journal += changeLine(c);
    };
    const p = planTransfer(std, wb(changed), { today: TODAY });
    const log = startLog(p, { targetUrl: 'memory:', who: 'tester', now: at('10:00') });
    journal = checkpointLine(log);
    await expect(runTransfer(p, log, { target, targetUrl: 'memory:', who: 'tester', save: dying, batchSize: 1, concurrency: 1 })).rejects.toThrow('killed');
    expect(killed).toBe(true);
    // The update landed: the target differs from the prior state, and the journal has no answer for it.
    expect(target.records('organization__v').find((r) => r.external_id__v === 'ORG-SP')!.city__v).toBe('Cambridge');
    const onDisk = replayJournal(journal);
    const inFlight = onDisk.entities[0]!.records.find((r) => r.externalId === 'ORG-SP')!;
    expect([inFlight.imaged, inFlight.beforeImage?.city__v, inFlight.result]).toEqual([true, 'Boston', undefined]);

    const out = await rollback(onDisk, target, []);
    expect(out.failed).toEqual([]);
    expect(out.restored).toBeGreaterThanOrEqual(1);
    expect(target.snapshot()).toEqual(prior);
    expect(rowStatuses(onDisk).get(`Organizations\u0001${inFlight.row}`)!.status).toBe('rolled back (restored)');
  });
});
