import { useState } from 'react';
import {
  Body1, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Textarea,
} from '@fluentui/react-components';
import type { Standard } from '../../core/standard/schema';
import type { Issue } from '../../core/model/issue';
import { viewIssue } from './model';

export interface OverrideDialogProps {
  std: Standard;
  /** The issue to override; null = closed. */
  issue: Issue | null;
  busy: boolean;
  onConfirm: (issue: Issue, reason: string) => void;
  onCancel: () => void;
}

/** Asks why: an override without a reason could not be reviewed later, so Override stays disabled until one is given. */
export function OverrideDialog({ std, issue, busy, onConfirm, onCancel }: OverrideDialogProps) {
  const [reason, setReason] = useState('');
  const view = issue ? viewIssue(std, issue, 0) : null;
  const close = () => { setReason(''); onCancel(); };
  const confirm = () => {
    if (!issue || !reason.trim()) return;
    onConfirm(issue, reason.trim());
    setReason('');
  };
  return (
    <Dialog open={!!issue} onOpenChange={(_, d) => { if (!d.open) close(); }}>
      <DialogSurface aria-describedby="override-flag">
        <form onSubmit={(e) => { e.preventDefault(); confirm(); }}>
          <DialogBody>
            <DialogTitle>Override this {issue?.severity ?? 'flag'}?</DialogTitle>
            <DialogContent>
              <Body1 as="p" id="override-flag" data-testid="override-flag">
                {view ? `${view.issue.sheet}!${view.cell}: ${view.message}` : null}
              </Body1>
              <Field
                label="Reason"
                required
                hint="Why the value is right as it is. Recorded with your name and the time in the audit trail; the override can be withdrawn."
              >
                <Textarea value={reason} onChange={(_, d) => setReason(d.value)} resize="vertical" data-testid="override-reason" />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={busy || !reason.trim()} data-testid="confirm-override">Override</Button>
              <Button onClick={close}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
