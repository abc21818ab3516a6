import { createRoot } from 'react-dom/client';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { App } from './App';
import { HostlessNotice, detectHost, type HostState } from './hostless';

/** Task-pane entry: waits for Office, then renders the app or explains how to open it. */
export function Root({ state }: { state: HostState }) {
  return (
    <FluentProvider theme={webLightTheme} style={{ minHeight: '100%' }}>
      {state.kind === 'excel' ? <App host={state.info} /> : <HostlessNotice state={state} />}
    </FluentProvider>
  );
}

const container = document.getElementById('root');
if (container) {
  void detectHost().then((state) => createRoot(container).render(<Root state={state} />));
}
