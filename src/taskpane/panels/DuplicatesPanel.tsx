import { useState, type ReactNode } from 'react';
import {
  Accordion, AccordionHeader, AccordionItem, AccordionPanel, Badge, Body1, Button, Field, MessageBar, MessageBarActions, MessageBarBody,
  ProgressBar, Subtitle2, makeStyles, tokens,
} from '@fluentui/react-components';
import { useSettings } from '../context';
import { ClusterCard } from '../duplicates/ClusterCard';
import { DecidedList } from '../duplicates/DecidedList';
import { describeRow, groupBySheet } from '../duplicates/model';
import { useDuplicates, type DuplicatesPhase } from '../duplicates/store';
import { WhoField } from '../duplicates/WhoField';

/** Clusters drawn per sheet before "Show more": a large workbook can have hundreds. */
const PAGE = 20;

const PHASE_LABEL: Record<Exclude<DuplicatesPhase, 'idle'>, string> = {
  loading: 'Reading the stored decisions…',
  reading: 'Reading the workbook…',
  matching: 'Comparing records…',
  saving: 'Saving the decision in the workbook…',
};

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  clusters: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

function SheetClusters({ clusters, children }: { clusters: number; children: (shown: number) => ReactNode }) {
  const [shown, setShown] = useState(PAGE);
  return (
    <>
      {children(shown)}
      {clusters > shown ? (
        <Button size="small" appearance="transparent" onClick={() => setShown((n) => n + PAGE)}>
          Show {Math.min(PAGE, clusters - shown)} more of {clusters - shown}
        </Button>
      ) : null}
    </>
  );
}

export default function DuplicatesPanel() {
  const styles = useStyles();
  const { phase, progress, found, open, decided, located, workbook, standard, userName, error, notice, store } = useDuplicates();
  const { choice } = useSettings();
  const busy = phase !== 'idle';
  const groups = groupBySheet(open);

  return (
    <div className={styles.root}>
      <WhoField name={userName} onChange={(n) => store.setUserName(n)} />
      <div className={styles.actions}>
        <Button appearance="primary" disabled={busy} onClick={() => void store.find(choice.standard)} data-testid="find-duplicates">
          {found ? 'Find duplicates again' : 'Find duplicates'}
        </Button>
      </div>
      {busy && phase !== 'loading' ? (
        <Field validationMessage={PHASE_LABEL[phase]} validationState="none">
          <ProgressBar aria-label={PHASE_LABEL[phase]} value={progress ?? undefined} thickness="large" />
        </Field>
      ) : null}
      {/* Always present, so screen readers announce what a click did. */}
      <div aria-live="polite" role="status">
        {error ? (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>{error}</MessageBarBody>
            <MessageBarActions><Button size="small" onClick={() => store.dismiss()}>Dismiss</Button></MessageBarActions>
          </MessageBar>
        ) : notice && !busy ? (
          <MessageBar intent="success" layout="multiline"><MessageBarBody>{notice}</MessageBarBody></MessageBar>
        ) : null}
      </div>

      <section className={styles.section} aria-labelledby="duplicates-open">
        <Subtitle2 as="h2" id="duplicates-open">To review</Subtitle2>
        {!found ? (
          <Body1>Reads every sheet of the standard and lists records that look like the same person or organization, with why. Nothing is changed in the sheets: decisions decide what is sent.</Body1>
        ) : !open.length ? (
          <Body1 data-testid="no-open-clusters">Nothing left to review.</Body1>
        ) : (
          <Accordion multiple collapsible defaultOpenItems={groups.map((g) => g.sheet)} aria-label="Duplicate clusters by sheet">
            {groups.map((g) => (
              <AccordionItem key={g.sheet} value={g.sheet}>
                <AccordionHeader as="h3" data-testid="cluster-sheet">
                  {g.sheet}&nbsp;<Badge appearance="tint" color="informative">{g.clusters.length}</Badge>
                </AccordionHeader>
                <AccordionPanel>
                  <SheetClusters clusters={g.clusters.length}>
                    {(shown) => (
                      <div className={styles.clusters}>
                        {g.clusters.slice(0, shown).map((c) => (
                          <ClusterCard
                            key={c.clusterKey}
                            cluster={c}
                            describe={(row) => describeRow(standard, workbook, c.sheet, row)}
                            busy={busy}
                            canDecide={!!userName}
                            onSelectRow={(row) => void store.selectRow(c.sheet, row)}
                            onDecide={(verdict, keep) => void store.decide(c, verdict, keep)}
                          />
                        ))}
                      </div>
                    )}
                  </SheetClusters>
                </AccordionPanel>
              </AccordionItem>
            ))}
          </Accordion>
        )}
      </section>

      <section className={styles.section} aria-labelledby="duplicates-decided">
        <Subtitle2 as="h2" id="duplicates-decided">Decided</Subtitle2>
        <DecidedList decided={decided} located={located} busy={busy} onUndo={(d) => void store.undo(d)} />
      </section>
    </div>
  );
}
