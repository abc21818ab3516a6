import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { officeHost } from '../excel';
import { App } from './App';
import { PaneProvider } from './context';
import { HostlessNotice, detectHost, type HostState } from './hostless';
import { officeSettings } from './settings';

function ExcelPane({ state }: { state: Extract<HostState, { kind: 'excel' }> }) {
  // Created once: a new host or storage would rebuild the stores and drop the pane's state.
  const [host] = useState(officeHost);
  const [storage] = useState(officeSettings);
  return (
    <PaneProvider host={host} storage={storage}>
      <App host={state.info} />
    </PaneProvider>
  );
}

/** Task-pane entry: waits for Office, then renders the app or explains how to open it. */
export function Root({ state }: { state: HostState }) {
  return (
    <FluentProvider theme={webLightTheme} style={{ minHeight: '100%' }}>
      {state.kind === 'excel' ? <ExcelPane state={state} /> : <HostlessNotice state={state} />}
    </FluentProvider>
  );
}

const container = document.getElementById('root');
if (container) {
  void detectHost().then((state) => createRoot(container).render(<Root state={state} />));
}
