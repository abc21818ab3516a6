import { z } from 'zod';

/**
 * The transfer log: every batch and every record's request, result, target id
 * and before-image. It is written before and after each batch, so a transfer
 * interrupted at any point continues from it without creating anything twice,
 * and a rollback knows exactly what to delete and what to restore.
 *
 * Rollback deletes records named in a log, so a log read from a file or a
 * sheet is checked against this schema before anything acts on it (fields it does
 * not know are kept, so a newer log passes through unchanged).
 */

const scalar = z.union([z.string(), z.number(), z.null()]);
const imageValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const loggedRecord = z.looseObject({
  sheet: z.string(),
  row: z.number().int(),
  externalId: z.string(),
  /** The request as sent (references resolved to target ids). */
  request: z.record(z.string(), scalar),
  /** The target's record before this transfer touched it; null = did not exist (so the transfer created it). */
  beforeImage: z.record(z.string(), imageValue).nullable(),
  /** True once the before-image was read: it is read once, before the first send, and never re-read. */
  imaged: z.boolean(),
  /**
   * `uncertain`: an earlier attempt got no answer and may have been committed, so `event` speaks
   * for the last attempt only; created, updated or unchanged is decided from the before-image and the request (recordOutcome).
   */
  result: z.looseObject({
    ok: z.boolean(),
    id: z.string().optional(),
    event: z.string().optional(),
    error: z.string().optional(),
    attempts: z.number().int(),
    executionId: z.string().optional(),
    uncertain: z.boolean().optional(),
  }).optional(),
  /**
   * What a rollback did to this record, so the log and the sheet say what is in the target after a
   * partial one: `done` it was deleted, restored, or (sent with no answer) found not to be there;
   * `error` the rollback tried and the target refused (the record stays as the transfer left it).
   */
  rollback: z.looseObject({
    at: z.string(),
    done: z.enum(['deleted', 'restored', 'absent']).optional(),
    error: z.string().optional(),
  }).optional(),
});

const loggedBatch = z.looseObject({
  entity: z.string(),
  object: z.string(),
  index: z.number().int(),
  size: z.number().int(),
  attempts: z.number().int(),
  executionId: z.string().optional(),
  at: z.string(),
  ok: z.number().int(),
  failed: z.number().int(),
});

const loggedEntity = z.looseObject({
  entity: z.string(),
  sheet: z.string(),
  object: z.string(),
  records: z.array(loggedRecord),
  heldBack: z.array(z.looseObject({ sheet: z.string(), row: z.number().int(), reason: z.string() })),
});

const rollbackEntry = z.looseObject({
  at: z.string(),
  by: z.string(),
  dryRun: z.boolean(),
  deleted: z.number().int(),
  restored: z.number().int(),
  failed: z.array(z.looseObject({ object: z.string(), id: z.string(), error: z.string() })),
});

export const transferLogSchema = z.looseObject({
  transferId: z.string().min(1),
  who: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  target: z.string(),
  /** The Vault signed in to when the transfer started (absent in older logs): rollback and resume refuse another. */
  vaultId: z.string().optional(),
  standard: z.looseObject({ id: z.string(), version: z.string() }),
  status: z.enum(['running', 'done', 'failed', 'rolledBack']),
  entities: z.array(loggedEntity),
  // Older logs and hand-trimmed ones may lack these; an empty list means the same.
  batches: z.array(loggedBatch).default([]),
  rollbacks: z.array(rollbackEntry).default([]),
});

export type TargetScalar = z.infer<typeof scalar>;
export type TargetRecordImage = Record<string, TargetScalar | boolean>;
export type LoggedRecord = z.infer<typeof loggedRecord>;
export type RecordRollback = NonNullable<LoggedRecord['rollback']>;
export type LoggedBatch = z.infer<typeof loggedBatch>;
export type LoggedEntity = z.infer<typeof loggedEntity>;
export type RollbackEntry = z.infer<typeof rollbackEntry>;
export type TransferLog = z.infer<typeof transferLogSchema>;

export class TransferLogError extends Error {
  constructor(readonly problems: string[]) {
    super(`not a transfer log: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`);
    this.name = 'TransferLogError';
  }
}

/** The log in `data` (parsed JSON), or a TransferLogError naming each problem with its path. */
export function parseTransferLog(data: unknown): TransferLog {
  const r = transferLogSchema.safeParse(data);
  if (r.success) return r.data;
  throw new TransferLogError(r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'the log'}: ${i.message}`));
}
