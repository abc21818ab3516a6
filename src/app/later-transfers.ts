import type { LaterOverlap, TransferLog } from '../core/transfer';
import { UseCaseError } from './errors';

/** When a transfer started, as people read it (minutes, UTC). */
export function startedText(log: TransferLog): string {
  return `${log.startedAt.slice(0, 16).replace('T', ' ')} UTC`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * A rollback refused because later transfers sent some of its records again. `inOrder` says how
 * this caller asks for the rollback of them all (a flag on the command line); without it the message
 * names only the later transfers to roll back first.
 */
export class LaterTransfersError extends UseCaseError {
  constructor(readonly overlaps: LaterOverlap[], readonly chain: TransferLog[], inOrder?: string) {
    const [first, ...rest] = overlaps;
    const what = [first!, ...rest].map((o, i) => `${i === 0 ? plural(o.records, 'record', 'records') : o.records} ${i === 0 ? (o.records === 1 ? 'of this transfer was' : 'of this transfer were') : ''} reused or updated by the later transfer ${o.log.transferId} of ${startedText(o.log)}`.replace(/ {2}/g, ' '));
    const head = what.length > 1 ? `${what.slice(0, -1).join(', ')} and ${what[what.length - 1]}` : what[0]!;
    const those = overlaps.length === 1 ? 'roll that one back first' : 'roll those back first';
    const all = chain.length === 2 ? 'both' : `all ${chain.length}`;
    super(`${head}; ${those}${inOrder ? `, or ${inOrder} to roll back ${all}, newest first` : ''}`);
    this.name = 'LaterTransfersError';
  }
}
