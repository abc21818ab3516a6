import {
  Accordion, AccordionHeader, AccordionItem, AccordionPanel, Badge, Button, Caption1, makeStyles, tokens,
} from '@fluentui/react-components';
import type { Standard } from '../../core/standard/schema';
import type { OverriddenIssue, StaleOverride } from '../../core/verify/overrides';
import { plural } from '../store';
import { viewIssue } from './model';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS },
  text: { display: 'flex', flexDirection: 'column', flexGrow: 1 },
  cell: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
});

export interface OverriddenListProps {
  std: Standard;
  overridden: OverriddenIssue[];
  stale: StaleOverride[];
  busy: boolean;
  onUndo: (issue: OverriddenIssue) => void;
}

/** Collapsed by default: overridden flags are settled, but stay one click away for review or withdrawal. */
export function OverriddenList({ std, overridden, stale, busy, onUndo }: OverriddenListProps) {
  const styles = useStyles();
  if (!overridden.length && !stale.length) return null;
  return (
    <>
      {overridden.length ? (
        <Accordion collapsible aria-label="Overridden flags">
          <AccordionItem value="overridden">
            <AccordionHeader as="h3" data-testid="overridden-header">
              Overridden&nbsp;<Badge appearance="tint" color="informative">{overridden.length}</Badge>
            </AccordionHeader>
            <AccordionPanel>
              <ul className={styles.list}>
                {overridden.map((i, n) => {
                  const v = viewIssue(std, i, n);
                  return (
                    <li key={`${i.override.key}#${i.row}#${i.override.at}`} className={styles.item} data-testid="overridden" data-cell={`${i.sheet}!${v.cell}`} data-rule={i.ruleId}>
                      <span className={styles.text}>
                        <span><span className={styles.cell}>{i.sheet}!{v.cell}</span> {v.message}</span>
                        <Caption1>Overridden by {i.override.by}, {i.override.at.slice(0, 16).replace('T', ' ')} UTC: {i.override.reason}</Caption1>
                      </span>
                      <Button size="small" disabled={busy} aria-label={`Undo override of ${i.sheet}!${v.cell}`} data-testid="undo-override" onClick={() => onUndo(i)}>
                        Undo
                      </Button>
                    </li>
                  );
                })}
              </ul>
            </AccordionPanel>
          </AccordionItem>
        </Accordion>
      ) : null}
      {stale.length ? (
        <Caption1 data-testid="stale-overrides">
          {plural(stale.length, 'earlier override')} no longer match{stale.length === 1 ? 'es' : ''} a flag (fixed, or the value changed) and cover{stale.length === 1 ? 's' : ''} nothing.
        </Caption1>
      ) : null}
    </>
  );
}
