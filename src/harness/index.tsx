import { createRoot } from 'react-dom/client';
import { FluentProvider, makeStyles, tokens, webLightTheme, Caption1 } from '@fluentui/react-components';
import { App } from '../taskpane/App';
import { PaneProvider } from '../taskpane/context';
import { localStorageSettings } from '../taskpane/settings';
import { createHarnessApi, type HarnessApi } from './harnessApi';
import { WorkbookView } from './WorkbookView';
import { LoadSampleButton } from './LoadSampleButton';
import { HarnessWorkbook } from './workbookStore';

/**
 * Development harness (never in the production bundle): the real task pane,
 * on the real adapter, against the fake Excel object model, next to a drawing
 * of the fake workbook. ?api=1.10 runs it as an older Excel (comments instead
 * of notes).
 */

declare global {
  interface Window { __harness?: HarnessApi & { ready: true } }
}

const useStyles = makeStyles({
  page: { display: 'grid', gridTemplateColumns: '380px 1fr', gridTemplateRows: 'auto 1fr', height: '100vh', boxSizing: 'border-box' },
  banner: {
    gridColumn: '1 / -1', padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    backgroundColor: '#107C41', color: '#FFFFFF', fontSize: tokens.fontSizeBase200,
  },
  pane: { borderRight: `1px solid ${tokens.colorNeutralStroke1}`, overflowY: 'auto', backgroundColor: tokens.colorNeutralBackground1 },
  sheet: { padding: tokens.spacingHorizontalS, overflow: 'hidden', backgroundColor: tokens.colorNeutralBackground3, display: 'flex', flexDirection: 'column' },
});

const params = new URLSearchParams(globalThis.location?.search ?? '');
const apiVersion = params.get('api') ?? '1.18';
// ?pane=320 shows the pane alone at that width, as a narrow Excel task pane (the e2e's width checks).
const paneOnly = Number(params.get('pane')) || null;
const hw = new HarnessWorkbook(apiVersion);
const storage = localStorageSettings();
const harnessApi = createHarnessApi(hw);

function Harness() {
  const styles = useStyles();
  return (
    <div className={styles.page} style={paneOnly ? { gridTemplateColumns: `${paneOnly}px` } : undefined}>
      <header className={styles.banner}>
        CTMS Collect development harness: the task pane on a fake Excel workbook (ExcelApi {apiVersion}). Nothing here is sent anywhere.
      </header>
      {/* Not a landmark: the pane's own <main> must stay top-level, as it is in Excel. */}
      <div className={styles.pane} data-testid="taskpane">
        <PaneProvider host={hw.host} storage={storage}>
          <App host={{ host: 'Excel', platform: 'Harness' }} />
        </PaneProvider>
      </div>
{paneOnly ? null : (
      <section className={styles.sheet} aria-label="Fake Excel workbook" data-testid="workbook">
        <WorkbookView hw={hw} />
        <Caption1>
          Click a cell to select it, as in Excel. window.__harness drives the workbook from tests.{' '}
          <LoadSampleButton api={harnessApi} />
        </Caption1>
      </section>
      )}
    </div>
  );
}

const root = document.getElementById('root');
if (root) {
  window.__harness = { ...harnessApi, ready: true };
  createRoot(root).render(
    <FluentProvider theme={webLightTheme} style={{ height: '100%' }}>
      <Harness />
    </FluentProvider>,
  );
}
