import type { TransferLog } from '../core/transfer/log';

/**
 * The hidden sheet in which a submitted copy carries its own history: one row
 * per transfer written back (see xlsx-patch/results.ts for the status columns).
 */
export const LOG_SHEET = '_ctms_transfers';
const CELL_LIMIT = 32000;

/** The log sheet's header and the row for one transfer (the JSON split to fit Excel's cell limit). */
export function logRows(log: TransferLog): { header: string[]; row: string[] } {
  const json = JSON.stringify(log);
  const parts: string[] = [];
  for (let i = 0; i < json.length; i += CELL_LIMIT) parts.push(json.slice(i, i + CELL_LIMIT));
  return { header: ['transferId', 'status', 'startedAt', 'log (JSON, split across cells)'], row: [log.transferId, log.status, log.startedAt, ...parts] };
}
