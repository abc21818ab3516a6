import { z } from 'zod';
import { parseTransferLog, transferLogSchema, TransferLogError, type LoggedBatch, type LoggedEntity, type LoggedRecord, type TransferLog } from '../model/transfer-log';

/**
 * The transfer log as an append-only journal: a checkpoint line holding the
 * whole log, then one line per step of the transfer holding only what that
 * step changed (the records it imaged or sent, the batches it added, the
 * status). Writing it costs what the step touched, not the size of the log,
 * so logging stays linear in the records sent; the readable log is written
 * once at the end. Replaying the lines in order gives the log back.
 *
 * A line is written whole or torn by a kill mid-write; a torn line is the
 * text after the last newline, and it is ignored (its step is redone on resume,
 * which upserts make safe). Any complete line that is not a valid step is an
 * error: the journal is not trusted past it.
 */

/** A record's fields that changed; a record not yet in the log must carry all of them. */
export type RecordChange = Partial<LoggedRecord> & { externalId: string };

export interface LogChange {
  /** The entity the records and held-back rows belong to (added to the log if absent). */
  entity?: { entity: string; sheet: string; object: string; heldBack?: LoggedEntity['heldBack'] };
  records?: RecordChange[];
  batches?: LoggedBatch[];
  status?: TransferLog['status'];
  finishedAt?: string;
}

const entityShape = transferLogSchema.shape.entities.element.shape;
const changeSchema = z.object({
  entity: z.object({ entity: z.string(), sheet: z.string(), object: z.string(), heldBack: entityShape.heldBack.optional() }).optional(),
  records: z.array(entityShape.records.element.partial().required({ externalId: true })).optional(),
  batches: transferLogSchema.shape.batches.optional(),
  status: transferLogSchema.shape.status.optional(),
  finishedAt: z.string().optional(),
}).refine((c) => !c.records || c.entity, { message: 'records without their entity' });

export function checkpointLine(log: TransferLog): string {
  return `${JSON.stringify({ checkpoint: log })}\n`;
}

export function changeLine(change: LogChange): string {
  return `${JSON.stringify({ change })}\n`;
}

/** Apply one step to a log (mutates it): records are merged by external id, batches appended. */
export function applyLogChange(log: TransferLog, change: LogChange): void {
  if (change.entity) {
    const head = change.entity;
    let le = log.entities.find((e) => e.entity === head.entity);
    if (!le) {
      le = { entity: head.entity, sheet: head.sheet, object: head.object, records: [], heldBack: [] };
      log.entities.push(le);
    }
    if (head.heldBack) le.heldBack = head.heldBack;
    if (change.records?.length) {
      const byId = new Map(le.records.map((r) => [r.externalId, r]));
      for (const rc of change.records) {
        const r = byId.get(rc.externalId);
        if (r) Object.assign(r, rc);
        else {
          const added = { ...rc } as LoggedRecord;
          le.records.push(added);
          byId.set(added.externalId, added);
        }
      }
    }
  }
  if (change.batches) log.batches.push(...change.batches);
  if (change.status) log.status = change.status;
  if (change.finishedAt) log.finishedAt = change.finishedAt;
}

/**
 * The log a journal's text holds: its checkpoint with every complete step applied,
 * checked against the log schema like any log read from outside.
 */
export function replayJournal(text: string): TransferLog {
  const end = text.lastIndexOf('\n');
  const lines = (end < 0 ? '' : text.slice(0, end)).split('\n');
  const fail = (n: number, why: string) => new TransferLogError([`journal line ${n}: ${why}`]);
  if (!lines[0]) throw fail(1, 'no checkpoint');
  let log: TransferLog | undefined;
  lines.forEach((line, i) => {
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      throw fail(i + 1, 'not JSON');
    }
    if (i === 0) {
      const cp = (data as { checkpoint?: unknown } | null)?.checkpoint;
      if (cp === undefined) throw fail(1, 'no checkpoint');
      log = parseTransferLog(cp);
      return;
    }
    const parsed = changeSchema.safeParse((data as { change?: unknown } | null)?.change);
    if (!parsed.success) throw fail(i + 1, parsed.error.issues.map((x) => `${x.path.join('.') || 'the step'}: ${x.message}`).join('; '));
    applyLogChange(log!, parsed.data as LogChange);
  });
  // The steps may have added records: the whole log passes the gate again.
  return parseTransferLog(log);
}
