import { Link, MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';

/**
 * Host detection for the task pane. Outside Office (a plain browser tab) office.js either is
 * missing or reports no host from Office.onReady; the pane then explains that it must be
 * opened from Excel instead of failing on the first Excel.run. The development harness
 * provides a fake Office host, which is detected like the real one.
 */

export interface HostInfo {
  host: string | null;
  platform: string | null;
}

export type HostState =
  | { kind: 'excel'; info: HostInfo }
  /** office.js did not load (blocked, offline, or the page was opened without it). */
  | { kind: 'no-office' }
  /** office.js loaded but the page is not running inside an Office application. */
  | { kind: 'no-host'; info?: HostInfo }
  /** Opened in another Office application (the manifest declares Workbook only). */
  | { kind: 'wrong-host'; info: HostInfo };

type OfficeLike = { onReady?: (cb?: (info: { host: unknown; platform: unknown }) => void) => Promise<{ host: unknown; platform: unknown }> };

function classify(info: { host: unknown; platform: unknown } | undefined): HostState {
  const normalised: HostInfo = {
    host: info && info.host != null ? String(info.host) : null,
    platform: info && info.platform != null ? String(info.platform) : null,
  };
  if (!normalised.host) return { kind: 'no-host', info: normalised };
  if (normalised.host !== 'Excel') return { kind: 'wrong-host', info: normalised };
  return { kind: 'excel', info: normalised };
}

/**
 * Waits for Office.onReady and classifies the host. Resolves 'no-host' after timeoutMs if
 * office.js never reports (it normally answers within a second, host or not).
 */
export function detectHost(officeGlobal: unknown = (globalThis as { Office?: unknown }).Office, timeoutMs = 10000): Promise<HostState> {
  const office = officeGlobal as OfficeLike | undefined;
  if (!office || typeof office.onReady !== 'function') return Promise.resolve({ kind: 'no-office' });
  return new Promise<HostState>((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'no-host' }), timeoutMs);
    Promise.resolve()
      .then(() => office.onReady!())
      .then(
        (info) => resolve(classify(info)),
        () => resolve({ kind: 'no-host' }),
      )
      .finally(() => clearTimeout(timer));
  });
}

const useStyles = makeStyles({
  root: { padding: tokens.spacingHorizontalL },
});

export interface HostlessNoticeProps {
  state: Exclude<HostState, { kind: 'excel' }>;
  /** Offer the development harness link (development builds only by default). */
  showHarnessLink?: boolean;
}

export function HostlessNotice({ state, showHarnessLink = process.env.NODE_ENV !== 'production' }: HostlessNoticeProps) {
  const styles = useStyles();
  const where =
    state.kind === 'wrong-host'
      ? `It was opened in ${state.info.host}, but it works only in Excel.`
      : state.kind === 'no-office'
        ? 'Office JavaScript (office.js) did not load, so this page is not running as an add-in.'
        : 'This page is open in a browser, not inside Excel.';
  return (
    <div className={styles.root}>
      <MessageBar intent="warning" layout="multiline" aria-live="polite">
        <MessageBarBody>
          <MessageBarTitle>CTMS Collect must be opened from Excel</MessageBarTitle>
          {where} Open a workbook in Excel (desktop or on the web), then choose Home &gt; CTMS Collect
          {showHarnessLink ? (
            <>
              {' '}(or open the <Link href="harness.html">development harness</Link>, which runs the pane against a fake
              Excel workbook)
            </>
          ) : null}
          .
        </MessageBarBody>
      </MessageBar>
    </div>
  );
}
