/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AuditInput } from '../../src/core/audit/trail';
import type { DuplicateDecision } from '../../src/core/master/decisions';
import type { WorkbookData } from '../../src/core/model/sheet';
import type { WorkbookPort } from '../../src/app/workbook-port';
import { wb } from '../../testing/builders/wb';
import { inertPort, loadLazyChunks, renderPane } from './helpers';

/**
 * The Duplicates panel on a stub port whose "workbook settings" are a JSON
 * string, as Excel keeps them: find → evidence → merge → saved → found again
 * and not asked → undo; a new port on the same stored text stands for
 * re-opening the workbook.
 */

const WORKBOOK: WorkbookData = wb({
  Investigators: [
    { Email: 'ann.smith@mayo.org', 'First Name': 'Ann', 'Last Name': 'Smith', Title: 'Dr.', 'Organization ID': 'ORG-1', City: 'Rochester', Country: 'US', Phone: '+15072842511' },
    { Email: 'ann.smyth@mayo.org', 'First Name': 'Ann', 'Last Name': 'Smyth', 'Organization ID': 'ORG-1', City: 'Rochester', Country: 'US' },
    { Email: 'Bob.Jones@Mayo.org', 'First Name': 'Bob', 'Last Name': 'Jones', 'Organization ID': 'ORG-1', Country: 'US' },
    { Email: 'bob.jones@mayo.org ', 'First Name': 'Robert', 'Last Name': 'Jones', 'Organization ID': 'ORG-1', Country: 'US' },
  ],
});

/** The workbook's settings: shared by every port made on it, like one .xlsx opened twice. */
function storedSettings() {
  return { text: null as string | null };
}

function stubPort(stored = storedSettings(), overrides: Partial<WorkbookPort> = {}) {
  const calls = { select: [] as [string, string][], saved: [] as DuplicateDecision[][], audit: [] as AuditInput[], reads: 0 };
  // Only what this panel calls; the rest of the port does nothing.
  const port = inertPort({
    read: async (_std, onProgress) => { calls.reads++; onProgress?.(0.5); return JSON.parse(JSON.stringify(WORKBOOK)) as WorkbookData; },
    select: async (sheet, address) => { calls.select.push([sheet, address]); },
    loadDecisions: async () => (stored.text ? (JSON.parse(stored.text) as DuplicateDecision[]) : []),
    saveDecisions: async (d) => { calls.saved.push(d); stored.text = JSON.stringify(d); },
    appendAudit: async (entries) => { calls.audit.push(...entries); return { warning: null }; },
    ...overrides,
  });
  return { port, calls, stored };
}

const clusterOf = (rows: string) => screen.getAllByTestId('cluster').find((c) => c.dataset.rows === rows);

async function giveName(user: ReturnType<typeof userEvent.setup>, name = 'Dana Steward') {
  await user.type(await screen.findByTestId('who-input'), name);
  await user.click(screen.getByTestId('who-save'));
  expect(screen.getByTestId('who')).toHaveTextContent(name);
}

// The panels are lazy chunks: load them before any test waits on one (see helpers).
beforeAll(loadLazyChunks);

beforeEach(() => localStorage.clear());

describe('Duplicates panel', () => {
  it('finds, merges, remembers across re-opening, does not ask again, and undoes', async () => {
    const user = userEvent.setup();
    const { port, calls, stored } = stubPort();
    const first = renderPane({ port, initialPanel: 'duplicates' });
    await giveName(user);
    expect(screen.getByText('No decisions yet.')).toBeInTheDocument();

    await user.click(screen.getByTestId('find-duplicates'));
    await waitFor(() => expect(screen.getAllByTestId('cluster')).toHaveLength(2));
    expect(screen.getByText('2 clusters to review.')).toBeInTheDocument();
    const smith = clusterOf('2, 3')!;
    expect(within(smith).getByText('90 % similar')).toBeInTheDocument();
    expect(within(smith).getByTestId('evidence')).toHaveTextContent(/last name Smith ~ Smyth/);
    expect(within(smith).getByTestId('evidence')).toHaveTextContent(/same organization ORG-1/);
    // The suggestion's record (the more complete row 2) is chosen to keep.
    expect(within(smith).getByRole('radio', { name: /Keep: Ann Smith · ann\.smith@mayo\.org/ })).toBeChecked();

    // A row's number selects its first cell.
    await user.click(within(smith).getByRole('button', { name: 'Select row 3 of Investigators in the workbook' }));
    expect(calls.select).toEqual([['Investigators', 'A3']]);

    await user.click(within(smith).getByRole('button', { name: 'Merge into row 2: Investigators rows 2, 3' }));
    await waitFor(() => expect(calls.saved).toHaveLength(1));
    expect(calls.saved[0]).toEqual([expect.objectContaining({ sheet: 'Investigators', rows: [2, 3], keep: 2, verdict: 'merge', by: 'Dana Steward' })]);
    await waitFor(() => expect(clusterOf('2, 3')).toBeUndefined());
    expect(screen.getByText('Investigators rows 2, 3: merged into row 2.')).toBeInTheDocument();
    const decided = screen.getAllByTestId('decided');
    expect(decided).toHaveLength(1);
    expect(decided[0]).toHaveTextContent('Investigators rows 2, 3: merged into row 2');
    expect(decided[0]).toHaveTextContent('by Dana Steward');
    // Recorded in the audit trail as well, with who and the rows.
    await waitFor(() => expect(calls.audit).toHaveLength(1));
    expect(calls.audit[0]).toMatchObject({ kind: 'decision', who: 'Dana Steward', sheet: 'Investigators', row: 2, ruleId: 'duplicate', before: '2, 3', after: 'merge into row 2' });

    // Bob twice (same e-mail, other case): keep row 5 this time, by keyboard.
    const bob = clusterOf('4, 5')!;
    within(bob).getByRole('radio', { name: /Keep: Robert Jones/ }).focus();
    await user.keyboard(' ');
    expect(within(bob).getByRole('radio', { name: /Keep: Robert Jones/ })).toBeChecked();
    within(bob).getByRole('button', { name: 'Not a duplicate: Investigators rows 4, 5' }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(calls.saved).toHaveLength(2));
    expect(calls.saved[1]!.map((d) => [d.verdict, d.keep])).toEqual([['merge', 2], ['notDuplicate', 5]]);
    await waitFor(() => expect(screen.getByTestId('no-open-clusters')).toBeInTheDocument());
    first.unmount();

    // Re-open: a new port on the same stored settings. The decisions are read back, and Find does not ask again.
    const again = stubPort(stored);
    renderPane({ port: again.port, initialPanel: 'duplicates' });
    await waitFor(() => expect(screen.getAllByTestId('decided')).toHaveLength(2));
    expect(screen.getByTestId('who')).toHaveTextContent('Dana Steward'); // asked once on this computer
    await user.click(screen.getByTestId('find-duplicates'));
    await waitFor(() => expect(screen.getByText('0 clusters to review; 2 already decided.')).toBeInTheDocument());
    expect(screen.queryAllByTestId('cluster')).toHaveLength(0);
    expect(screen.getByTestId('no-open-clusters')).toBeInTheDocument();

    // Undo the merge: removed from the workbook, and the cluster is back to review.
    await user.click(screen.getByRole('button', { name: 'Undo the decision on Investigators rows 2, 3' }));
    await waitFor(() => expect(again.calls.saved).toHaveLength(1));
    expect(again.calls.saved[0]!.map((d) => d.verdict)).toEqual(['notDuplicate']);
    await waitFor(() => expect(clusterOf('2, 3')).toBeDefined());
    expect(screen.getAllByTestId('decided')).toHaveLength(1);
    expect(JSON.parse(stored.text!)).toHaveLength(1);
    // The trail is append-only: the undo is a new entry.
    await waitFor(() => expect(again.calls.audit).toHaveLength(1));
    expect(again.calls.audit[0]).toMatchObject({ kind: 'decision', who: 'Dana Steward', sheet: 'Investigators', before: 'merge into row 2', after: 'decision withdrawn' });
  });

  it('asks for a name before a decision can be made', async () => {
    const user = userEvent.setup();
    const { port, calls } = stubPort();
    renderPane({ port, initialPanel: 'duplicates' });
    await user.click(await screen.findByTestId('find-duplicates'));
    await waitFor(() => expect(screen.getAllByTestId('cluster')).toHaveLength(2));
    expect(within(clusterOf('2, 3')!).getByTestId('merge')).toBeDisabled();
    await giveName(user, 'Lee');
    expect(within(clusterOf('2, 3')!).getByTestId('merge')).toBeEnabled();
    expect(calls.saved).toEqual([]);
  });

  it('a decision the workbook could not store is not shown as made', async () => {
    const user = userEvent.setup();
    const { port } = stubPort(storedSettings(), { saveDecisions: async () => { throw new Error('The workbook is read-only'); } });
    renderPane({ port, initialPanel: 'duplicates' });
    await giveName(user);
    await user.click(screen.getByTestId('find-duplicates'));
    await waitFor(() => expect(screen.getAllByTestId('cluster')).toHaveLength(2));
    await user.click(within(clusterOf('2, 3')!).getByTestId('merge'));
    expect(await screen.findByText(/Could not save the decision in the workbook: The workbook is read-only/)).toBeInTheDocument();
    expect(clusterOf('2, 3')).toBeDefined();
    expect(screen.getByText('No decisions yet.')).toBeInTheDocument();
  });

  it('a decision the audit trail refused still stands, and the pane says the trail is missing it', async () => {
    const user = userEvent.setup();
    const { port, calls } = stubPort(storedSettings(), { appendAudit: async () => { throw new Error('The Audit sheet is protected by someone else'); } });
    renderPane({ port, initialPanel: 'duplicates' });
    await giveName(user);
    await user.click(screen.getByTestId('find-duplicates'));
    await waitFor(() => expect(screen.getAllByTestId('cluster')).toHaveLength(2));
    await user.click(within(clusterOf('2, 3')!).getByTestId('merge'));
    expect(await screen.findByText(/The decision is saved, but the audit trail could not record it: The Audit sheet is protected/)).toBeInTheDocument();
    expect(calls.saved).toHaveLength(1);
    expect(screen.getAllByTestId('decided')).toHaveLength(1);
  });
});
