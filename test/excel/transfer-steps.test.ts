/**
 * The pane's transfer log grows by steps (issue 15): while a transfer runs, each save appends
 * only what the step changed to a hidden sheet and the log row (the checkpoint) is not rewritten;
 * a pane closed mid-transfer leaves a log that replays to what it had saved, and the resume ends
 * exactly once with the whole log written and the steps cleared. Steps that follow an older
 * checkpoint are ignored, not applied twice.
 */
import { loadTransferLogs, saveTransferLog, LOG_SHEET } from '../../src/excel';
import { STEPS_SHEET, checkpointTag } from '../../src/excel/transfer-steps';
import { changeLine, checkpointLine, countLog, replayJournal, planTransfer, runTransfer, startLog, type LogChange, type TransferLog } from '../../src/core/transfer';
import { defaultStandard } from '../../src/core/standard/load';
import { createFakeExcel, FakeWorkbook, type FakeSheet } from '../../testing/fake-excel';
import { MemoryCtms } from '../../testing/memory-ctms';
import { wb, TODAY } from '../../testing/builders/wb';
import { ctgovWorkbook } from '../transfer/helpers';

const std = defaultStandard();
const plan = planTransfer(std, wb(ctgovWorkbook(60).sheets), { today: TODAY, acceptProposals: true });
const total = plan.entities.reduce((n, e) => n + e.records.length, 0);
const copy = (l: TransferLog): TransferLog => JSON.parse(JSON.stringify(l)) as TransferLog;
const run = { targetUrl: 'memory:', who: 'tester', batchSize: 20 };

/** Row r's cells from column c on, joined (the log's or a step's JSON). */
function joined(s: FakeSheet, r: number, c: number): string {
  let out = '';
  for (; s.get(r, c) !== undefined && s.get(r, c) !== null && s.get(r, c) !== ''; c++) out += String(s.get(r, c));
  return out;
}

/** A workbook with the user's one visible sheet (Excel refuses to hide the last one). */
function bookWithSites(): FakeWorkbook {
  const b = new FakeWorkbook();
  b.addSheet('Sites');
  return b;
}

function stepRows(book: FakeWorkbook): number {
  const s = book.sheet(STEPS_SHEET);
  if (!s) return 0;
  let n = 0;
  for (let r = 1; r < 10_000 && (s.get(r, 0) !== undefined || s.get(r + 1, 0) !== undefined); r++) if (s.get(r, 0)) n++;
  return n;
}

describe('a transfer log kept by steps in the workbook', () => {
  test('killed mid-way: the log row is the untouched checkpoint, the steps replay to the last save, and the resume ends exactly once', async () => {
    const book = bookWithSites();
    const pane = createFakeExcel(book);
    const target = new MemoryCtms();
    const log = startLog(plan, run);
    await saveTransferLog(pane, log);
    const checkpoint = JSON.stringify(log);
    let saves = 0;
    // What the saves said, as a journal: the workbook must hold exactly this.
    let said = checkpointLine(copy(log));
    const dying = async (l: TransferLog, c: LogChange) => {
      if (++saves === 7) throw new Error('pane closed');
      await saveTransferLog(pane, l, c);
      said += changeLine(c);
    };
    await expect(runTransfer(plan, log, { ...run, target, save: dying })).rejects.toThrow('pane closed');

    expect(joined(book.sheet(LOG_SHEET)!, 1, 3)).toBe(checkpoint);
    expect(stepRows(book)).toBe(6);
    expect(book.sheet(STEPS_SHEET)!.visibility).toBe('VeryHidden');
    const [stored] = await loadTransferLogs(pane);
    expect(stored).toEqual(replayJournal(said));
    expect(stored!.entities.some((e) => e.records.some((r) => r.imaged))).toBe(true);
    expect(stored!.status).toBe('running');

    // The pane opened again: a new session over the same workbook resumes from what it reads.
    const again = createFakeExcel(book);
    const [resumable] = await loadTransferLogs(again);
    await saveTransferLog(again, resumable!);
    expect(stepRows(book)).toBe(0);
    const done = await runTransfer(plan, resumable!, { ...run, target, save: (l: TransferLog, c: LogChange) => saveTransferLog(again, l, c) });
    expect(countLog(done)).toMatchObject({ sent: total, failed: 0, pending: 0 });
    for (const e of plan.entities) expect(target.records(e.object)).toHaveLength(e.records.length);
    expect(await loadTransferLogs(again)).toEqual([copy(done)]);
    expect(joined(book.sheet(LOG_SHEET)!, 1, 3)).toBe(JSON.stringify(done));
    expect(stepRows(book)).toBe(0);
  });

  test('a step that follows another checkpoint of the transfer is ignored', async () => {
    const book = bookWithSites();
    const pane = createFakeExcel(book);
    const log = startLog(plan, run);
    await saveTransferLog(pane, log);
    const e = log.entities[0]!;
    const step: LogChange = { entity: { entity: e.entity, sheet: e.sheet, object: e.object }, records: [{ externalId: e.records[0]!.externalId, beforeImage: null, imaged: true }] };
    await saveTransferLog(pane, log, step);
    // A stale step, as a pane closed between a new checkpoint and clearing the old steps leaves one.
    const stale = changeLine({ status: 'done', finishedAt: '2030-01-01T00:00:00.000Z' });
    const s = book.sheet(STEPS_SHEET)!;
    s.set(2, 0, log.transferId);
    s.set(2, 1, checkpointTag('{"an":"older checkpoint"}'));
    s.set(2, 2, stale);
    const [stored] = await loadTransferLogs(pane);
    expect(stored!.status).toBe('running');
    expect(stored!.entities[0]!.records.find((r) => r.externalId === e.records[0]!.externalId)!.imaged).toBe(true);
  });
});
