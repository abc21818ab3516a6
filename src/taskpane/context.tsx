import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { createExcelPort, type ExcelHost } from '../excel';
import type { WorkbookPort } from '../app/workbook-port';
import type { SettingsStorage } from './settings';
import { ValidationStore } from './store';
import { SettingsStore } from './settings-store';
import type { AuditInput } from '../core/audit/trail';
import { Auditor } from './audit';
import { Identity } from './identity';

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
}

const PaneContext = createContext<PaneServices | null>(null);

export function createPaneServices(port: WorkbookPort, storage: SettingsStorage): PaneServices {
  const settings = new SettingsStore(storage);
  const identity = new Identity();
  const auditor = new Auditor(port, () => identity.current());
  return { port, settings, validation: new ValidationStore(port, settings, auditor.audit, () => identity.ensure()), audit: auditor.audit, auditor, identity };
}

export interface PaneProviderProps {
  /** officeHost() in Excel, the fake workbook's host in the harness. */
  host: ExcelHost;
  storage: SettingsStorage;
  /** Replaces the adapter (component tests). */
  port?: WorkbookPort;
  children: ReactNode;
}

export function PaneProvider({ host, storage, port, children }: PaneProviderProps) {
  const services = useMemo(() => createPaneServices(port ?? createExcelPort(host), storage), [host, port, storage]);
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

export function useSettings() {
  const { settings } = usePane();
  const state = useSyncExternalStore(settings.subscribe, settings.getSnapshot);
  return { ...state, store: settings };
}
