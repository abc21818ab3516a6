import { Caption1, Card, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { DashboardTile } from '../../core/kpi/dashboard';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', gap: tokens.spacingHorizontalS, margin: 0, padding: 0, listStyleType: 'none' },
  card: { padding: tokens.spacingHorizontalM, gap: tokens.spacingVerticalXXS, height: '100%', boxSizing: 'border-box' },
  value: { fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700, fontWeight: tokens.fontWeightSemibold },
  met: { borderLeft: `4px solid ${tokens.colorPaletteGreenBorderActive}` },
  missed: { borderLeft: `4px solid ${tokens.colorPaletteRedBorderActive}` },
  info: { borderLeft: `4px solid ${tokens.colorNeutralStroke1}` },
  goal: { color: tokens.colorNeutralForeground2 },
});

const STATUS_TEXT: Record<DashboardTile['status'], string> = { met: 'goal met', missed: 'goal missed', info: '' };

/** Headline figures; met / missed is said in words as well as by colour. */
export function Tiles({ tiles }: { tiles: DashboardTile[] }) {
  const styles = useStyles();
  return (
    <ul className={styles.grid} aria-label="Headline figures">
      {tiles.map((t) => (
        <li key={t.id} data-testid={`tile-${t.id}`}>
          <Card className={mergeClasses(styles.card, styles[t.status])} appearance="filled-alternative">
            <Caption1>{t.label}</Caption1>
            <Text className={styles.value} data-testid="tile-value">{t.value}</Text>
            {t.goal ? <Caption1 className={styles.goal}>Goal {t.goal}{STATUS_TEXT[t.status] ? ` · ${STATUS_TEXT[t.status]}` : ''}</Caption1> : null}
          </Card>
        </li>
      ))}
    </ul>
  );
}
