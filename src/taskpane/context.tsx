import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { createExcelPort, type ExcelHost } from '../excel';
import type { WorkbookPort } from '../app/workbook-port';
import type { SettingsStorage } from './settings';
import { ValidationStore } from './store';
import { SettingsStore } from './settings-store';
import type { AuditInput } from '../core/audit/trail';
import { Auditor } from './audit';
import { Identity } from './identity';
import { MappingStore } from './mapping/store';
import { storageLibrary, type ProfileLibrary } from './mapping/library';

/**
 * The host reaches the panels through context, so the same App runs on the
 * real officeHost() in Excel, on the fake workbook in the harness, and on a
 * stub in component tests.
 */
export interface PaneServices {
  /** Adapter calls bound to the host (see port.ts). */
  port: WorkbookPort;
  settings: SettingsStore;
  validation: ValidationStore;
  /**
   * Record in the workbook's audit trail (who = the name entered once; when = now, UTC).
   * e.g. `await audit([decisionEntry(d)])`, `await audit(transferEntries(log))`. Rejects when the workbook refused.
   */
  audit: (entries: AuditInput[]) => Promise<void>;
  auditor: Auditor;
  /** Who the trail names; asked once, before the first recorded action (NameDialog). */
  identity: Identity;
  /** The Map step: a partner's own layout mapped to the standard (Validate reads through it). */
  mapping: MappingStore;
}

const PaneContext = createContext<PaneServices | null>(null);

export function createPaneServices(port: WorkbookPort, storage: SettingsStorage, library: ProfileLibrary = storageLibrary()): PaneServices {
  const settings = new SettingsStore(storage);
  const identity = new Identity();
  const auditor = new Auditor(port, () => identity.current());
  const mapping = new MappingStore(port, settings, library);
  const validation = new ValidationStore(port, settings, auditor.audit, () => identity.ensure(), mapping);
  return { port, settings, validation, audit: auditor.audit, auditor, identity, mapping };
}

export interface PaneProviderProps {
  /** officeHost() in Excel, the fake workbook's host in the harness. */
  host: ExcelHost;
  storage: SettingsStorage;
  /** Replaces the adapter (component tests). */
  port?: WorkbookPort;
  /** Saved mappings (defaults to this browser's localStorage; tests give their own). */
  library?: ProfileLibrary;
  children: ReactNode;
}

export function PaneProvider({ host, storage, port, library, children }: PaneProviderProps) {
  const services = useMemo(() => createPaneServices(port ?? createExcelPort(host), storage, library), [host, port, storage, library]);
  return <PaneContext.Provider value={services}>{children}</PaneContext.Provider>;
}

export function usePane(): PaneServices {
  const s = useContext(PaneContext);
  if (!s) throw new Error('usePane must be used inside <PaneProvider>');
  return s;
}

/** Validation state plus its actions (validate, accept, select...). */
export function useValidation() {
  const { validation } = usePane();
  const state = useSyncExternalStore(validation.subscribe, validation.getSnapshot);
  return { ...state, store: validation };
}

export function useMapping() {
  const { mapping } = usePane();
  const state = useSyncExternalStore(mapping.subscribe, mapping.getSnapshot);
  return { ...state, store: mapping };
}

export function useSettings() {
  const { settings } = usePane();
  const state = useSyncExternalStore(settings.subscribe, settings.getSnapshot);
  return { ...state, store: settings };
}
