import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Caption1, Field, ProgressBar, makeStyles, tokens } from '@fluentui/react-components';
import type { ProgressNode } from '../../core/kpi/compute';

const useStyles = makeStyles({
  sites: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingLeft: tokens.spacingHorizontalM },
  counts: { color: tokens.colorNeutralForeground2 },
  header: { display: 'flex', flexDirection: 'column', width: '100%', gap: tokens.spacingVerticalXXS },
});

const share = (n: ProgressNode) => (n.collected ? n.validatedClean / n.collected : 0);
/** "0 reconciled" would say the check failed; before any reconciliation in this session it says none was run. */
const countsOf = (n: ProgressNode, reconciliationRun: boolean) =>
  `${n.validatedClean} of ${n.collected} records clean · ${n.transferred} transferred · ${reconciliationRun ? `${n.reconciled} reconciled` : 'not reconciled yet'}`;

function Bar({ node, label, reconciliationRun }: { node: ProgressNode; label: string; reconciliationRun: boolean }) {
  const styles = useStyles();
  return (
    <Field label={label} hint={<Caption1 className={styles.counts}>{countsOf(node, reconciliationRun)}</Caption1>} validationState="none">
      <ProgressBar value={share(node)} max={1} thickness="large" color={share(node) >= 0.98 ? 'success' : 'brand'} aria-label={`${label}: ${countsOf(node, reconciliationRun)}`} />
    </Field>
  );
}

/** One bar per study (share of its records validated clean); open a study to see its sites. */
export function Progress({ root, reconciliationRun = false }: { root: ProgressNode; reconciliationRun?: boolean }) {
  const styles = useStyles();
  if (!root.children.length) return <Caption1>No studies in the data yet.</Caption1>;
  return (
    <Accordion multiple collapsible data-testid="progress">
      {root.children.map((study) => (
        <AccordionItem key={study.id} value={study.id} data-testid={`study-${study.id}`}>
          <AccordionHeader>
            <span className={styles.header}>
              <span>Study {study.label}{study.present ? '' : ' (no Studies row)'}</span>
              <ProgressBar value={share(study)} max={1} thickness="large" color={share(study) >= 0.98 ? 'success' : 'brand'} aria-hidden />
              <Caption1 className={styles.counts}>{countsOf(study, reconciliationRun)}</Caption1>
            </span>
          </AccordionHeader>
          <AccordionPanel>
            <div className={styles.sites}>
              {study.children.length
                ? study.children.map((site) => <Bar key={site.id} node={site} reconciliationRun={reconciliationRun} label={`Site ${site.label}${site.present ? '' : ' (no Sites row)'}`} />)
                : <Caption1>No sites for this study.</Caption1>}
            </div>
          </AccordionPanel>
        </AccordionItem>
      ))}
    </Accordion>
  );
}
