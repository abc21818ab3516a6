import { Suspense, useState } from 'react';
import { Body1, Caption1, Spinner, Title3, makeStyles, tokens } from '@fluentui/react-components';
import type { HostInfo } from './hostless';
import { PANELS, type PanelEntry } from './panels';
import { usePane, useSettings } from './context';
import { NameDialog } from './NameDialog';
import { StatusLine } from './StatusLine';
import { PanelTabs } from './nav/PanelTabs';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', minHeight: '100%', boxSizing: 'border-box', minWidth: 0, overflowWrap: 'anywhere' },
  header: { padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL} 0`, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  sub: { color: tokens.colorNeutralForeground2 },
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
  const { identity, validation } = usePane();
  const select = (id: string) => {
    if (id !== current) validation.clearNotice();
    setCurrent(id);
  };
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
      <PanelTabs panels={panels} selected={entry?.id} onSelect={select} />
      <StatusLine panel={entry?.id} />
      {entry && Panel ? (
        <section className={styles.panel} role="tabpanel" id={`panel-${entry.id}`} aria-labelledby={`tab-${entry.id}`}>
          <Caption1 as="p" style={{ margin: 0 }}>{entry.description}</Caption1>
          <Suspense fallback={<Spinner size="small" label={`Loading ${entry.label}…`} />}>
            <Panel />
          </Suspense>
        </section>
      ) : null}
      <NameDialog identity={identity} />
    </main>
  );
}

export default App;
