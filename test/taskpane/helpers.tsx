import { readdirSync } from 'node:fs';
import path from 'node:path';
import { configure, render, waitFor } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { App } from '../../src/taskpane/App';
import { PaneProvider } from '../../src/taskpane/context';
import type { WorkbookPort } from '../../src/app/workbook-port';
import { memorySettings, type SettingsStorage } from '../../src/taskpane/settings';
import { createFakeExcel, FakeWorkbook, type FakeExcel } from '../../testing/fake-excel';
import { defaultStandard } from '../../src/core/standard/load';
import { AuditTrail } from '../../src/core/audit';
import type { ProfileLibrary } from '../../src/taskpane/mapping/library';

/*
 * The panels (and the Dashboard's chart) are lazy chunks. On a busy machine, loading one inside a
 * findBy can take longer than testing-library's 1 s default, and a test that is right fails. So
 * every panel test loads the chunks first (loadLazyChunks, loadChartChunk in beforeAll), and the async queries wait
 * up to 30 s: a bound on a hang, not a timing the tests rely on (they pass as soon as the text is there, so a
 * generous bound costs a passing test nothing, and a CI machine shared with other jobs gets room).
 */
configure({ asyncUtilTimeout: 30_000 });

const PANEL_DIR = path.join(__dirname, '..', '..', 'src', 'taskpane', 'panels');

/** Import every panel module, so React's lazy() finds them already loaded. */
export async function loadLazyChunks(): Promise<void> {
  // Every file of the panels folder, so a new panel is covered without editing this list.
  const panels = readdirSync(PANEL_DIR).filter((f) => f.endsWith('.tsx')).map((f) => path.join(PANEL_DIR, f));
  await Promise.all(panels.map((f) => import(f)));
}

/**
 * The Dashboard's chart is a lazy chunk of its own. Only for tests that mock @fluentui/react-charts
 * (its d3 modules are ESM, which jest does not load).
 */
export async function loadChartChunk(): Promise<void> {
  await import('../../src/taskpane/dashboard/ParetoChart');
}

/**
 * jsdom has no layout and no ResizeObserver; Fluent's tab overflow then keeps
 * every tab in the row (nothing measures as too wide), which is what these
 * tests want. Narrow widths are checked in the browser e2e.
 */
class NoLayoutResizeObserver {
  observe(): void { /* jsdom never resizes */ }
  unobserve(): void { /* nothing observed */ }
  disconnect(): void { /* nothing observed */ }
}
globalThis.ResizeObserver ??= NoLayoutResizeObserver as unknown as typeof ResizeObserver;

/** Render the whole pane as Excel would show it, on a host (the fake Excel) or a stub port. */
export function renderPane(opts: { host?: FakeExcel; port?: WorkbookPort; storage?: SettingsStorage; initialPanel?: string; library?: ProfileLibrary }) {
  const host = opts.host ?? createFakeExcel(new FakeWorkbook());
  const storage = opts.storage ?? memorySettings();
  return render(
    <FluentProvider theme={webLightTheme}>
      <PaneProvider host={host} port={opts.port} storage={storage} library={opts.library}>
        <App initialPanel={opts.initialPanel} />
      </PaneProvider>
    </FluentProvider>,
  );
}

/** A workbook already filled in: headers of the standard, then the given rows per sheet. */
export function filledWorkbook(rows: Record<string, (string | number | null)[][]>): FakeWorkbook {
  const wb = new FakeWorkbook();
  for (const e of defaultStandard().entities) {
    const s = wb.addSheet(e.sheet);
    s.load([e.fields.map((f) => f.header), ...(rows[e.sheet] ?? [])]);
  }
  return wb;
}

/**
 * A port that does nothing: an empty workbook, no-op writes, empty stored
 * lists. A test overrides only what its panel uses, so adding a port method
 * means touching one place, not every test's stub.
 */
export function inertPort(overrides: Partial<WorkbookPort> = {}): WorkbookPort {
  return {
    read: async () => ({ sheets: [] }),
    generateTemplate: async () => ({ sheets: [], notes: [] }),
    highlight: async () => undefined,
    clearHighlights: async () => undefined,
    apply: async (ps) => ({ applied: ps.length, skipped: [], undo: [] }),
    revert: async () => 0,
    select: async () => undefined,
    writeResults: async () => ({ sheets: [] }),
    loadTransferLogs: async () => [],
    saveTransferLog: async () => undefined,
    loadDecisions: async () => [],
    saveDecisions: async () => undefined,
    loadOverrides: async () => [],
    saveOverrides: async () => undefined,
    writeDashboard: async () => ({ sheet: 'Dashboard', charts: 0, notes: [] }),
    appendAudit: async () => ({ warning: null }),
    readAudit: async () => { const trail = new AuditTrail(); return { trail, check: trail.verifyChain() }; },
    ...overrides,
  };
}

/**
 * An edit made in Excel (the fake's fireChange / fireEvent), then what the pane shows once it has dealt with it.
 * The pane's answer (a re-check, a new run) starts inside Excel's change event and goes on after the event's
 * promise settles, so the test waits for the screen while the edit is delivered, not before: every update then
 * lands inside testing-library's wait, none in between.
 */
export async function editInExcel(edit: Promise<void>, shown: () => void): Promise<void> {
  const settled = edit.then(() => null, (e: unknown) => e);
  await waitFor(shown);
  const failed = await settled;
  if (failed) throw failed;
}
