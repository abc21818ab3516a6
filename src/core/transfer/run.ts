import type { TransferPlan, TargetScalar } from './plan';
import { EXTERNAL_ID_FIELD } from './plan';
import type { LoggedBatch, LoggedEntity, LoggedRecord, TargetRecordImage, TransferLog } from './log';
import type { LogChange } from './journal';
import { newTransferId } from './log';
import { idParamFor } from '../target-profile/load';

/**
 * Runs a transfer plan against the target, exactly once per record:
 * - before each batch, the before-image of every record the batch may touch is
 *   read and logged (once: a resumed transfer keeps the first image);
 * - records go by upsert on the external id, so a retry or a resume after the
 *   server committed cannot create a second record;
 * - the log is saved before and after every batch (`save`), which is what
 *   makes resume and rollback possible;
 * - entities go in dependency order, one after the other; within an entity a
 *   few batches overlap (the before-images of the next are read while this one
 *   is sent), each still saving its images before it sends.
 * The target is any object with these four calls (the connector's TargetCtms has them).
 */

type Value = TargetScalar | boolean;
export interface TransferTarget {
  upsert(object: string, records: Record<string, Value>[], idParam: string, options?: { onBatch?: (b: BatchInfo) => void }): Promise<UpsertResult[]>;
  update(object: string, records: Record<string, Value>[]): Promise<UpsertResult[]>;
  delete(object: string, ids: string[]): Promise<{ ok: boolean; id?: string; key: string; error?: { type: string; message: string } }[]>;
  findByExternalIds(object: string, field: string, keys: string[], fields?: string[]): Promise<Map<string, Record<string, Value>>>;
}
export interface UpsertResult { index: number; key: string; ok: boolean; id?: string; event?: string; error?: { type: string; message: string }; attempts: number; executionId?: string; uncertain?: boolean }
interface BatchInfo { batchIndex: number; size: number; attempts: number; executionId?: string; results: { ok: boolean }[] }

export interface RunOptions {
  target: TransferTarget;
  targetUrl: string;
  who: string;
  batchSize?: number;
  /**
   * Keep the log: called before each batch is sent (its before-images) and after it (its results),
   * with the whole log and what changed since the last call (`change`), so a sink may append the
   * change instead of rewriting the log.
   */
  save: (log: TransferLog, change: LogChange) => Promise<void> | void;
  /** Batches of one entity in flight at once (the next one's before-images are read while this one is sent). Default 2. */
  concurrency?: number;
  onProgress?: (entity: string, done: number, total: number) => void;
  now?: () => Date;
  /** Upsert key per object (from the target profile); objects not named use external_id__v. */
  upsertKeys?: Readonly<Record<string, string>>;
}

function imageOf(rec: Record<string, Value> | undefined): TargetRecordImage | null {
  if (!rec) return null;
  const out: TargetRecordImage = {};
  for (const [k, v] of Object.entries(rec)) out[k] = v;
  return out;
}

export function startLog(plan: TransferPlan, opts: Pick<RunOptions, 'targetUrl' | 'who' | 'now'>): TransferLog {
  const now = (opts.now ?? (() => new Date()))();
  return {
    transferId: newTransferId(now),
    who: opts.who,
    startedAt: now.toISOString(),
    target: opts.targetUrl,
    standard: plan.standard,
    status: 'running',
    entities: plan.entities.map((e): LoggedEntity => ({
      entity: e.entity, sheet: e.sheet, object: e.object,
      heldBack: e.heldBack.map((h) => ({ sheet: h.sheet, row: h.row, reason: h.reason })),
      records: e.records.map((r): LoggedRecord => ({ sheet: r.sheet, row: r.row, externalId: r.externalId, request: { ...r.fields }, beforeImage: null, imaged: false })),
    })),
    batches: [],
    rollbacks: [],
  };
}

/** The log entity for a plan entity (by entity key; a log from startLog has them in plan order). */
function pairEntity(log: TransferLog, ep: TransferPlan['entities'][number]): LoggedEntity {
  let le = log.entities.find((e) => e.entity === ep.entity);
  if (!le) {
    le = { entity: ep.entity, sheet: ep.sheet, object: ep.object, records: [], heldBack: [] };
    log.entities.push(le);
  }
  // Held-back rows as the workbook stands now (a resume may follow fixes).
  le.heldBack = ep.heldBack.map((h) => ({ sheet: h.sheet, row: h.row, reason: h.reason }));
  return le;
}

/** Run (or resume) a transfer. `log` is a fresh startLog(plan) or a log saved by an interrupted run. */
export async function runTransfer(plan: TransferPlan, log: TransferLog, opts: RunOptions): Promise<TransferLog> {
  const { target } = opts;
  const size = opts.batchSize ?? 500;
  const now = opts.now ?? (() => new Date());
  if (log.status === 'rolledBack') throw new Error(`Transfer ${log.transferId} was rolled back; start a new transfer instead of resuming it`);
  const norm = (u: string) => u.trim().replace(/\/+$/, '');
  if (norm(log.target) !== norm(opts.targetUrl)) throw new Error(`Transfer ${log.transferId} went to ${log.target}, not ${opts.targetUrl}; resume it against the same target`);
  log.status = 'running';
  const save = serialSaves(log, opts.save);
  // Target ids known so far, per entity and external id: from this log (resume) and from sends below.
  const ids = new Map<string, Map<string, string>>();
  for (const e of log.entities) {
    const m = new Map<string, string>();
    for (const r of e.records) if (r.result?.ok && r.result.id) m.set(r.externalId, r.result.id);
    ids.set(e.entity, m);
  }
  for (let ei = 0; ei < plan.entities.length; ei++) {
    const ep = plan.entities[ei]!;
    const le = pairEntity(log, ep);
    const head = { entity: le.entity, sheet: le.sheet, object: le.object };
    const known = ids.get(ep.entity) ?? ids.set(ep.entity, new Map()).get(ep.entity)!;
    // The before-image holds every field this transfer may write, so a rollback can put each one back.
    const imageFields = ['id', ...new Set(ep.records.flatMap((r) => [...Object.keys(r.fields), ...Object.keys(r.refs)]))];
    // Plan records and log records are paired by external id, not by position: a workbook edited
    // between an interruption and its resume (a row fixed, inserted or removed) must not shift them.
    const byId = new Map(le.records.map((l) => [l.externalId, l]));
    // What pairing changed in the log (rows added or moved, held-back rows) goes out with the entity's first step.
    let prelude: LogChange | null = { entity: { ...head, heldBack: le.heldBack }, records: [] };
    const todo = ep.records.map((r) => {
      let l = byId.get(r.externalId);
      if (!l) {
        l = { sheet: r.sheet, row: r.row, externalId: r.externalId, request: { ...r.fields }, beforeImage: null, imaged: false };
        le.records.push(l);
        byId.set(r.externalId, l);
        prelude!.records!.push({ ...l });
      } else if (l.sheet !== r.sheet || l.row !== r.row) {
        // The row may have moved in the sheet: results are written back where it is now.
        l.sheet = r.sheet;
        l.row = r.row;
        prelude!.records!.push({ externalId: l.externalId, sheet: l.sheet, row: l.row });
      }
      return { r, l };
    }).filter(({ l }) => !l.result?.ok);
    const step = (change: LogChange): LogChange => {
      if (!prelude) return change;
      const merged: LogChange = { ...change, entity: prelude.entity!, records: [...prelude.records!, ...(change.records ?? [])] };
      prelude = null;
      return merged;
    };
    let done = ep.records.length - todo.length;
    opts.onProgress?.(ep.entity, done, ep.records.length);
    // References to parents not in this workbook (already in the target) are resolved once per entity.
    const outside = new Map<string, Set<string>>();
    for (const { r } of todo) for (const [refEntity, refId] of Object.values(r.refs)) {
      if (!ids.get(refEntity)?.has(refId)) (outside.get(refEntity) ?? outside.set(refEntity, new Set()).get(refEntity)!).add(refId);
    }
    for (const [refEntity, keys] of outside) {
      const obj = plan.entities.find((x) => x.entity === refEntity)!.object;
      const found = await target.findByExternalIds(obj, idParamFor(opts.upsertKeys, obj), [...keys]);
      for (const [k, rec] of found) if (rec.id) ids.get(refEntity)!.set(k, String(rec.id));
    }
    const idParam = idParamFor(opts.upsertKeys, ep.object);
    const sendChunk = async (chunk: typeof todo): Promise<void> => {
      const needImage = chunk.filter(({ l }) => !l.imaged);
      if (needImage.length) {
        const existing = await target.findByExternalIds(ep.object, idParam, needImage.map(({ l }) => l.externalId), imageFields);
        for (const { l } of needImage) { l.beforeImage = imageOf(existing.get(l.externalId)); l.imaged = true; }
        // Nothing of this chunk is sent before its before-images are saved.
        await save(step({ entity: head, records: needImage.map(({ l }) => ({ externalId: l.externalId, beforeImage: l.beforeImage, imaged: true })) }));
      }
      const records: Record<string, Value>[] = [];
      const sendable: typeof chunk = [];
      for (const item of chunk) {
        const req: Record<string, TargetScalar> = { ...item.r.fields };
        // The plan carries the external id as external_id__v; a target keyed on another field gets it there.
        if (idParam !== EXTERNAL_ID_FIELD) { delete req[EXTERNAL_ID_FIELD]; req[idParam] = item.r.externalId; }
        let missing: string | null = null;
        for (const [field, [refEntity, refId]] of Object.entries(item.r.refs)) {
          const id = ids.get(refEntity)?.get(refId);
          if (!id) { missing = `${refEntity} ${refId} has no target id (its record failed)`; break; }
          req[field] = id;
        }
        item.l.request = req;
        if (missing) { item.l.result = { ok: false, error: missing, attempts: 0 }; continue; }
        records.push(req);
        sendable.push(item);
      }
      const batches: LoggedBatch[] = [];
      if (records.length) {
        const results = await target.upsert(ep.object, records, idParam, {
          onBatch: (b) => {
            const batch = { entity: ep.entity, object: ep.object, index: log.batches.length, size: b.size, attempts: b.attempts, executionId: b.executionId, at: now().toISOString(), ok: b.results.filter((x) => x.ok).length, failed: b.results.filter((x) => !x.ok).length };
            log.batches.push(batch);
            batches.push(batch);
          },
        });
        results.forEach((res, i) => {
          const item = sendable[res.index ?? i]!;
          item.l.result = { ok: res.ok, id: res.id, event: res.event, error: res.error ? `${res.error.type}: ${res.error.message}` : undefined, attempts: res.attempts, executionId: res.executionId, ...(res.uncertain ? { uncertain: true } : {}) };
          if (res.ok && res.id) known.set(item.l.externalId, res.id);
        });
      }
      done += chunk.length;
      await save(step({ entity: head, records: chunk.map(({ l }) => ({ externalId: l.externalId, request: l.request, ...(l.result ? { result: l.result } : {}) })), batches }));
      opts.onProgress?.(ep.entity, done, ep.records.length);
    };
    const chunks: (typeof todo)[] = [];
    for (let start = 0; start < todo.length; start += size) chunks.push(todo.slice(start, start + size));
    // A record referring to its own entity needs its parent's id first: such an entity goes one batch at a time.
    const selfRef = ep.records.some((r) => Object.values(r.refs).some(([refEntity]) => refEntity === ep.entity));
    await inPool(chunks, selfRef ? 1 : Math.max(1, opts.concurrency ?? 2), sendChunk);
    if (prelude) await save(step({}));
  }
  const failed = log.entities.some((e) => e.records.some((r) => r.result && !r.result.ok));
  log.status = failed ? 'failed' : 'done';
  log.finishedAt = now().toISOString();
  await save({ status: log.status, finishedAt: log.finishedAt });
  return log;
}

/**
 * Saves one at a time, in the order asked, though batches overlap: a sink never sees two writes
 * at once, and once a save fails nothing more is saved (the log on disk stays as it was when the
 * failure happened, as after a kill).
 */
function serialSaves(log: TransferLog, save: RunOptions['save']): (change: LogChange) => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return (change) => {
    last = last.then(() => save(log, change));
    return last;
  };
}

/**
 * Runs `fn` over the items with at most `limit` at a time. On the first failure no new item
 * starts; the ones already running finish (their results are logged) before the failure is thrown.
 */
async function inPool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (!failure && next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
}
