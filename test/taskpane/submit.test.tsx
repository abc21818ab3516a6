/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { App } from '../../src/taskpane/App';
import { PaneProvider } from '../../src/taskpane/context';
import { memorySettings } from '../../src/taskpane/settings';
import { memoryUrl, SubmitEnvProvider, type SignInRequest, type SubmitEnv } from '../../src/taskpane/submit/env';
import { MemoryCtms } from '../../testing/memory-ctms';
import { createFakeExcel, FakeWorkbook } from '../../testing/fake-excel';
import { defaultStandard } from '../../src/core/standard/load';
import type { WorkbookData } from '../../src/core/model/sheet';
import type { TransferLog } from '../../src/core/transfer/log';
import type { RelayInfo } from '../../src/connectors/relay';
import type { AuditInput } from '../../src/core/audit/trail';
import { saveUserName } from '../../src/taskpane/userName';
import { inertPort, loadLazyChunks } from './helpers';
import { acquireTargetLock } from '../../src/app/target-lock';

/**
 * The Submit panel on a stub port and the in-memory target: sign-in keeps no
 * secret, the dry run counts create/update/held back with reasons, submit
 * writes results back and stores the log, rollback shows its dry run first.
 */

const std = defaultStandard();
const orgHeaders = std.entities.find((e) => e.sheet === 'Organizations')!.fields.map((f) => f.header);

// Organizations: ID, Name, Type, Address, City, State, Postal, Country, Phone
const WORKBOOK: WorkbookData = {
  sheets: [{
    name: 'Organizations', headers: orgHeaders,
    rows: [
      ['ORG-1', 'Duke University Medical Center', 'Hospital', '40 Duke Medicine Cir', 'Durham', 'NC', '27710', 'US', '+19196845350'],
      ['ORG-2', 'Gustave Roussy', 'Hospital', '114 Rue Edouard Vaillant', 'Villejuif', null, '94805', 'FR', null],
      ['ORG-3', 'Acme Pharma', 'Sponsor', '1 Main St', 'Princeton', 'NJ', '08540', 'USA', null],
      ['ORG-4', null, 'Hospital', null, 'Boston', 'MA', '02114', 'US', null],
    ],
    rowNumbers: [2, 3, 4, 5],
  }],
};

function stubPort() {
  const logs = new Map<string, TransferLog>();
  const calls = { writeResults: [] as TransferLog[], saves: 0, select: [] as [string, string][], audit: [] as AuditInput[] };
  const port = inertPort({
    read: async () => JSON.parse(JSON.stringify(WORKBOOK)) as WorkbookData,
    apply: async () => ({ applied: 0, skipped: [], undo: [] }),
    select: async (sheet, address) => { calls.select.push([sheet, address]); },
    writeResults: async (log) => { calls.writeResults.push(JSON.parse(JSON.stringify(log)) as TransferLog); return { sheets: [] }; },
    loadTransferLogs: async () => [...logs.values()].map((l) => JSON.parse(JSON.stringify(l)) as TransferLog),
    saveTransferLog: async (log) => { calls.saves++; logs.set(log.transferId, JSON.parse(JSON.stringify(log)) as TransferLog); },
    appendAudit: async (entries) => { calls.audit.push(...entries); return { warning: null }; },
    readAudit: async () => { throw new Error('not used'); },
  });
  return { port, calls, logs };
}

/**
 * `target`: one the test prepared before the pane opens. The pane reads the workbook's transfer logs as it
 * opens; a test's next wait is on the screen, so that read ends inside it, never during a test's own await.
 */
function setup(opts: { logs?: TransferLog[]; relay?: RelayInfo; target?: MemoryCtms } = {}) {
  const target = opts.target ?? new MemoryCtms();
  const requests: SignInRequest[] = [];
  const env: SubmitEnv = {
    createClient: (req) => {
      requests.push(req);
      if (req.password !== 'dev-password') return Object.assign(new MemoryCtms(), { signIn: async () => { throw new Error('USERNAME_OR_PASSWORD_INCORRECT'); } });
      return target;
    },
    urls: memoryUrl(),
    ...(opts.relay ? { relay: async () => opts.relay ?? null } : {}),
  };
  const stub = stubPort();
  for (const l of opts.logs ?? []) stub.logs.set(l.transferId, l);
  const settingsStorage = memorySettings();
  render(
    <FluentProvider theme={webLightTheme}>
      <PaneProvider host={createFakeExcel(new FakeWorkbook())} port={stub.port} storage={settingsStorage}>
        <SubmitEnvProvider value={env}>
          <App initialPanel="submit" />
        </SubmitEnvProvider>
      </PaneProvider>
    </FluentProvider>,
  );
  return { target, requests, env, settingsStorage, ...stub };
}

async function signIn(user: ReturnType<typeof userEvent.setup>, password = 'dev-password') {
  await user.type(await screen.findByTestId('username'), 'dev');
  await user.type(screen.getByTestId('password'), password);
  await user.click(screen.getByTestId('sign-in'));
}

// The panels are lazy chunks: load them before any test waits on one (see helpers).
beforeAll(loadLazyChunks);

// Every recorded action needs the user's name (asked once in a dialog): these tests are about other things, so it is known.
beforeEach(() => { localStorage.clear(); saveUserName('Dana Steward'); });

describe('Submit panel', () => {
  it("goes through the add-in's relay when the pane's server relays the target, and says so", async () => {
    const user = userEvent.setup();
    const { requests } = setup({ relay: { base: 'https://addin.example/relay', targets: ['http://127.0.0.1:8787'] } });
    // Said in the form already, before anyone signs in.
    expect(await screen.findByTestId('relayed-hint')).toHaveTextContent("Calls to this address go through the add-in's own server");
    await signIn(user);
    expect(await screen.findByTestId('relayed')).toHaveTextContent("through the add-in's own server");
    expect(requests.at(-1)).toMatchObject({ baseUrl: 'http://127.0.0.1:8787', relayUrl: 'https://addin.example/relay/127.0.0.1:8787' });
  });

  it('calls the target directly when the relay does not serve it', async () => {
    const user = userEvent.setup();
    const { requests } = setup({ relay: { base: 'https://addin.example/relay', targets: ['https://vault.example.com'] } });
    await signIn(user);
    expect(screen.queryByTestId('relayed-hint')).toBeNull();
    await screen.findByTestId('signed-in');
    expect(screen.queryByTestId('relayed')).toBeNull();
    expect(requests.at(-1)?.relayUrl).toBeUndefined();
  });

  it('signs in without storing the password, and signs out', async () => {
    const user = userEvent.setup();
    const { requests, env, settingsStorage } = setup();
    await signIn(user, 'wrong');
    expect(await screen.findByText(/Sign-in failed/)).toBeInTheDocument();
    await user.clear(screen.getByTestId('password'));
    await user.type(screen.getByTestId('password'), 'dev-password');
    await user.click(screen.getByTestId('sign-in'));
    expect(await screen.findByTestId('signed-in')).toHaveTextContent('Signed in as dev at http://127.0.0.1:8787');
    expect(requests.at(-1)).toEqual({ baseUrl: 'http://127.0.0.1:8787', username: 'dev', password: 'dev-password' });
    // Only the URL is remembered; nothing secret reaches settings or the page.
    expect(env.urls.load()).toBe('http://127.0.0.1:8787');
    expect(JSON.stringify(settingsStorage.load())).not.toContain('dev-password');
    expect(document.body.innerHTML).not.toContain('dev-password');
    await user.click(screen.getByTestId('sign-out'));
    expect(await screen.findByTestId('sign-in')).toBeInTheDocument();
    expect((screen.getByTestId('password') as HTMLInputElement).value).toBe('');
  });

  it('dry run counts create / update / held back with reasons; submit writes back, reconciles, and rollback deletes and restores', async () => {
    const user = userEvent.setup();
    // ORG-1 already exists in the target: the dry run says update, and rollback restores it.
    const target = new MemoryCtms();
    await target.upsert('organization__v', [{ external_id__v: 'ORG-1', name__v: 'Duke (old name)' }], 'external_id__v');
    const { calls } = setup({ target });
    await signIn(user);
    await user.click(await screen.findByTestId('dry-run'));
    const orgs = await screen.findByTestId('plan-Organizations');
    expect(within(orgs).getByTestId('plan-create')).toHaveTextContent('1');
    expect(within(orgs).getByTestId('plan-update')).toHaveTextContent('1');
    expect(within(orgs).getByTestId('plan-held')).toHaveTextContent('2');
    const held = screen.getAllByTestId('held-row').map((li) => li.textContent);
    expect(held).toEqual([expect.stringMatching(/Organizations row 4: 1 proposed transformation not accepted/), expect.stringMatching(/Organizations row 5: errors: required/)]);
    expect(target.calls).toHaveLength(1); // the dry run sent nothing

    // Accepting proposals changes the plan: ORG-3 is then sent as "US".
    await user.click(screen.getByRole('checkbox', { name: /Send proposed changes as accepted/ }));
    await user.click(screen.getByTestId('dry-run'));
    await waitFor(() => expect(within(screen.getByTestId('plan-Organizations')).getByTestId('plan-create')).toHaveTextContent('2'));

    await user.click(screen.getByTestId('submit'));
    await user.click(await screen.findByTestId('confirm-submit'));
    await waitFor(() => expect(screen.getByTestId('reconciliation')).toHaveTextContent('3 records checked, 0 missing from the target, 0 discrepancies'));
    expect(target.records('organization__v').map((r) => [r.external_id__v, r.name__v, r['country__vr.name__v']])).toEqual([
      ['ORG-1', 'Duke University Medical Center', 'US'], ['ORG-2', 'Gustave Roussy', 'FR'], ['ORG-3', 'Acme Pharma', 'US'],
    ]);
    // Write-back once, with every row's outcome; the log saved around every batch.
    expect(calls.writeResults).toHaveLength(1);
    expect(calls.writeResults[0]!.status).toBe('done');
    expect(calls.saves).toBeGreaterThanOrEqual(3);
    expect(screen.getByTestId('progress')).toHaveTextContent('Organizations: 3 of 3');

    // Results filter and click-to-row.
    expect(screen.getAllByTestId('result-row')).toHaveLength(4);
    await user.click(screen.getByTestId('filter-held-back'));
    const rows = screen.getAllByTestId('result-row');
    expect(rows).toHaveLength(1);
    await user.click(within(rows[0]!).getByRole('button', { name: 'Organizations 5' }));
    expect(calls.select).toEqual([['Organizations', 'A5']]);
    await user.click(screen.getByTestId('filter-sent'));
    expect(screen.getAllByTestId('result-row').map((r) => r.getAttribute('data-kind'))).toEqual(['sent', 'sent', 'sent']);

    // Rollback: its dry run first (nothing sent), then the real one.
    const writes = target.calls.length;
    await user.click(await screen.findByTestId('rollback'));
    expect(await screen.findByTestId('rollback-summary')).toHaveTextContent('would delete 2 records this transfer created and restore 1 it updated');
    expect(target.calls).toHaveLength(writes);
    await user.click(screen.getByTestId('confirm-rollback'));
    await waitFor(() => expect(screen.getByTestId('transfer')).toHaveAttribute('data-status', 'rolledBack'));
    expect(target.records('organization__v').map((r) => [r.external_id__v, r.name__v])).toEqual([['ORG-1', 'Duke (old name)']]);
    expect(calls.writeResults.at(-1)!.status).toBe('rolledBack');
    // The audit trail got the transfer (summary, batch, a record per row) and then the rollback, once each.
    expect(calls.audit.filter((e) => e.ruleId === 'transfer')).toHaveLength(1);
    expect(calls.audit.filter((e) => e.ruleId === 'record')).toHaveLength(4);
    expect(calls.audit.filter((e) => e.kind === 'rollback')).toEqual([expect.objectContaining({ details: expect.objectContaining({ dryRun: false, deleted: 2, restored: 1 }) })]);
  });

  it('offers to resume a transfer the pane left unfinished, and finishes it', async () => {
    const user = userEvent.setup();
    const log: TransferLog = {
      transferId: 'T1', who: 'dev', startedAt: '2024-01-01T00:00:00.000Z', target: 'http://127.0.0.1:8787', standard: { id: std.id, version: std.version },
      status: 'running', batches: [], rollbacks: [],
      entities: [{ entity: 'organization', sheet: 'Organizations', object: 'organization__v', heldBack: [], records: [] }],
    };
    const { target } = setup({ logs: [log] });
    expect(await screen.findByTestId('resume-offer')).toHaveTextContent('Transfer T1 to http://127.0.0.1:8787 did not finish');
    expect(screen.getByTestId('resume')).toBeDisabled();
    await signIn(user);
    await user.click(screen.getByTestId('resume'));
    await waitFor(() => expect(screen.queryByTestId('resume-offer')).not.toBeInTheDocument());
    expect(screen.getByTestId('transfer')).toHaveAttribute('data-status', 'done');
    expect(target.records('organization__v')).toHaveLength(2);
  });

  it('refuses records another transfer holds in the target, names who, and breaks the lock only when confirmed', async () => {
    const user = userEvent.setup();
    // Someone else's transfer of ORG-1 and ORG-2, from the command line on another machine.
    const target = new MemoryCtms();
    await acquireTargetLock(target, ['organization__v:ORG-1', 'organization__v:ORG-2'], { object: 'transfer_lock__c', transferId: 'T-ALICE', holder: 'alice on host-b (other.xlsx)', since: '2026-12-02T07:30:00.000Z' });
    const { calls } = setup({ target });
    await signIn(user);
    await user.click(await screen.findByTestId('dry-run'));
    await screen.findByTestId('plan-Organizations');
    await user.click(screen.getByTestId('submit'));
    await user.click(await screen.findByTestId('confirm-submit'));
    const messages = screen.getByTestId('submit-messages');
    await waitFor(() => expect(messages).toHaveTextContent('Not sent: 2 records of this transfer are being transferred by alice on host-b (other.xlsx) (transfer T-ALICE) since 2026-12-02T07:30:00.000Z; wait for it to end, or if it was stopped, break its lock here.'));
    expect(target.records('organization__v')).toEqual([]);
    expect(calls.saves).toBe(0);

    // Cancel changes nothing; confirming breaks the marker and sends.
    await user.click(screen.getByTestId('break-lock'));
    // As in a browser, the dialog's first button takes the focus (so Fluent keeps the dialog readable; see testing/jsdom-layout.ts).
    const dialog = await screen.findByRole('alertdialog', { name: /Break the lock of alice on host-b/ });
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByTestId('confirm-break-lock')));
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(target.records('organization__v')).toEqual([]);
    await user.click(screen.getByTestId('break-lock'));
    await user.click(await screen.findByTestId('confirm-break-lock'));
    await waitFor(() => expect(screen.getByTestId('submit-notice')).toHaveTextContent(/sent, 0 failed/));
    // The refused attempt stored no log; the one that broke the lock is listed, finished.
    await waitFor(() => expect(screen.getByTestId('transfer')).toHaveAttribute('data-status', 'done'));
    expect(target.records('organization__v').map((r) => r.external_id__v)).toEqual(['ORG-1', 'ORG-2']);
    // This transfer's own marker went when it ended; Alice's was broken.
    expect(target.records('transfer_lock__c')).toEqual([]);
  });
});
