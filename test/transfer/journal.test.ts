/**
 * The transfer log kept as an append-only journal, and batches that overlap: the journal
 * replays into the log the run kept in memory, a record is never sent before the journal holds
 * its before-image, a line torn by a kill is ignored, the CLI's file journal gives way to the
 * readable log when the transfer ends, and what it writes grows linearly with the records.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultStandard } from '../../src/core/standard/load';
import {
  changeLine, checkpointLine, countLog, planTransfer, replayJournal, runTransfer, startLog,
  type LogChange, type TransferLog, type TransferPlan,
} from '../../src/core/transfer';
import { journalledLogFile, readLog } from '../../src/cli/transfer-log-file';
import { MemoryCtms } from '../../testing/memory-ctms';
import { wb, TODAY } from '../../testing/builders/wb';
import { ctgovWorkbook } from './helpers';

const std = defaultStandard();
const planOf = (sites: number): TransferPlan => planTransfer(std, wb(ctgovWorkbook(sites).sheets), { today: TODAY, acceptProposals: true });
const copy = (l: TransferLog): TransferLog => JSON.parse(JSON.stringify(l)) as TransferLog;
const total = (p: TransferPlan) => p.entities.reduce((n, e) => n + e.records.length, 0);

/** A journal in memory: the checkpoint of the fresh log, then one line per save. */
function memoryJournal(log: TransferLog) {
  let text = checkpointLine(copy(log));
  return { text: () => text, save: (_l: TransferLog, change: LogChange) => { text += changeLine(change); } };
}

/** MemoryCtms noting, per call, what the journal held when it was made and how many batches were in flight. */
class WatchedCtms extends MemoryCtms {
  readonly events: string[] = [];
  journal: () => string = () => '';
  unimagedSends = 0;
  inFlight = 0;
  maxInFlight = 0;
  upserting = 0;
  findsWhileSending = 0;
  override async findByExternalIds(object: string, field: string, keys: string[], fields?: string[]) {
    // Reads of parents (two fields) are not a batch's before-images.
    const images = !!fields && fields.length > 2;
    if (images) {
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      if (this.upserting) this.findsWhileSending++;
      this.events.push(`find ${object}`);
    }
    const out = await super.findByExternalIds(object, field, keys, fields);
    await Promise.resolve();
    return out;
  }

  override async upsert(object: string, records: Parameters<MemoryCtms['upsert']>[1], idParam: string, options?: Parameters<MemoryCtms['upsert']>[3]) {
    const replayed = replayJournal(this.journal());
    const logged = new Map(replayed.entities.flatMap((e) => e.records).map((r) => [r.externalId, r]));
    this.unimagedSends += records.filter((r) => !logged.get(String(r[idParam]))?.imaged).length;
    this.events.push(`upsert ${object}`);
    this.upserting++;
    // Let the other batches move while this one is "on the wire".
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    const out = await super.upsert(object, records, idParam, options);
    this.events.push(`done ${object}`);
    this.upserting--;
    this.inFlight--;
    return out;
  }
}

/** A watched target, a new log and its in-memory journal, and one run of the transfer over them. */
async function journalledRun(records: number, options: { concurrency?: number } = {}) {
  const p = planOf(records);
  const target = new WatchedCtms();
  const log = startLog(p, { targetUrl: 'memory:', who: 'tester' });
  const journal = memoryJournal(log);
  target.journal = journal.text;
  await runTransfer(p, log, { target, targetUrl: 'memory:', who: 'tester', batchSize: 20, save: journal.save, ...options });
  return { p, target, log, journal };
}

describe('the journal of a transfer', () => {
  test('replays into the log the run kept, and nothing is sent before the journal holds its before-image', async () => {
    const { p, target, log, journal } = await journalledRun(150);
    expect(log.status).toBe('done');
    expect(countLog(log)).toMatchObject({ sent: total(p), failed: 0, pending: 0 });
    expect(target.unimagedSends).toBe(0);
    expect(replayJournal(journal.text())).toEqual(copy(log));
  });

  test('batches of one entity overlap, two at a time; entities go one after the other', async () => {
    const { p, target } = await journalledRun(150);
    expect(target.maxInFlight).toBe(2);
    // The next batch's before-images are read while this one is sent.
    expect(target.findsWhileSending).toBeGreaterThan(0);
    // No entity starts before every batch of the one before it is done (children need their parents' ids).
    const objects = p.entities.map((e) => e.object);
    for (let i = 1; i < objects.length; i++) {
      const lastDone = target.events.lastIndexOf(`done ${objects[i - 1]}`);
      const firstFind = target.events.indexOf(`find ${objects[i]}`);
      if (firstFind >= 0) expect(firstFind).toBeGreaterThan(lastDone);
    }
  });

  test('one batch at a time when asked: no overlap', async () => {
    const { target, log, journal } = await journalledRun(60, { concurrency: 1 });
    expect(target.maxInFlight).toBe(1);
    expect(target.findsWhileSending).toBe(0);
    expect(replayJournal(journal.text())).toEqual(copy(log));
  });

  test('a line torn by a kill is ignored; a damaged complete line is refused with its number', () => {
    const log = startLog(planOf(20), { targetUrl: 'memory:', who: 'tester' });
    const e = log.entities[0]!;
    const step = changeLine({ entity: { entity: e.entity, sheet: e.sheet, object: e.object }, records: [{ externalId: e.records[0]!.externalId, beforeImage: null, imaged: true }] });
    const text = checkpointLine(log) + step;
    expect(replayJournal(text).entities[0]!.records[0]!.imaged).toBe(true);
    expect(replayJournal(text + step.slice(0, 30)).entities[0]!.records[0]!.imaged).toBe(true);
    expect(() => replayJournal(`${checkpointLine(log)}{"change":\n${step}`)).toThrow('journal line 2: not JSON');
    expect(() => replayJournal(`${checkpointLine(log)}${JSON.stringify({ change: { records: [{ externalId: 'x' }] } })}\n`)).toThrow('journal line 2');
    expect(() => replayJournal(step)).toThrow('journal line 1: no checkpoint');
    // A record added by a step must be whole: the log gate sees the result.
    expect(() => replayJournal(`${checkpointLine(log)}${changeLine({ entity: { entity: e.entity, sheet: e.sheet, object: e.object }, records: [{ externalId: 'new-one', imaged: true }] })}`)).toThrow(/not a transfer log/);
  });

  test('an interrupted journal resumes exactly once, with rows moved in the sheet since', async () => {
    const p = planOf(150);
    const target = new MemoryCtms();
    const log = startLog(p, { targetUrl: 'memory:', who: 'tester' });
    const journal = memoryJournal(log);
    let saves = 0;
    const dying = (l: TransferLog, c: LogChange) => { if (++saves === 9) throw new Error('killed'); journal.save(l, c); };
    await expect(runTransfer(p, log, { target, targetUrl: 'memory:', who: 'tester', batchSize: 20, save: dying })).rejects.toThrow('killed');
    const interrupted = replayJournal(journal.text());
    expect(interrupted.status).toBe('running');
    // The rows moved down one (a row inserted above them) before the resume.
    const moved: TransferPlan = { ...p, entities: p.entities.map((e) => ({ ...e, records: e.records.map((r) => ({ ...r, row: r.row + 1 })) })) };
    const again = memoryJournal(interrupted);
    const done = await runTransfer(moved, interrupted, { target, targetUrl: 'memory:', who: 'tester', batchSize: 20, save: again.save });
    expect(countLog(done)).toMatchObject({ sent: total(p), created: total(p), failed: 0, pending: 0 });
    for (const e of p.entities) expect(target.records(e.object)).toHaveLength(e.records.length);
    const replayed = replayJournal(again.text());
    expect(replayed).toEqual(copy(done));
    expect(replayed.entities[0]!.records.map((r) => r.row)).toEqual(p.entities[0]!.records.map((r) => r.row + 1));
  });
});

describe('the CLI keeps the log as a journal file while the transfer runs', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'ctms-journal-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  async function send(sites: number, file: string, stop?: number): Promise<TransferLog> {
    const p = planOf(sites);
    const sink = journalledLogFile(file);
    const log = startLog(p, { targetUrl: 'memory:', who: 'tester' });
    await sink.save(log);
    let saves = 0;
    const save = async (l: TransferLog, c: LogChange) => { if (++saves === stop) throw new Error('killed'); await sink.save(l, c); };
    try {
      return await runTransfer(p, log, { target: new MemoryCtms(), targetUrl: 'memory:', who: 'tester', batchSize: 20, save });
    } finally {
      // A killed process loses its file handles with it; here the test lets go of the journal's.
      await sink.close?.();
    }
  }

  test('interrupted: only the journal is there and readLog reads it, torn line and all; finished: the readable log, no journal', async () => {
    const file = path.join(dir, 'w.transfer-T1.json');
    await expect(send(150, file, 7)).rejects.toThrow('killed');
    await expect(fs.access(file)).rejects.toThrow();
    await fs.appendFile(`${file}l`, '{"change":{"entity":{"entity":"organiz');
    const interrupted = await readLog(file);
    expect(interrupted.status).toBe('running');
    expect(countLog(interrupted).sent).toBeGreaterThan(0);
    expect(countLog(interrupted).pending).toBeGreaterThan(0);
    expect(await readLog(`${file}l`)).toEqual(interrupted);

    const other = path.join(dir, 'w.transfer-T2.json');
    const log = await send(150, other);
    await expect(fs.access(`${other}l`)).rejects.toThrow();
    expect(JSON.parse(await fs.readFile(other, 'utf8'))).toEqual(copy(log));
    expect(await readLog(other)).toEqual(copy(log));
  });

  test('a damaged journal is refused with its name, before anything acts on it', async () => {
    const file = path.join(dir, 'w.transfer-T3.json');
    await fs.writeFile(`${file}l`, '{"checkpoint":{"transferId":""}}\n');
    await expect(readLog(file)).rejects.toThrow(`${file}l is not a transfer log`);
  });

  test('what the journal writes grows linearly with the records sent', async () => {
    // Bytes appended after the checkpoint, per record sent, for a transfer and one about 4 times larger.
    const perRecord = async (sites: number, name: string) => {
      const file = path.join(dir, name);
      const sink = journalledLogFile(file);
      const p = planOf(sites);
      const log = startLog(p, { targetUrl: 'memory:', who: 'tester' });
      await sink.save(log);
      const start = (await fs.stat(`${file}l`)).size;
      let end = start;
      const save = async (l: TransferLog, c: LogChange) => { await sink.save(l, c); if (l.status === 'running') end = (await fs.stat(`${file}l`)).size; };
      await runTransfer(p, log, { target: new MemoryCtms(), targetUrl: 'memory:', who: 'tester', batchSize: 20, save });
      return { bytes: (end - start) / total(p), records: total(p) };
    };
    const small = await perRecord(12, 's.transfer-T4.json');
    const large = await perRecord(150, 'l.transfer-T5.json');
    expect(large.records).toBeGreaterThan(3 * small.records);
    expect(large.bytes / small.bytes).toBeLessThan(1.25);
  });
});
