import { useEffect, useState, useSyncExternalStore } from 'react';
import {
  Body1, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input,
} from '@fluentui/react-components';
import type { Identity } from './identity';

/**
 * Asks for the user's name before the first recorded action (see identity.ts).
 * A modal Fluent dialog: focus moves into it, Escape cancels, Enter saves.
 */
export function NameDialog({ identity }: { identity: Identity }) {
  const { asking } = useSyncExternalStore(identity.subscribe, identity.getSnapshot);
  const [draft, setDraft] = useState('');
  useEffect(() => identity.attach(), [identity]);
  const cancel = () => { setDraft(''); identity.answer(null); };
  return (
    <Dialog open={asking} modalType="modal" onOpenChange={(_, d) => { if (!d.open) cancel(); }}>
      <DialogSurface aria-describedby="name-why">
        <form onSubmit={(e) => { e.preventDefault(); if (draft.trim()) { identity.answer(draft); setDraft(''); } }}>
          <DialogBody>
            <DialogTitle>Your name</DialogTitle>
            <DialogContent>
              <Body1 as="p" id="name-why">
                Every change you make is recorded in the workbook&apos;s audit trail with your name and the time.
                Excel does not tell add-ins who you are, so it is asked once on this computer.
              </Body1>
              <Field label="Your name" required>
                <Input value={draft} onChange={(_, d) => setDraft(d.value)} autoComplete="name" data-testid="name-dialog-input" />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={!draft.trim()} data-testid="name-dialog-save">Save and continue</Button>
              <Button onClick={cancel}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
