import { Body1, Button, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import type { DuplicateDecision, LocatedDecision } from '../../core/master/decisions';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: {
    display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', justifyContent: 'space-between',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, paddingBottom: tokens.spacingVerticalXS,
  },
  text: { display: 'flex', flexDirection: 'column' },
  muted: { color: tokens.colorNeutralForeground3 },
});

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Where the decided rows are now, when the last search found them elsewhere (rows inserted or deleted since). */
function whereNow(l: LocatedDecision | undefined): string | null {
  if (!l) return null;
  if (l.rows.every((r) => r === null)) return 'These records are no longer in the sheet.';
  if (l.decision.verdict === 'merge' && l.keep === null) return 'The kept record is no longer in the sheet: this merge is not applied.';
  const now = l.rows.map((r) => r ?? '—');
  return now.some((r, i) => r !== l.decision.rows[i]) ? `Now rows ${now.join(', ')}.` : null;
}

export interface DecidedListProps {
  decided: DuplicateDecision[];
  located: LocatedDecision[];
  busy: boolean;
  onUndo: (d: DuplicateDecision) => void;
}

export function DecidedList({ decided, located, busy, onUndo }: DecidedListProps) {
  const styles = useStyles();
  if (!decided.length) return <Body1>No decisions yet.</Body1>;
  const byKey = new Map(located.map((l) => [l.decision.clusterKey, l]));
  return (
    <ul className={styles.list} aria-label="Decided duplicates">
      {[...decided].reverse().map((d) => {
        const what = `${d.sheet} rows ${d.rows.join(', ')}`;
        const moved = whereNow(byKey.get(d.clusterKey));
        return (
          <li key={d.clusterKey} className={styles.item} data-testid="decided" data-verdict={d.verdict}>
            <span className={styles.text}>
              <Body1>{what}: {d.verdict === 'merge' ? `merged into row ${d.keep}` : 'not duplicates'}</Body1>
              <Caption1 className={styles.muted}>by {d.by}, {when(d.at)}{moved ? ` · ${moved}` : ''}</Caption1>
            </span>
            <Button size="small" disabled={busy} aria-label={`Undo the decision on ${what}`} onClick={() => onUndo(d)} data-testid="undo-decision">
              Undo
            </Button>
          </li>
        );
      })}
    </ul>
  );
}
