import { useState } from 'react';
import {
  Body1, Button, Caption1, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, MessageBar, MessageBarActions, MessageBarBody,
  makeStyles, tokens,
} from '@fluentui/react-components';
import type { TransferLog } from '../../core/transfer/log';
import { useRunContext } from './useRunContext';
import { counts } from './store';
import { useSubmit } from './useSubmit';
import { shownStatus } from './status';
import { actionLabel, objectLabel, transferStatusLabel } from '../../core/labels';
import { startedText } from '../../app/later-transfers';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, padding: tokens.spacingVerticalS, border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

const unfinished = (l: TransferLog) => l.status === 'running';

/** An interrupted transfer (the pane closed mid-way) offers to continue where its log stops. */
export function ResumeOffer() {
  const { transfers, user, phase, store } = useSubmit();
  const run = useRunContext();
  const open = transfers.filter(unfinished);
  if (!open.length) return null;
  const log = open[0]!;
  const c = counts(log);
  return (
    <MessageBar intent="warning" layout="multiline" data-testid="resume-offer">
      <MessageBarBody>
        Transfer {log.transferId} to {log.target} did not finish ({c.sent} sent, {c.pending} not yet).
        {user ? '' : ' Sign in to that target to resume it.'}
      </MessageBarBody>
      <MessageBarActions>
        <Button size="small" disabled={!user || phase !== 'idle'} onClick={() => void store.submit(run, log)} data-testid="resume">
          Resume
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

function LogEntry({ log }: { log: TransferLog }) {
  const styles = useStyles();
  return (
    <ul className={styles.list} aria-label={`Log of ${log.transferId}`}>
      <li>Started {log.startedAt} by {log.who}{log.finishedAt ? `, finished ${log.finishedAt}` : ''}; {log.batches.length} batch{log.batches.length === 1 ? '' : 'es'}.</li>
      {log.rollbacks.map((r, i) => (
        <li key={i}>
          {r.dryRun ? 'Rollback dry run' : 'Rollback'} {r.at} by {r.by}: {r.deleted} deleted, {r.restored} restored{r.failed.length ? `, ${r.failed.length} failed` : ''}.
        </li>
      ))}
    </ul>
  );
}

/** The transfers this workbook remembers: show, resume, or roll back (dry run first, then confirm). */
export function Transfers() {
  const styles = useStyles();
  const { transfers, user, phase, rollbackPreview, store } = useSubmit();
  const run = useRunContext();
  const [details, setDetails] = useState<string | null>(null);
  const busy = phase !== 'idle';
  if (!transfers.length) return <Body1>No transfer from this workbook yet.</Body1>;
  const previewed = rollbackPreview ? transfers.find((t) => t.transferId === rollbackPreview.transferId) ?? null : null;
  const del = rollbackPreview ? rollbackPreview.actions.filter((a) => a.kind === 'delete') : [];
  const res = rollbackPreview ? rollbackPreview.actions.filter((a) => a.kind === 'restore') : [];
  const later = rollbackPreview?.later ?? [];

  return (
    <div className={styles.root}>
      {transfers.map((log) => {
        const c = counts(log);
        return (
          <div key={log.transferId} className={styles.item} data-testid="transfer" data-transfer={log.transferId} data-status={shownStatus(log, busy)}>
            <Body1><strong>{log.transferId}</strong> · {transferStatusLabel(shownStatus(log, busy))}</Body1>
            <Caption1>{log.target} · {c.sent} sent, {c.failed} failed, {c.heldBack} held back{c.pending ? `, ${c.pending} not sent yet` : ''}</Caption1>
            <div className={styles.row}>
              <Button size="small" onClick={() => void store.show(log, run)} aria-label={`Show results of ${log.transferId}`}>Show results</Button>
              <Button size="small" onClick={() => setDetails(details === log.transferId ? null : log.transferId)} aria-expanded={details === log.transferId}>
                Log entry
              </Button>
              {log.status === 'failed' ? (
                <Button size="small" disabled={busy || !user} onClick={() => void store.submit(run, log)}>Retry failed</Button>
              ) : null}
              {log.status !== 'rolledBack' && c.sent > 0 ? (
                <Button size="small" disabled={busy || !user} onClick={() => store.previewRollback(log)} data-testid="rollback" aria-label={`Roll back ${log.transferId}`}>
                  Rollback…
                </Button>
              ) : null}
            </div>
            {details === log.transferId ? <LogEntry log={log} /> : null}
          </div>
        );
      })}
      <Dialog open={!!rollbackPreview} onOpenChange={(_, d) => { if (!d.open) store.cancelRollback(); }} modalType="alert">
        <DialogSurface aria-describedby="rollback-summary">
          <DialogBody>
            <DialogTitle>Roll back {rollbackPreview?.transferId}?</DialogTitle>
            <DialogContent>
              <p id="rollback-summary" data-testid="rollback-summary">
                Dry run: would delete {del.length} record{del.length === 1 ? '' : 's'} this transfer created and restore {res.length} it updated
                to what they were before, children first. Nothing has been changed yet.
              </p>
              <ul aria-label="Rollback actions">
                {rollbackPreview?.actions.slice(0, 20).map((a) => (
                  <li key={`${a.object}-${a.id}`}>{actionLabel(a.kind)} {objectLabel(a.object).toLowerCase()} {a.externalId}</li>
                ))}
              </ul>
              {rollbackPreview && rollbackPreview.actions.length > 20 ? <Caption1>and {rollbackPreview.actions.length - 20} more</Caption1> : null}
              {later.length ? (
                <p data-testid="rollback-later">
                  Later transfers sent some of these records again: {later.map((l) => `${l.transferId} (${startedText(l)})`).join(', ')}.
                  They are rolled back first, newest first, then this one.
                </p>
              ) : null}
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" disabled={busy || !previewed} onClick={() => previewed && void store.rollback(previewed, run, later.length > 0)} data-testid="confirm-rollback">
                {later.length ? `Roll back all ${later.length + 1}, newest first` : 'Roll back'}
              </Button>
              <Button onClick={() => store.cancelRollback()}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  );
}
