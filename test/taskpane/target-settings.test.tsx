/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render } from '@testing-library/react';
import defaultProfile from '../../src/core/target-profile/vault-ctms-v1.json';
import { App } from '../../src/taskpane/App';
import { PaneProvider } from '../../src/taskpane/context';
import { memorySettings, sanitize } from '../../src/taskpane/settings';
import { memoryUrl, SubmitEnvProvider, vaultClientFactoryWith } from '../../src/taskpane/submit/env';
import { CATALOGUE, PICKLISTS } from '../../src/protocol/catalogue';
import { defaultStandard } from '../../src/core/standard/load';
import type { WorkbookData } from '../../src/core/model/sheet';
import { createFakeExcel, FakeWorkbook } from '../../testing/fake-excel';
import { saveUserName } from '../../src/taskpane/userName';
import { inertPort, loadLazyChunks, renderPane } from './helpers';

/**
 * Settings of the target connection (profile, client ID, migration mode) and sign-in with an
 * existing session, observed where it matters: in the requests the Vault connector sends, recorded
 * by a stand-in Vault behind its fetch. Nothing secret reaches the settings.
 */

const file = (name: string, text: string) => new File([text], name, { type: 'application/json' });
const std = defaultStandard();
const orgHeaders = std.entities.find((e) => e.sheet === 'Organizations')!.fields.map((f) => f.header);
const WORKBOOK: WorkbookData = {
  sheets: [{
    name: 'Organizations', headers: orgHeaders,
    rows: [
      ['ORG-1', 'Duke University Medical Center', 'Hospital', '40 Duke Medicine Cir', 'Durham', 'NC', '27710', 'US', '+19196845350'],
      ['ORG-2', 'Gustave Roussy', 'Hospital', '114 Rue Edouard Vaillant', 'Villejuif', null, '94805', 'FR', null],
    ],
    rowNumbers: [2, 3],
  }],
};

interface Seen { method: string; path: string; headers: Record<string, string>; body: string }

/**
 * A stand-in Vault behind fetch: describes the reference catalogue (plus a custom upsert key and
 * picklist value a customer's profile may use), accepts one session id, answers writes per record.
 */
function standInVault(sessionId: string, dropField = '') {
  const seen: Seen[] = [];
  const answer = (body: unknown) => {
    const headers = new Map([['x-vaultapi-vaultid', '1000']]);
    return { status: 200, type: 'basic', headers: { get: (k: string) => headers.get(k.toLowerCase()) ?? null }, text: async () => JSON.stringify(body) } as unknown as Response;
  };
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>));
    const body = typeof init?.body === 'string' ? init.body : '';
    seen.push({ method: init?.method ?? 'GET', path: `${url.pathname}${url.search}`, headers, body });
    if (headers.Authorization !== sessionId) return answer({ responseStatus: 'FAILURE', errors: [{ type: 'INVALID_SESSION_ID', message: 'Invalid or expired session ID.' }] });
    const path = url.pathname.replace(/^\/api\/v[\d.]+/, '');
    if (path === '/metadata/vobjects') return answer({ responseStatus: 'SUCCESS', objects: [] });
    const meta = /^\/metadata\/vobjects\/(\w+)$/.exec(path);
    if (meta) {
      const o = CATALOGUE.find((x) => x.name === meta[1])!;
      const fields = [
        { name: 'id', type: 'ID', unique: true, editable: false },
        { name: 'external_id__c', type: 'String', unique: true, editable: true },
        ...o.fields.filter((f) => f.name !== dropField).map((f) => ({
          name: f.name, type: { text: 'String', picklist: 'Picklist', date: 'Date', int: 'Number', reference: 'Object' }[f.type],
          required: !!f.required, unique: !!f.unique, editable: true,
          ...(f.picklistName ? { picklist: f.picklistName } : {}), ...(f.references ? { object: { name: f.references } } : {}),
        })),
      ];
      return answer({ responseStatus: 'SUCCESS', object: { name: o.name, fields } });
    }
    const pick = /^\/objects\/picklists\/(\w+)$/.exec(path);
    if (pick) return answer({ responseStatus: 'SUCCESS', picklistValues: [...PICKLISTS[pick[1]!]!, { name: 'hospital__c', label: 'Hospital (ACME)' }] });
    if (path === '/query') return answer({ responseStatus: 'SUCCESS', responseDetails: { pagesize: 1000, pageoffset: 0, size: 0, total: 0 }, data: [] });
    if (init?.method === 'POST' && path.startsWith('/vobjects/')) {
      const records = JSON.parse(body) as unknown[];
      return answer({ responseStatus: 'SUCCESS', data: records.map((_, i) => ({ responseStatus: 'SUCCESS', data: { id: `V${seen.length}-${i}`, event: 'created__sys' } })) });
    }
    return answer({ responseStatus: 'FAILURE', errors: [{ type: 'MALFORMED_URL', message: `not served: ${path}` }] });
  }) as typeof fetch;
  return { seen, fetchImpl };
}

function setup(sessionId = 'sso-session-1', dropField = '') {
  const vault = standInVault(sessionId, dropField);
  const storage = memorySettings();
  const port = inertPort({ read: async () => JSON.parse(JSON.stringify(WORKBOOK)) as WorkbookData });
  render(
    <FluentProvider theme={webLightTheme}>
      <PaneProvider host={createFakeExcel(new FakeWorkbook())} port={port} storage={storage}>
        <SubmitEnvProvider value={{ createClient: vaultClientFactoryWith(vault.fetchImpl), urls: memoryUrl() }}>
          <App initialPanel="settings" />
        </SubmitEnvProvider>
      </PaneProvider>
    </FluentProvider>,
  );
  return { ...vault, storage };
}

async function signInWithSession(user: ReturnType<typeof userEvent.setup>, sessionId: string) {
  await user.click(screen.getByRole('tab', { name: 'Submit' }));
  await user.click(await screen.findByRole('radio', { name: 'An existing session (single sign-on)' }));
  await user.type(screen.getByLabelText(/Session id/), sessionId);
  await user.click(screen.getByTestId('sign-in'));
  expect(await screen.findByTestId('signed-in')).toHaveTextContent('Signed in with your existing session at http://127.0.0.1:8787 (vault 1000)');
}

async function submitAll(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByTestId('dry-run'));
  await waitFor(() => expect(within(screen.getByTestId('plan-Organizations')).getByTestId('plan-create')).toHaveTextContent('2'));
  await user.click(screen.getByTestId('submit'));
  await user.click(await screen.findByTestId('confirm-submit'));
  // The stand-in keeps nothing, so reconciliation finds the records missing: only the requests are under test here.
  expect(await screen.findByTestId('submit-notice')).toHaveTextContent(/Transfer \S+: 2 sent, 0 failed, 0 held back/);
}

const upsertsOf = (seen: Seen[], object: string) => seen.filter((s) => s.method === 'POST' && s.path.startsWith(`/api/v24.1/vobjects/${object}`));

beforeAll(loadLazyChunks);
beforeEach(() => { localStorage.clear(); saveUserName('Dana Steward'); });

describe('Target settings', () => {
  it('refuses a malformed profile with each problem and its path, takes a valid one, and goes back to the shipped one', async () => {
    const user = userEvent.setup();
    const storage = memorySettings();
    renderPane({ storage, initialPanel: 'settings' });
    expect(await screen.findByTestId('profile-in-use')).toHaveTextContent('Veeva Vault CTMS (default) 1.0.0, shipped with CTMS Collect');

    const broken = JSON.parse(JSON.stringify(defaultProfile)) as { entities: Record<string, Record<string, unknown>> };
    broken.entities.study!.idParam = 'External ID';
    broken.entities.study!.picklists = { phase: { 'Phase 3': 'phase_3__v' } };
    await user.upload(screen.getByTestId('profile-file'), file('acme-vault.json', JSON.stringify(broken)));
    expect(await screen.findByText('acme-vault.json was not loaded')).toBeInTheDocument();
    expect(within(screen.getByTestId('profile-problems')).getByText('entities.study.idParam: must be a Vault API name such as name__v')).toBeInTheDocument();
    expect(storage.load().target).toBeUndefined();

    const misfit = JSON.parse(JSON.stringify(defaultProfile)) as { entities: Record<string, Record<string, unknown>> };
    misfit.entities.study!.picklists = { phase: { 'Phase 3': 'phase_3__v' } };
    await user.upload(screen.getByTestId('profile-file'), file('acme-vault.json', JSON.stringify(misfit)));
    expect(await within(screen.getByTestId('profile-problems')).findByText('entities.study.picklists.phase: no value name for "Phase 1"')).toBeInTheDocument();

    await user.upload(screen.getByTestId('profile-file'), file('notjson.json', '{ nope'));
    expect(await within(screen.getByTestId('profile-problems')).findByText(/^not JSON:/)).toBeInTheDocument();

    const acme = { ...JSON.parse(JSON.stringify(defaultProfile)) as Record<string, unknown>, name: 'ACME Vault', version: '2.0.0' };
    await user.upload(screen.getByTestId('profile-file'), file('acme-vault.json', JSON.stringify(acme)));
    await waitFor(() => expect(screen.getByTestId('profile-in-use')).toHaveTextContent('ACME Vault 2.0.0, loaded from acme-vault.json'));
    expect(screen.queryByTestId('profile-problems')).not.toBeInTheDocument();
    expect(storage.load().target?.profile?.fileName).toBe('acme-vault.json');

    await user.click(screen.getByRole('button', { name: 'Use the shipped profile' }));
    expect(screen.getByTestId('profile-in-use')).toHaveTextContent('shipped with CTMS Collect');
    expect(storage.load().target).toBeUndefined();
  });

  it('keeps the client ID and migration mode, refuses a client ID a target would not take, and explains migration mode', async () => {
    const user = userEvent.setup();
    const storage = memorySettings();
    renderPane({ storage, initialPanel: 'settings' });
    const clientId = await screen.findByRole('textbox', { name: /Client ID \(identifies this tool in the Vault's logs\)/ });
    await user.type(clientId, 'acme tool!{Enter}');
    expect(await screen.findByText(/letters, digits, dots, dashes and underscores only/)).toBeInTheDocument();
    expect(storage.load().target).toBeUndefined();
    await user.clear(clientId);
    await user.type(clientId, 'acme-migration{Enter}');
    expect(storage.load().target).toEqual({ clientId: 'acme-migration' });

    const mode = screen.getByRole('switch', { name: /Off|On/ });
    expect(screen.getByText(/in the state they really have \(a completed study, a closed site\)/)).toBeInTheDocument();
    // Keyboard: tab to the switch (past Save; leaving the field keeps what it holds) and toggle it with the space bar.
    await user.tab();
    expect(screen.getByRole('button', { name: 'Save' })).toHaveFocus();
    await user.tab();
    expect(mode).toHaveFocus();
    expect(storage.load().target).toEqual({ clientId: 'acme-migration' });
    await user.keyboard(' ');
    expect(storage.load().target).toEqual({ clientId: 'acme-migration', migrationMode: true });
    expect(sanitize(JSON.parse(JSON.stringify(storage.load())))).toEqual(storage.load());
  });

  it('signs in with an existing session and sends the client ID and migration mode with every request; nothing secret is stored', async () => {
    const user = userEvent.setup();
    const { seen, storage } = setup();
    await user.type(await screen.findByRole('textbox', { name: /Client ID/ }), 'acme-migration{Enter}');
    await user.click(screen.getByRole('switch'));
    await signInWithSession(user, 'sso-session-1');
    await submitAll(user);

    expect(seen.some((s) => s.path.endsWith('/auth'))).toBe(false);
    expect(seen.every((s) => s.headers['X-VaultAPI-ClientID'] === 'acme-migration' && s.headers.Authorization === 'sso-session-1')).toBe(true);
    // The preflight read the metadata before the first write.
    const firstWrite = seen.findIndex((s) => s.method === 'POST' && s.path.includes('/vobjects/'));
    expect(seen.findIndex((s) => s.path === '/api/v24.1/metadata/vobjects/organization__v')).toBeGreaterThanOrEqual(0);
    expect(seen.findIndex((s) => s.path === '/api/v24.1/metadata/vobjects/organization__v')).toBeLessThan(firstWrite);
    const [write] = upsertsOf(seen, 'organization__v');
    expect(write!.path).toBe('/api/v24.1/vobjects/organization__v?idParam=external_id__v');
    expect(write!.headers['X-VaultAPI-MigrationMode']).toBe('true');
    expect(JSON.parse(write!.body)).toEqual([
      expect.objectContaining({ external_id__v: 'ORG-1', organization_type__v: 'hospital__v', 'country__vr.name__v': 'US' }),
      expect.objectContaining({ external_id__v: 'ORG-2', organization_type__v: 'hospital__v', 'country__vr.name__v': 'FR' }),
    ]);
    // Reads never ask for migration mode; the session id is in no setting and nowhere on the page.
    expect(seen.filter((s) => s.method === 'GET').every((s) => !('X-VaultAPI-MigrationMode' in s.headers))).toBe(true);
    expect(JSON.stringify(storage.load())).not.toContain('sso-session-1');
    expect(document.body.innerHTML).not.toContain('sso-session-1');
  });

  it('sends with a customer profile: its upsert key and picklist value names', async () => {
    const user = userEvent.setup();
    const { seen } = setup();
    const acme = JSON.parse(JSON.stringify(defaultProfile)) as { entities: Record<string, { idParam: string; picklists: Record<string, Record<string, string>> }> };
    acme.entities.organization!.idParam = 'external_id__c';
    acme.entities.organization!.picklists.org_type!.Hospital = 'hospital__c';
    await user.upload(await screen.findByTestId('profile-file'), file('acme-vault.json', JSON.stringify(acme)));
    await waitFor(() => expect(screen.getByTestId('profile-in-use')).toHaveTextContent('loaded from acme-vault.json'));
    await signInWithSession(user, 'sso-session-1');
    await submitAll(user);

    const [write] = upsertsOf(seen, 'organization__v');
    expect(write!.path).toBe('/api/v24.1/vobjects/organization__v?idParam=external_id__c');
    expect(write!.headers['X-VaultAPI-ClientID']).toBe('ctms-collect');
    expect(write!.headers['X-VaultAPI-MigrationMode']).toBeUndefined();
    expect(JSON.parse(write!.body)).toEqual([
      expect.objectContaining({ external_id__c: 'ORG-1', organization_type__v: 'hospital__c' }),
      expect.objectContaining({ external_id__c: 'ORG-2', organization_type__v: 'hospital__c' }),
    ]);
  });

  it('a dry run against a Vault that lacks a field shows the preflight report, and nothing is written', async () => {
    const user = userEvent.setup();
    const { seen } = setup('sso-session-1', 'phone__v');
    await signInWithSession(user, 'sso-session-1');
    await user.click(screen.getByTestId('dry-run'));
    expect(await screen.findByText(/Dry run failed: The target does not accept what would be sent, so nothing was sent:/)).toHaveTextContent('Organizations (column Phone): organization__v has no field phone__v');
    expect(screen.queryByTestId('plan-Organizations')).not.toBeInTheDocument();
    expect(seen.filter((s) => s.method !== 'GET' && s.path.includes('/vobjects/'))).toEqual([]);
  });

  it('a session the target refuses is said in words, and nothing is kept', async () => {
    const user = userEvent.setup();
    setup('the-right-session');
    await user.click(await screen.findByRole('tab', { name: 'Submit' }));
    await user.click(await screen.findByRole('radio', { name: 'An existing session (single sign-on)' }));
    await user.type(screen.getByLabelText(/Session id/), 'expired-session');
    await user.click(screen.getByTestId('sign-in'));
    expect(await screen.findByText(/Sign-in failed: The target did not accept the session id \(expired or signed out\)/)).toBeInTheDocument();
    expect(screen.queryByTestId('signed-in')).not.toBeInTheDocument();
  });
});
