/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { App } from '../../src/taskpane/App';
import { PaneProvider } from '../../src/taskpane/context';
import { memorySettings } from '../../src/taskpane/settings';
import { DEFAULT_TARGET_URL, memoryUrl, SubmitEnvProvider, type SubmitEnv } from '../../src/taskpane/submit/env';
import { defaultStandard } from '../../src/core/standard/load';
import { planTransfer, runTransfer, startLog, type TransferLog } from '../../src/core/transfer';
import { MemoryCtms } from '../../testing/memory-ctms';
import { createFakeExcel, FakeWorkbook } from '../../testing/fake-excel';
import { clean, wb, TODAY } from '../../testing/builders/wb';
import { saveUserName } from '../../src/taskpane/userName';
import { inertPort, loadLazyChunks } from './helpers';

/**
 * The pane's rollback of a transfer whose records a later transfer in the workbook sent again
 * (issue 13): the dialog names the later transfer and rolls both back, newest first; the target
 * ends as it was before both, and the status columns are written from each log in that order.
 */

beforeAll(loadLazyChunks);
beforeEach(() => { localStorage.clear(); saveUserName('Dana Steward'); });

const copy = (l: TransferLog) => JSON.parse(JSON.stringify(l)) as TransferLog;

test('rolling back an older transfer rolls back the later one first, as the dialog says', async () => {
  const target = new MemoryCtms();
  const send = async (hhmm: string) => {
    const now = () => new Date(`2026-12-01T${hhmm}:00Z`);
    const p = planTransfer(defaultStandard(), wb(clean()), { today: TODAY });
    return runTransfer(p, startLog(p, { targetUrl: DEFAULT_TARGET_URL, who: 'dev', now }), { target, targetUrl: DEFAULT_TARGET_URL, who: 'dev', save: () => undefined, now });
  };
  const t1 = await send('10:00');
  const t2 = await send('14:03');
  const logs = new Map([t1, t2].map((l) => [l.transferId, copy(l)]));
  const written: string[] = [];
  const port = inertPort({
    writeResults: async (log) => { written.push(`${log.transferId} ${log.status}`); return { sheets: [] }; },
    loadTransferLogs: async () => [...logs.values()].map(copy),
    saveTransferLog: async (log) => { logs.set(log.transferId, copy(log)); },
    appendAudit: async () => ({ warning: null }),
  });
  const env: SubmitEnv = { createClient: () => target, urls: memoryUrl() };
  render(
    <FluentProvider theme={webLightTheme}>
      <PaneProvider host={createFakeExcel(new FakeWorkbook())} port={port} storage={memorySettings()}>
        <SubmitEnvProvider value={env}>
          <App initialPanel="submit" />
        </SubmitEnvProvider>
      </PaneProvider>
    </FluentProvider>,
  );
  const user = userEvent.setup();
  await user.type(await screen.findByTestId('username'), 'dev');
  await user.type(screen.getByTestId('password'), 'dev-password');
  await user.click(screen.getByTestId('sign-in'));
  await screen.findByTestId('signed-in');

  const older = (await screen.findAllByTestId('transfer')).find((e) => e.getAttribute('data-transfer') === t1.transferId)!;
  await user.click(within(older).getByTestId('rollback'));
  expect(await screen.findByTestId('rollback-later')).toHaveTextContent(`Later transfers sent some of these records again: ${t2.transferId} (2026-12-01 14:03 UTC). They are rolled back first, newest first, then this one.`);
  const confirm = screen.getByTestId('confirm-rollback');
  expect(confirm).toHaveTextContent('Roll back all 2, newest first');
  await user.click(confirm);
  await waitFor(() => expect(logs.get(t1.transferId)!.status).toBe('rolledBack'));
  expect(logs.get(t2.transferId)!.status).toBe('rolledBack');
  expect(written).toEqual([`${t2.transferId} rolledBack`, `${t1.transferId} rolledBack`]);
  expect(target.snapshot()).toEqual({});
});
