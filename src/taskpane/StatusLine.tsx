import { Button, Field, MessageBar, MessageBarActions, MessageBarBody, ProgressBar, makeStyles, tokens } from '@fluentui/react-components';
import { useValidation } from './context';
import type { Phase } from './store';

const PHASE_LABEL: Record<Exclude<Phase, 'idle'>, string> = {
  reading: 'Reading the workbook…',
  verifying: 'Checking against the standard…',
  highlighting: 'Marking cells in the workbook…',
  applying: 'Applying accepted changes…',
  template: 'Creating the template…',
  saving: 'Saving the override…',
};

const useStyles = makeStyles({
  root: { padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL} 0`, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

/**
 * The tabs that act through the validation store (create the template, validate, "Validate now" on the
 * dashboard): its messages belong there. Other tabs have bars of their own, and a "Validated: …" shown on
 * Settings or stacked above Submit's own message would speak of something else.
 */
export const VALIDATION_TABS: ReadonlySet<string> = new Set(['template', 'validate', 'dashboard']);

/** Progress (on every tab: a run goes on while the user looks elsewhere), and the validation store's messages on its own tabs. */
export function StatusLine({ panel }: { panel?: string }) {
  const styles = useStyles();
  const { phase, progress, error: storeError, notice: storeNotice, store } = useValidation();
  const mine = panel === undefined || VALIDATION_TABS.has(panel);
  const error = mine ? storeError : null;
  const notice = mine ? storeNotice : null;
  // The live region is always present: screen readers announce changes to a region that already exists.
  return (
    <div className={styles.root}>
      {phase !== 'idle' ? (
        <Field validationMessage={PHASE_LABEL[phase]} validationState="none">
          <ProgressBar
            aria-label={PHASE_LABEL[phase]}
            value={progress ?? undefined}
            thickness="large"
          />
        </Field>
      ) : null}
      <div aria-live="polite" role="status">
        {error ? (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>{error}</MessageBarBody>
            <MessageBarActions>
              <Button size="small" onClick={() => store.dismiss()}>Dismiss</Button>
            </MessageBarActions>
          </MessageBar>
        ) : notice && phase === 'idle' ? (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>{notice}</MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
    </div>
  );
}
