import { useId, useState } from 'react';
import { Badge, Button, Caption1, Radio, RadioGroup, makeStyles, tokens } from '@fluentui/react-components';
import type { DuplicateVerdict, KeyedCluster } from '../../core/master/decisions';
import { similarityLabel } from '../../core/labels';

const useStyles = makeStyles({
  card: {
    border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: tokens.spacingHorizontalM,
    display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, backgroundColor: tokens.colorNeutralBackground1,
  },
  head: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap', margin: 0, fontSize: tokens.fontSizeBase300 },
  evidence: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  keepRow: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalXS },
  rowButton: { fontFamily: tokens.fontFamilyMonospace, minWidth: 'auto', flexShrink: 0, marginTop: tokens.spacingVerticalXXS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

export interface ClusterCardProps {
  cluster: KeyedCluster;
  describe: (row: number) => string;
  busy: boolean;
  /** False until the user has given a name to record. */
  canDecide: boolean;
  onSelectRow: (row: number) => void;
  onDecide: (verdict: DuplicateVerdict, keep: number) => void;
}

/** One cluster: why the rows look alike, which record to keep, and the two answers. */
export function ClusterCard({ cluster, describe, busy, canDecide, onSelectRow, onDecide }: ClusterCardProps) {
  const styles = useStyles();
  const id = useId();
  const [keep, setKeep] = useState(cluster.keep);
  const rows = cluster.rows.join(', ');
  const what = `${cluster.sheet} rows ${rows}`;
  return (
    <section className={styles.card} aria-labelledby={`${id}-title`} data-testid="cluster" data-sheet={cluster.sheet} data-rows={rows}>
      <h4 className={styles.head} id={`${id}-title`}>
        <span>Rows {rows}</span>
        <Badge appearance="tint" color={cluster.suggestion === 'merge' ? 'brand' : 'warning'}>
          {similarityLabel(cluster.score)}
        </Badge>
        <Caption1>{cluster.suggestion === 'merge' ? 'Suggested: merge' : 'Needs review'}</Caption1>
      </h4>
      <ul className={styles.evidence} aria-label={`Evidence for ${what}`} data-testid="evidence">
        {cluster.evidence.map((e, i) => <li key={i}>{e}</li>)}
      </ul>
      <RadioGroup
        value={String(keep)}
        onChange={(_, d) => setKeep(Number(d.value))}
        aria-label={`Record to keep among ${what}`}
      >
        {cluster.rows.map((r) => (
          <div key={r} className={styles.keepRow}>
            <Button
              appearance="subtle"
              size="small"
              className={styles.rowButton}
              title={`Select row ${r} of ${cluster.sheet} in the workbook`}
              aria-label={`Select row ${r} of ${cluster.sheet} in the workbook`}
              onClick={() => onSelectRow(r)}
              data-testid="cluster-row"
            >
              Row {r}
            </Button>
            <Radio value={String(r)} label={`Keep: ${describe(r)}`} />
          </div>
        ))}
      </RadioGroup>
      <div className={styles.actions}>
        <Button
          appearance="primary"
          disabled={busy || !canDecide}
          // The visible words start the name (WCAG 2.5.3, label in name); the rows say which cluster.
          aria-label={`Merge into row ${keep}: ${what}`}
          onClick={() => onDecide('merge', keep)}
          data-testid="merge"
        >
          Merge into row {keep}
        </Button>
        <Button
          disabled={busy || !canDecide}
          aria-label={`Not a duplicate: ${what}`}
          onClick={() => onDecide('notDuplicate', keep)}
          data-testid="not-duplicate"
        >
          Not a duplicate
        </Button>
      </div>
    </section>
  );
}
