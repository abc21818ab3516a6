import type { TransferPlan, TargetScalar } from './plan';
import { EXTERNAL_ID_FIELD } from './plan';
import type { LoggedEntity, LoggedRecord, TargetRecordImage, TransferLog } from './log';
import { newTransferId } from './log';
import { idParamFor } from '../target-profile/load';

/**
 * Runs a transfer plan against the target, exactly once per record:
 * - before each batch, the before-image of every record the batch may touch is
 *   read and logged (once: a resumed transfer keeps the first image);
 * - records go by upsert on the external id, so a retry or a resume after the
 *   server committed cannot create a second record;
 * - the log is saved before and after every batch (`save`), which is what
 *   makes resume and rollback possible.
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
  save: (log: TransferLog) => Promise<void> | void;
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
    const known = ids.get(ep.entity) ?? ids.set(ep.entity, new Map()).get(ep.entity)!;
    // The before-image holds every field this transfer may write, so a rollback can put each one back.
    const imageFields = ['id', ...new Set(ep.records.flatMap((r) => [...Object.keys(r.fields), ...Object.keys(r.refs)]))];
    // Plan records and log records are paired by external id, not by position: a workbook edited
    // between an interruption and its resume (a row fixed, inserted or removed) must not shift them.
    const byId = new Map(le.records.map((l) => [l.externalId, l]));
    const todo = ep.records.map((r) => {
      let l = byId.get(r.externalId);
      if (!l) {
        l = { sheet: r.sheet, row: r.row, externalId: r.externalId, request: { ...r.fields }, beforeImage: null, imaged: false };
        le.records.push(l);
        byId.set(r.externalId, l);
      }
      // The row may have moved in the sheet: results are written back where it is now.
      l.sheet = r.sheet;
      l.row = r.row;
      return { r, l };
    }).filter(({ l }) => !l.result?.ok);
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
    for (let start = 0; start < todo.length; start += size) {
      const chunk = todo.slice(start, start + size);
      const needImage = chunk.filter(({ l }) => !l.imaged);
      if (needImage.length) {
        const existing = await target.findByExternalIds(ep.object, idParam, needImage.map(({ l }) => l.externalId), imageFields);
        for (const { l } of needImage) { l.beforeImage = imageOf(existing.get(l.externalId)); l.imaged = true; }
        await opts.save(log);
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
      if (records.length) {
        const results = await target.upsert(ep.object, records, idParam, {
          onBatch: (b) => {
            log.batches.push({ entity: ep.entity, object: ep.object, index: log.batches.length, size: b.size, attempts: b.attempts, executionId: b.executionId, at: now().toISOString(), ok: b.results.filter((x) => x.ok).length, failed: b.results.filter((x) => !x.ok).length });
          },
        });
        results.forEach((res, i) => {
          const item = sendable[res.index ?? i]!;
          item.l.result = { ok: res.ok, id: res.id, event: res.event, error: res.error ? `${res.error.type}: ${res.error.message}` : undefined, attempts: res.attempts, executionId: res.executionId, ...(res.uncertain ? { uncertain: true } : {}) };
          if (res.ok && res.id) known.set(item.l.externalId, res.id);
        });
      }
      done += chunk.length;
      await opts.save(log);
      opts.onProgress?.(ep.entity, done, ep.records.length);
    }
  }
  const failed = log.entities.some((e) => e.records.some((r) => r.result && !r.result.ok));
  log.status = failed ? 'failed' : 'done';
  log.finishedAt = now().toISOString();
  await opts.save(log);
  return log;
}
