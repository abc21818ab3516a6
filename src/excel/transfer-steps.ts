import { columnLetter } from '../core/sheet/address';
import { TEXT_FORMAT } from '../core/template/plan';
import { changeLine, checkpointLine, replayJournal, type LogChange } from '../core/transfer/journal';
import type { TransferLog } from '../core/model/transfer-log';
import { ACTION_COST, Batch, jsonLength } from './budget';
import { withEventsOff, type ExcelHost } from './host';
import { addInternalSheet, usedShape } from './used-shape';

/**
 * The steps of a running transfer, appended to a hidden sheet: the pane saves a
 * transfer's log before and after every batch, and rewriting the whole log each
 * time costs what the log weighs (16 MB at 20,000 records), so the transfer slows
 * as it grows. The log row (src/excel/results.ts) is the checkpoint; each step
 * is a row here holding only what that step changed, so a save costs what the
 * step touched. When the transfer ends (or resumes) the whole log is written
 * once and its steps cleared.
 *
 * Each step row names the checkpoint it follows by a digest of that checkpoint's
 * text: a pane closed between writing a new checkpoint and clearing the old
 * steps leaves steps that no longer apply, and they are ignored rather than
 * replayed twice.
 */

export const STEPS_SHEET = '_ctms_transfer_steps';
const STEPS_HEADER = ['transferId', 'checkpoint', 'step (JSON, split across cells)'];
const STEP_META_COLS = 2;

/**
 * Two FNV-1a hashes of the checkpoint's UTF-16 code units: it only tells one checkpoint
 * of a transfer from the next (not a security digest), and a 16 MB log is hashed without
 * copying it into bytes.
 */
export function checkpointTag(logJson: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ logJson.length;
  for (let i = 0; i < logJson.length; i++) {
    const c = logJson.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

export interface StoredStep { transferId: string; tag: string; text: string }

const stepsShape = (ctx: Excel.RequestContext) => usedShape(ctx, STEPS_SHEET);

/** Append one step of a running transfer, after the checkpoint whose tag is given. */
export async function appendTransferStep(host: ExcelHost, transferId: string, tag: string, change: LogChange, split: (text: string) => string[]): Promise<void> {
  const cells = [transferId, tag, ...split(changeLine(change))];
  await host.run(async (ctx) => {
    let shape = await stepsShape(ctx);
    await withEventsOff(host, ctx, async () => {
      shape ??= await addInternalSheet(ctx, STEPS_SHEET, STEPS_HEADER);
      const row = Math.max(shape.rows, 1) + 1;
      const range = shape.ws.getRange(`A${row}:${columnLetter(cells.length - 1)}${row}`);
      // Text, so a part that begins with "=" or "-" is never taken for a formula or a number.
      range.numberFormat = [cells.map(() => TEXT_FORMAT)];
      range.values = [cells];
      const batch = new Batch(ctx);
      await batch.reserve(ACTION_COST * 2 + jsonLength(cells) + cells.length * 6);
      await batch.flush();
    });
  });
}

/** Every stored step, in the order written. */
export async function loadTransferSteps(ctx: Excel.RequestContext): Promise<StoredStep[]> {
  const shape = await stepsShape(ctx);
  if (!shape || shape.rows < 2) return [];
  const range = shape.ws.getRange(`A2:${columnLetter(Math.max(shape.cols, STEP_META_COLS + 1) - 1)}${shape.rows}`).load('values');
  await ctx.sync();
  return range.values
    .map((r) => ({ transferId: String(r[0] ?? ''), tag: String(r[1] ?? ''), text: r.slice(STEP_META_COLS).map((v) => (v === null || v === undefined ? '' : String(v))).join('') }))
    .filter((s) => s.transferId !== '' && s.text !== '');
}

/** Clear the steps of one transfer (its new checkpoint holds them). */
export async function clearTransferSteps(host: ExcelHost, transferId: string): Promise<void> {
  await host.run(async (ctx) => {
    const shape = await stepsShape(ctx);
    if (!shape || shape.rows < 2) return;
    const ids = shape.ws.getRange(`A2:A${shape.rows}`).load('values');
    await ctx.sync();
    const mine = ids.values.map((v, i) => (String(v[0] ?? '') === transferId ? i + 2 : 0)).filter((r) => r > 0);
    if (!mine.length) return;
    await withEventsOff(host, ctx, async () => {
      const lastCol = columnLetter(Math.max(shape.cols, STEP_META_COLS + 1) - 1);
      if (mine.length === shape.rows - 1) {
        // Only this transfer's steps: clear them all in one action, and the sheet stays short.
        shape.ws.getRange(`A2:${lastCol}${shape.rows}`).clear('Contents');
      } else {
        for (const r of mine) shape.ws.getRange(`A${r}:${lastCol}${r}`).clear('Contents');
      }
      await ctx.sync();
    });
  });
}

/** A running log with the steps written after its checkpoint applied; other steps are ignored. */
export function withSteps(log: TransferLog, logJson: string, steps: StoredStep[]): TransferLog {
  const tag = checkpointTag(logJson);
  const mine = steps.filter((s) => s.transferId === log.transferId && s.tag === tag);
  if (!mine.length) return log;
  return replayJournal(checkpointLine(log) + mine.map((s) => s.text).join(''));
}
