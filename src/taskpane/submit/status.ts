import type { TransferLog } from '../../core/transfer/log';

/**
 * The state a transfer is shown in, read from its log: a log still marked
 * "running" while this pane is not sending anything was interrupted (the pane
 * closed, the network dropped) and is shown as stopped, to be resumed.
 */
export function shownStatus(log: Pick<TransferLog, 'status'>, sending: boolean): string {
  return log.status === 'running' && !sending ? 'stopped' : log.status;
}
