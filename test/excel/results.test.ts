import { loadTransferLogs, saveTransferLog, writeBackResults, LOG_SHEET, watchChanges } from '../../src/excel';
import type { TransferLog } from '../../src/core/transfer/log';
import { defaultStandard } from '../../src/core/standard/load';
import { createFakeExcel, FakeWorkbook } from '../../testing/fake-excel';

/** Submission results and transfer logs written into the workbook through the adapter, on the fake Excel. */

function logOf(over: Partial<TransferLog> = {}): TransferLog {
  return {
    transferId: 'T20240101T000000Z-abcdef', who: 'dev', startedAt: '2024-01-01T00:00:00.000Z', target: 'http://127.0.0.1:8787',
    standard: { id: 'v1', version: '1' }, status: 'done', batches: [], rollbacks: [],
    entities: [{
      entity: 'organization', sheet: 'Organizations', object: 'organization__v',
      heldBack: [{ sheet: 'Organizations', row: 4, reason: 'errors: charset in B4' }],
      records: [
        { sheet: 'Organizations', row: 2, externalId: 'O1', request: {}, beforeImage: null, imaged: true, result: { ok: true, id: '00012', event: 'created', attempts: 1 } },
        { sheet: 'Organizations', row: 3, externalId: 'O2', request: {}, beforeImage: { id: 'V2' }, imaged: true, result: { ok: true, id: 'V2', event: 'updated', attempts: 1 } },
        { sheet: 'Organizations', row: 6, externalId: 'O4', request: {}, beforeImage: null, imaged: true, result: { ok: false, error: 'INVALID_DATA: bad', attempts: 1 } },
      ],
    }],
    ...over,
  };
}

function setup() {
  const wb = new FakeWorkbook();
  wb.addSheet('Organizations').load([
    ['Organization ID', 'Name', null],
    ['O1', 'A'], ['O2', 'B'], ['O3', 'C'], ['O5', 'E'], ['O4', 'D'],
  ]);
  return { wb, s: wb.sheet('Organizations')!, fake: createFakeExcel(wb) };
}

describe('writeBackResults', () => {
  it('adds the managed columns after the last used one, ids as text, one sync for the sheet', async () => {
    const { s, fake } = setup();
    fake.resetStats();
    const out = await writeBackResults(fake, logOf());
    expect(out.sheets).toEqual([{ sheet: 'Organizations', rows: 4 }]);
    expect(s.get(0, 2)).toBe('CTMS Status');
    expect(s.get(0, 3)).toBe('CTMS Target ID');
    expect(s.get(1, 2)).toBe('sent');
    expect(s.get(1, 3)).toBe('00012'); // not the number 12
    expect(s.numberFormat(1, 3)).toBe('@');
    expect(s.get(3, 2)).toBe('held back: errors: charset in B4');
    expect(s.get(4, 2)).toBeUndefined(); // row 5 is not in the log: untouched
    expect(s.get(5, 2)).toBe('failed: INVALID_DATA: bad');
    // Sheets, used ranges, headers, then one write sync for the sheet, then events back on: not one per row.
    expect(fake.stats.syncCount).toBeLessThanOrEqual(5);
    expect(fake.eventsEnabled).toBe(true);
  });

  it('puts new columns after a data column that has no header, and leaves its cells as they were', async () => {
    const { s, fake } = setup();
    // A partner's notes in column E of one row, under no header.
    s.set(2, 4, 'call back in May');
    await writeBackResults(fake, logOf());
    expect(s.get(0, 5)).toBe('CTMS Status');
    expect(s.get(0, 6)).toBe('CTMS Target ID');
    expect(s.get(2, 4)).toBe('call back in May');
    expect(s.get(1, 4)).toBeUndefined();
    expect(s.get(2, 5)).toBe('sent');
  });

  it('reuses existing managed columns and marks a rolled-back transfer', async () => {
    const { s, fake } = setup();
    s.set(0, 5, 'CTMS Status');
    s.set(0, 6, 'CTMS Target ID');
    await writeBackResults(fake, logOf());
    await writeBackResults(fake, logOf({ status: 'rolledBack' }));
    expect(s.get(0, 7)).toBeUndefined();
    expect(s.get(1, 5)).toBe('rolled back (deleted)');
    expect(s.get(1, 6)).toBeUndefined();
    expect(s.get(2, 5)).toBe('rolled back (restored)');
    expect(s.get(2, 6)).toBe('V2');
  });

  it('does not wake the live re-validation', async () => {
    const { fake } = setup();
    const seen: string[] = [];
    const std = defaultStandard();
    await watchChanges(fake, std, (sheet) => { seen.push(sheet); });
    await writeBackResults(fake, logOf());
    await fake.idle();
    expect(seen).toEqual([]);
  });
});

describe('transfer logs in a hidden sheet', () => {
  it('creates the hidden sheet, replaces the row of the same transfer, and reads every log back', async () => {
    const { wb, fake } = setup();
    expect(await loadTransferLogs(fake)).toEqual([]);
    const a = logOf({ status: 'running' });
    await saveTransferLog(fake, a);
    const sheet = wb.sheet(LOG_SHEET)!;
    expect(sheet.visibility).toBe('VeryHidden');
    await saveTransferLog(fake, { ...a, status: 'done' });
    const b = logOf({ transferId: 'T2', who: '=cmd|x' });
    await saveTransferLog(fake, b);
    const logs = await loadTransferLogs(fake);
    expect(logs.map((l) => [l.transferId, l.status])).toEqual([[a.transferId, 'done'], ['T2', 'done']]);
    expect(logs[1]).toEqual(b);
    expect(sheet.get(1, 1)).toBe('done');
  });

  it('splits a large log across cells of at most 32,000 characters and joins it back', async () => {
    const { wb, fake } = setup();
    const big = logOf();
    const rec = big.entities[0]!.records[0]!;
    // ~90k characters, and a part that starts with "-" must stay text.
    big.entities[0]!.records = Array.from({ length: 600 }, (_, i) => ({ ...rec, row: i + 2, externalId: `-${'x'.repeat(120)}${i}` }));
    await saveTransferLog(fake, big);
    const s = wb.sheet(LOG_SHEET)!;
    const parts: string[] = [];
    for (let c = 3; s.get(1, c) !== undefined; c++) parts.push(String(s.get(1, c)));
    expect(parts.length).toBeGreaterThanOrEqual(3);
    expect(parts.every((p) => p.length <= 32_000)).toBe(true);
    expect(await loadTransferLogs(fake)).toEqual([big]);
    // A shorter version of the same transfer leaves no stale parts behind.
    await saveTransferLog(fake, logOf());
    expect(await loadTransferLogs(fake)).toEqual([logOf()]);
  });

  it('skips a row that no longer parses', async () => {
    const { wb, fake } = setup();
    await saveTransferLog(fake, logOf());
    wb.sheet(LOG_SHEET)!.set(1, 3, '{broken');
    expect(await loadTransferLogs(fake)).toEqual([]);
  });
});
