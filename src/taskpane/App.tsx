import { Body1, Title3, makeStyles, tokens } from '@fluentui/react-components';
import type { HostInfo } from './hostless';

/**
 * PLACEHOLDER task-pane body: replaced by the real panels (template, verify, transform,
 * duplicates, transfer). index.tsx renders it inside FluentProvider once Office reports an
 * Excel host (or the development harness's fake host).
 */

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, padding: tokens.spacingHorizontalL },
});

export interface AppProps {
  host?: HostInfo;
}

export function App({ host }: AppProps) {
  const styles = useStyles();
  return (
    <main className={styles.root}>
      <Title3 as="h1">CTMS Collect</Title3>
      <Body1>
        Connected to {host?.host ?? 'Excel'}
        {host?.platform ? ` (${host.platform})` : ''}.
      </Body1>
    </main>
  );
}

export default App;
