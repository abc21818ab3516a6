import { Button, Caption1, Dropdown, Option, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { Entity } from '../../core/standard/schema';
import type { ColumnView } from './model';
import { confidenceWords, howWords } from './words';

const NOT_IMPORTED = '';

const useStyles = makeStyles({
  card: {
    display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, padding: tokens.spacingVerticalS,
    border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, minWidth: 0, overflowWrap: 'anywhere',
  },
  unsure: { borderLeft: `4px solid ${tokens.colorPaletteMarigoldBorderActive}` },
  dropdown: { minWidth: 0, width: '100%' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
});

export interface ColumnCardProps {
  view: ColumnView;
  entity: Entity;
  chosen: boolean;
  /** The mapping in use is this session's own (not a saved one). */
  session?: boolean;
  onChoose: (field: string | null) => void;
}

/** One partner column: its header, what it maps to and how sure that is, three sample values, and the choice. */
export function ColumnCard({ view, entity, chosen, session = false, onChoose }: ColumnCardProps) {
  const styles = useStyles();
  const field = view.field ? entity.fields.find((f) => f.key === view.field) : undefined;
  const suggested = view.suggested ? entity.fields.find((f) => f.key === view.suggested) : undefined;
  const waiting = !field && !!suggested;
  const label = `Field for column ${view.letter}, “${view.header}”`;
  let status: string;
  if (field) status = `${confidenceWords(view.confidence, view.how ?? 'name', chosen)}: ${session && view.how === 'profile' && !chosen ? 'as you left it' : howWords(view.how ?? 'name', field, chosen)}`;
  else if (suggested) status = `unsure — please confirm: may be ${suggested.header} (${howWords(view.how ?? 'name', suggested, false)})`;
  else status = chosen ? 'not imported: you chose it' : 'not imported: no field of this sheet matches';
  return (
    <div className={waiting ? `${styles.card} ${styles.unsure}` : styles.card} role="group" aria-label={`Column ${view.letter}, ${view.header}`} data-testid="map-column">
      <Text weight="semibold">{view.header} <Caption1>(column {view.letter})</Caption1></Text>
      <Caption1 data-testid="map-status">{status}</Caption1>
      <Caption1>{view.sample.length ? `Sample: ${view.sample.join(' · ')}` : 'Sample: no values'}</Caption1>
      <Dropdown
        className={styles.dropdown}
        aria-label={label}
        value={field ? field.header : waiting ? '' : 'Not imported'}
        placeholder={waiting ? 'Waiting for your choice' : undefined}
        selectedOptions={[field?.key ?? NOT_IMPORTED]}
        onOptionSelect={(_, d) => onChoose(d.optionValue ? d.optionValue : null)}
        data-testid="map-field"
      >
        <Option value={NOT_IMPORTED}>Not imported</Option>
        {entity.fields.map((f) => <Option key={f.key} value={f.key}>{f.header}</Option>)}
      </Dropdown>
      {waiting ? (
        <div className={styles.row}>
          <Button size="small" appearance="primary" onClick={() => onChoose(suggested.key)} data-testid="map-confirm">
            Use {suggested.header}
          </Button>
          <Button size="small" onClick={() => onChoose(null)}>Not imported</Button>
        </div>
      ) : null}
    </div>
  );
}
