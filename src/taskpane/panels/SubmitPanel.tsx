import { useEffect, useState } from 'react';
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, MessageBar, MessageBarActions, MessageBarBody,
  ProgressBar, Subtitle2, makeStyles, tokens,
} from '@fluentui/react-components';
import { useRunContext } from '../submit/useRunContext';
import { DryRun } from '../submit/DryRun';
import { Progress, ReconciliationReport, Results } from '../submit/Results';
import { SignIn } from '../submit/SignIn';
import { ResumeOffer, Transfers } from '../submit/Transfers';
import { useSubmit } from '../submit/useSubmit';
import type { SubmitPhase } from '../submit/store';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

const PHASE_LABEL: Record<Exclude<SubmitPhase, 'idle'>, string> = {
  'signing-in': 'Signing in…',
  loading: 'Reading the transfer logs…',
  planning: 'Reading the workbook and asking the target what exists…',
  submitting: 'Sending records in batches…',
  writing: 'Writing statuses and target ids into the sheets…',
  reconciling: 'Reading the sent records back to compare…',
  'rolling-back': 'Rolling back…',
};

/** Submit: sign in, dry run, submit with progress, results, reconciliation, and the workbook's transfers with rollback. */
export default function SubmitPanel() {
  const styles = useStyles();
  const { phase, error, notice, dryRun, user, lockHeld, store } = useSubmit();
  const run = useRunContext();
  const [confirm, setConfirm] = useState(false);
  const [confirmBreak, setConfirmBreak] = useState(false);
  const sendable = dryRun ? dryRun.entities.reduce((n, e) => n + e.create + e.update + e.unchanged, 0) : 0;

  useEffect(() => {
    // Opening the panel finds a transfer interrupted earlier (pane closed, connection lost) and offers Resume.
    void store.loadTransfers();
  }, [store]);

  return (
    <div className={styles.root}>
      {phase !== 'idle' && phase !== 'submitting' ? (
        <Field validationMessage={PHASE_LABEL[phase]} validationState="none">
          <ProgressBar aria-label={PHASE_LABEL[phase]} thickness="large" />
        </Field>
      ) : null}
      <div aria-live="polite" data-testid="submit-messages">
        {error ? (
          <MessageBar intent="error" layout="multiline">
            {/* pre-line: a preflight report is one problem a line. */}
            <MessageBarBody style={{ whiteSpace: 'pre-line' }}>{error}</MessageBarBody>
            <MessageBarActions>
              {lockHeld ? <Button size="small" data-testid="break-lock" onClick={() => setConfirmBreak(true)}>It was stopped: break its lock</Button> : null}
              <Button size="small" onClick={() => store.dismiss()}>Dismiss</Button>
            </MessageBarActions>
          </MessageBar>
        ) : notice ? (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody data-testid="submit-notice">{notice}</MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
      <ResumeOffer />
      <section className={styles.section} aria-labelledby="submit-target">
        <Subtitle2 as="h2" id="submit-target">Target</Subtitle2>
        <SignIn />
      </section>
      <section className={styles.section} aria-labelledby="submit-plan">
        <Subtitle2 as="h2" id="submit-plan">Dry run</Subtitle2>
        <DryRun onSubmit={() => setConfirm(true)} />
      </section>
      <section className={styles.section} aria-labelledby="submit-results">
        <Subtitle2 as="h2" id="submit-results">Results</Subtitle2>
        <Progress />
        <Results />
        <ReconciliationReport />
      </section>
      <section className={styles.section} aria-labelledby="submit-transfers">
        <Subtitle2 as="h2" id="submit-transfers">Transfers</Subtitle2>
        <Transfers />
      </section>
      <Dialog open={confirm} onOpenChange={(_, d) => setConfirm(d.open)} modalType="alert">
        <DialogSurface aria-describedby="submit-confirm-text">
          <DialogBody>
            <DialogTitle>Submit to {user?.url}?</DialogTitle>
            <DialogContent id="submit-confirm-text">
              Sends {sendable} record{sendable === 1 ? '' : 's'} in logged batches. Held-back rows stay in the workbook. The transfer can
              be rolled back from Transfers.
            </DialogContent>
            <DialogActions>
              <Button
                appearance="primary"
                data-testid="confirm-submit"
                onClick={() => {
                  setConfirm(false);
                  void store.submit(run);
                }}
              >
                Submit
              </Button>
              <Button onClick={() => setConfirm(false)}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
      <Dialog open={confirmBreak} onOpenChange={(_, d) => setConfirmBreak(d.open)} modalType="alert">
        <DialogSurface aria-describedby="break-lock-text">
          <DialogBody>
            <DialogTitle>Break the lock of {lockHeld?.holder}?</DialogTitle>
            <DialogContent id="break-lock-text">
              Only if that transfer was stopped and will not go on: if it is still running, both transfers would send the same
              records, and rolling back one would undo what the other reports as sent. This transfer is then sent.
            </DialogContent>
            <DialogActions>
              <Button
                appearance="primary"
                data-testid="confirm-break-lock"
                onClick={() => {
                  setConfirmBreak(false);
                  void store.submit(run, undefined, { breakLock: true });
                }}
              >
                Break the lock and submit
              </Button>
              <Button onClick={() => setConfirmBreak(false)}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  );
}
