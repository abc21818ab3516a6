import { useState } from 'react';
import { Body1, Button, Caption1, MessageBar, MessageBarBody, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useSettings, useValidation } from '../context';
import { IssueList } from '../validate/IssueList';
import { ProposalList } from '../validate/ProposalList';
import { Summary } from '../validate/Summary';
import { OverrideDialog } from '../validate/OverrideDialog';
import { OverriddenList } from '../validate/OverriddenList';
import { TranslationsSection } from '../validate/TranslationsSection';
import type { Issue } from '../../core/model/issue';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

export default function ValidatePanel() {
  const styles = useStyles();
  const { phase, result, resultOf, selected, undo, undoStack, overridden, staleOverrides, store } = useValidation();
  const [overriding, setOverriding] = useState<Issue | null>(null);
  const { choice, settings } = useSettings();
  const busy = phase !== 'idle';
  // Results are read with the standard they were made with, even after the user picks another.
  const std = resultOf?.shownAs ?? resultOf?.standard ?? choice.standard;
  const stale = !!resultOf && (resultOf.standard !== choice.standard || resultOf.dateOrder !== settings.dateOrder);

  return (
    <div className={styles.root}>
      <div className={styles.actions}>
        <Button appearance="primary" disabled={busy} onClick={() => void store.validate()} data-testid="validate">
          {result ? 'Validate again' : 'Validate workbook'}
        </Button>
        <Button disabled={busy} onClick={() => void store.clearHighlights()}>Clear highlights</Button>
        {undo ? (
          <Button disabled={busy} onClick={() => void store.undoLast()} data-testid="undo">
            Undo: {undo.label}
          </Button>
        ) : null}
      </div>
      {undoStack && undoStack.length > 1 ? (
        <Caption1 data-testid="undo-depth">
          Undo goes back one accept at a time; {undoStack.length - 1} earlier {undoStack.length === 2 ? 'accept' : 'accepts'} can be undone after this one.
        </Caption1>
      ) : null}
      {stale ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>Settings changed since this result was made. Validate again to apply them.</MessageBarBody>
        </MessageBar>
      ) : null}
      {!result ? (
        <Body1>Reads every sheet of the standard, marks each problem in its cell (with a note saying why) and lists it here.</Body1>
      ) : (
        <>
          <section className={styles.section} aria-labelledby="validate-summary">
            <Subtitle2 as="h2" id="validate-summary">Summary</Subtitle2>
            <Summary result={result} />
          </section>
          {result.proposals.length ? (
            <section className={styles.section} aria-labelledby="validate-proposals">
              <Subtitle2 as="h2" id="validate-proposals">Proposed changes</Subtitle2>
              <ProposalList
                std={std}
                proposals={result.proposals}
                busy={busy}
                onAccept={(ps) => void store.accept(ps)}
                onSelect={(p, cell) => void store.select({ sheet: p.sheet, cell })}
              />
            </section>
          ) : null}
          <TranslationsSection std={std} result={result} busy={busy} />
          <section className={styles.section} aria-labelledby="validate-issues">
            <Subtitle2 as="h2" id="validate-issues">Issues</Subtitle2>
            {result.issues.length ? (
              <IssueList std={std} issues={result.issues} selected={selected} onSelect={(i) => void store.select(i)} onOverride={setOverriding} />
            ) : (
              <Body1 data-testid="no-issues">No issues: every sheet meets the standard.</Body1>
            )}
            <OverriddenList std={std} overridden={overridden ?? []} stale={staleOverrides ?? []} busy={busy} onUndo={(i) => void store.undoOverride(i)} />
          </section>
          <OverrideDialog
            std={std}
            issue={overriding}
            busy={busy}
            onCancel={() => setOverriding(null)}
            onConfirm={(i, reason) => { setOverriding(null); void store.override(i, reason); }}
          />
        </>
      )}
    </div>
  );
}
