/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { lazy } from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { App } from '../../src/taskpane/App';
import { PaneProvider } from '../../src/taskpane/context';
import { PANELS } from '../../src/taskpane/panels';
import type { WorkbookPort } from '../../src/app/workbook-port';
import { memorySettings } from '../../src/taskpane/settings';
import { createFakeExcel, FakeWorkbook } from '../../testing/fake-excel';
import type { Proposal } from '../../src/core/model/issue';
import { saveUserName } from '../../src/taskpane/userName';
import { inertPort, loadLazyChunks, renderPane } from './helpers';

/**
 * Pane behaviour against a stub port: exactly which proposals each accept
 * button sends, what a failing workbook call looks like, and that a new panel
 * is one registry entry.
 */

// Sites with a country name and a role-less status, and Organizations with USA: proposals of several rules.
const WORKBOOK = {
  sheets: [
    { name: 'Organizations', headers: ['Organization ID', 'Organization Name', 'Organization Type', 'City', 'Country'], rows: [
      ['ORG-1', 'Duke University', 'University', 'Durham', 'USA'],
      ['ORG-2', 'Asan Medical Center', 'Hospital', 'Seoul', 'Korea, Republic of'],
    ], rowNumbers: [2, 3] },
    { name: 'Studies', headers: ['Study Number', 'Study Title', 'Phase', 'Study Status', 'Sponsor Organization ID'], rows: [
      ['NCT00482794', 'Genetic Risk Factors', 'II', 'Active', 'ORG-1'],
    ], rowNumbers: [2] },
  ],
};

function stubPort(overrides: Partial<WorkbookPort> = {}) {
  const calls = { apply: [] as Proposal[][], select: [] as [string, string][] };
  const port = inertPort({
    read: async (_std, onProgress) => { onProgress?.(0.5); return JSON.parse(JSON.stringify(WORKBOOK)); },
    generateTemplate: async () => ({ sheets: ['Organizations', 'Studies'], notes: [] }),
    apply: async (ps) => { calls.apply.push(ps); return { applied: ps.length, skipped: [], undo: [] }; },
    select: async (sheet, address) => { calls.select.push([sheet, address]); },
    ...overrides,
  });
  return { port, calls };
}

async function runValidate(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByTestId('validate'));
  await waitFor(() => expect(screen.getByTestId('count-proposals')).toBeInTheDocument());
}

// The panels are lazy chunks: load them before any test waits on one (see helpers).
beforeAll(loadLazyChunks);

// Every recorded action needs the user's name (asked once in a dialog): these tests are about other things, so it is known.
beforeEach(() => { localStorage.clear(); saveUserName('Dana Steward'); });

describe('task pane actions', () => {
  it('accepts one proposal, one rule, or all, sending exactly those', async () => {
    const user = userEvent.setup();
    const { port, calls } = stubPort();
    renderPane({ port, initialPanel: 'validate' });
    await runValidate(user);
    expect(screen.getByTestId('count-proposals')).toHaveTextContent('3 proposed changes');

    // One rule: T-COUNTRY (two cells), opened from its group.
    await user.click(screen.getAllByTestId('proposal-rule').find((h) => h.textContent?.includes('Country names to ISO codes'))!.querySelector('button')!);
    await user.click(screen.getByTestId('accept-rule-T-COUNTRY'));
    await waitFor(() => expect(calls.apply).toHaveLength(1));
    expect(calls.apply[0]!.map((p) => `${p.sheet}!${p.row}:${p.to}`)).toEqual(['Organizations!2:US', 'Organizations!3:KR']);

    // One cell: the Accept button names its cell and before → after.
    await waitFor(() => expect(screen.getByTestId('validate')).toBeEnabled());
    await user.click(screen.getAllByTestId('proposal-rule').find((h) => h.textContent?.includes('Map study phases'))!.querySelector('button')!);
    await user.click(screen.getByRole('button', { name: 'Accept Studies!C2: II becomes Phase 2' }));
    await waitFor(() => expect(calls.apply).toHaveLength(2));
    expect(calls.apply[1]).toHaveLength(1);
    expect(calls.apply[1]![0]).toMatchObject({ sheet: 'Studies', ruleId: 'T-PHASE', to: 'Phase 2' });

    await waitFor(() => expect(screen.getByTestId('accept-all')).toBeEnabled());
    await user.click(screen.getByTestId('accept-all'));
    await waitFor(() => expect(calls.apply).toHaveLength(3));
    expect(calls.apply[2]).toHaveLength(3);
  });

  it('selects the cell of a proposal from its cell button', async () => {
    const user = userEvent.setup();
    const { port, calls } = stubPort();
    renderPane({ port, initialPanel: 'validate' });
    await runValidate(user);
    await user.click(screen.getAllByTestId('proposal-rule').find((h) => h.textContent?.includes('Country names to ISO codes'))!.querySelector('button')!);
    await user.click(screen.getByRole('button', { name: 'Organizations!E3' }));
    await waitFor(() => expect(calls.select).toEqual([['Organizations', 'E3']]));
  });

  it('says what failed when the workbook cannot be read, and keeps the pane usable', async () => {
    const user = userEvent.setup();
    const { port } = stubPort({ read: async () => { throw Object.assign(new Error('The request payload size has exceeded the limit.'), { code: 'RequestPayloadSizeLimitExceeded' }); } });
    renderPane({ port, initialPanel: 'validate' });
    await user.click(await screen.findByTestId('validate'));
    expect(await screen.findByText(/Validation failed: The request payload size has exceeded the limit/)).toBeInTheDocument();
    expect(screen.getByTestId('validate')).toBeEnabled();
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(/Validation failed/)).not.toBeInTheDocument();
  });

  it('creates the template from the Template tab and reports the sheets', async () => {
    const user = userEvent.setup();
    const { port } = stubPort();
    renderPane({ port });
    await user.click(await screen.findByRole('button', { name: 'Create template' }));
    expect(await screen.findByText('Template ready: Organizations, Studies.')).toBeInTheDocument();
  });

  it('activates tabs and buttons with Enter, and names every control', async () => {
    // Tab order itself needs a real layout (tabster skips what it cannot see), so the e2e test walks it in chromium.
    const user = userEvent.setup();
    const { port } = stubPort();
    renderPane({ port });
    await screen.findByRole('button', { name: 'Create template' });
    screen.getByRole('tab', { name: 'Validate' }).focus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('tab', { name: 'Validate' })).toHaveAttribute('aria-selected', 'true');
    const run = await screen.findByTestId('validate');
    run.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('count-proposals')).toBeInTheDocument());
    const controls = [...screen.getAllByRole('button'), ...screen.getAllByRole('combobox'), ...screen.getAllByRole('searchbox')];
    for (const c of controls) {
      expect(c.textContent?.trim() || c.getAttribute('aria-label') || c.getAttribute('aria-labelledby') || c.id).toBeTruthy();
      expect(c).not.toHaveAttribute('tabindex', '-1');
    }
  });

  it('adds a panel by adding a registry entry', async () => {
    const Extra = () => <p>Duplicates go here</p>;
    // The real Duplicates panel is registered now; the stand-in replaces it so the tab name stays unique.
    const panels = [...PANELS.filter((p) => p.id !== 'duplicates'), { id: 'duplicates', label: 'Duplicates', description: 'Find the same record twice.', component: lazy(async () => ({ default: Extra })) }];
    const user = userEvent.setup();
    render(
      <FluentProvider theme={webLightTheme}>
        <PaneProvider host={createFakeExcel(new FakeWorkbook())} storage={memorySettings()}>
          <App panels={panels} />
        </PaneProvider>
      </FluentProvider>,
    );
    await user.click(screen.getByRole('tab', { name: 'Duplicates' }));
    expect(await screen.findByText('Duplicates go here')).toBeInTheDocument();
    expect(screen.getByRole('tabpanel')).toHaveAttribute('aria-labelledby', 'tab-duplicates');
  });
});
