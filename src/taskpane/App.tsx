import { Suspense, useState } from 'react';
import { Body1, Caption1, Spinner, Tab, TabList, Title3, makeStyles, tokens } from '@fluentui/react-components';
import type { HostInfo } from './hostless';
import { PANELS, type PanelEntry } from './panels';
import { useSettings } from './context';
import { StatusLine } from './StatusLine';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', minHeight: '100%', boxSizing: 'border-box' },
  header: { padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL} 0`, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  sub: { color: tokens.colorNeutralForeground2 },
  tabs: { padding: `0 ${tokens.spacingHorizontalS}`, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  panel: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

export interface AppProps {
  host?: HostInfo;
  /** Panels to offer (defaults to PANELS); tests and the harness may narrow them. */
  panels?: PanelEntry[];
  initialPanel?: string;
}

export function App({ host, panels = PANELS, initialPanel }: AppProps) {
  const styles = useStyles();
  const [current, setCurrent] = useState(initialPanel ?? panels[0]?.id ?? '');
  const { choice } = useSettings();
  const entry = panels.find((p) => p.id === current) ?? panels[0];
  const Panel = entry?.component;
  return (
    <main className={styles.root}>
      <header className={styles.header}>
        <Title3 as="h1" style={{ margin: 0 }}>CTMS Collect</Title3>
        <Body1 className={styles.sub}>
          {choice.standard.name} {choice.standard.version}
          {choice.customFile ? ` (from ${choice.customFile})` : ''}
          {host?.platform ? ` · Excel ${host.platform}` : ''}
        </Body1>
      </header>
      <TabList
        className={styles.tabs}
        selectedValue={entry?.id}
        onTabSelect={(_, d) => setCurrent(String(d.value))}
        aria-label="CTMS Collect panels"
      >
        {panels.map((p) => (
          <Tab key={p.id} value={p.id} id={`tab-${p.id}`} aria-controls={`panel-${p.id}`}>
            {p.label}
          </Tab>
        ))}
      </TabList>
      <StatusLine />
      {entry && Panel ? (
        <section className={styles.panel} role="tabpanel" id={`panel-${entry.id}`} aria-labelledby={`tab-${entry.id}`}>
          <Caption1 as="p" style={{ margin: 0 }}>{entry.description}</Caption1>
          <Suspense fallback={<Spinner size="small" label={`Loading ${entry.label}…`} />}>
            <Panel />
          </Suspense>
        </section>
      ) : null}
    </main>
  );
}

export default App;
