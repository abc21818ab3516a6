import { useSyncExternalStore } from 'react';
import { usePane } from '../context';
import { useSubmitEnv } from './env';
import { submitStoreFor } from './store';

/** The Submit store of this pane's workbook, and its state. */
export function useSubmit() {
  const { port, audit, identity, mapping } = usePane();
  const env = useSubmitEnv();
  const store = submitStoreFor(port, env, audit, () => identity.ensure(), mapping);
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return { ...state, store };
}
