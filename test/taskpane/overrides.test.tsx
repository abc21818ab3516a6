/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { cellKey, createFakeExcel } from '../../testing/fake-excel';
import { OVERRIDES_SETTING, readAudit } from '../../src/excel';
import { MARK_COLORS } from '../../src/core/verify/messages';
import { saveUserName } from '../../src/taskpane/userName';
import { editInExcel, filledWorkbook, loadLazyChunks, renderPane } from './helpers';

// The chart library ships ESM-only d3, which this jest setup does not transform (as in dashboard.test.tsx).
jest.mock('@fluentui/react-charts', () => ({ VerticalBarChart: () => <svg data-testid="vertical-bar-chart" /> }));

/**
 * Manual overrides in the Validate panel, on the real adapter and the fake
 * Excel: override a warning with a reason, the counts and marks follow, the
 * audit trail records it, a re-opened workbook still has it, undo withdraws it
 * (and is recorded too); a required error offers no override.
 */

// Organizations: ID, Name, Type, Address, City, State, Postal, Country, Phone
const ORGS = [['ORG-1', 'Duke University Medical Center', 'Hospital', null, 'Durham', 'NC', '27710', 'US', '+19196845350']];
// Investigators: Email, First, Last, Middle, Title, Degree, Org, City, State, Country, Phone, GCP
const PEOPLE = [
  // 01/04/2020 reads as 4 January or 1 April: an ambiguous-date warning, with no date order set.
  ['thomas.ortel@duke.edu', 'Thomas', 'Ortel', null, 'Dr.', 'MD', 'ORG-1', 'Durham', null, 'US', null, '01/04/2020'],
  // No last name: a required error.
  ['ann.lee@duke.edu', 'Ann', null, null, null, null, 'ORG-1', null, null, 'US', null, null],
];
const REASON = 'Source system stores dates as DD/MM; confirmed 4 April with the site';

async function validate(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByTestId('validate'));
  await waitFor(() => expect(screen.getByTestId('count-errors')).toBeInTheDocument());
}

async function openSheet(user: ReturnType<typeof userEvent.setup>, name: string) {
  const section = screen.getAllByTestId('issue-sheet').find((h) => h.textContent?.includes(name))!;
  const header = within(section).getByRole('button');
  if (header.getAttribute('aria-expanded') !== 'true') await user.click(header);
}

/**
 * jsdom has no layout, so Fluent's dialog cannot always move focus to its first field as a browser
 * does; when it does not, the focus manager (Tabster) treats the dialog as inactive and hides it
 * from the accessibility tree, depending on how fast the machine is. Click into the reason box, as a
 * user would, so the dialog is the active modal before the test looks for it by role.
 */
async function focusReason(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByTestId('override-reason'));
}

const issueRow = (cell: string) => screen.getAllByTestId('issue').find((b) => b.dataset.cell === cell)!.closest('li')!;

// The panels are lazy chunks: load them before any test waits on one (see helpers).
beforeAll(loadLazyChunks);

beforeEach(() => {
  localStorage.clear();
  saveUserName('Dana Steward');
});

describe('Overriding a flag in the Validate panel', () => {
  it('overrides a warning with a reason, records it, keeps it across re-opening, and undoes it', async () => {
    const user = userEvent.setup();
    const fake = createFakeExcel(filledWorkbook({ Organizations: ORGS, Investigators: PEOPLE }));
    const first = renderPane({ host: fake, initialPanel: 'validate' });
    await validate(user);
    expect(screen.getByTestId('count-warnings')).toHaveTextContent('1 warning');
    expect(screen.getByTestId('count-errors')).toHaveTextContent('1 error');
    const people = fake.workbook.sheet('Investigators')!;
    expect(people.fills.get(cellKey(1, 11))?.color).toBe(MARK_COLORS.warning.toUpperCase());

    await openSheet(user, 'Investigators');
    // The required error (C3) offers no override; the warning (L2) does, as a button of its own.
    expect(within(issueRow('Investigators!C3')).queryByTestId('override')).toBeNull();
    const button = within(issueRow('Investigators!L2')).getByRole('button', { name: /^Override Investigators!L2/ });

    // Keyboard: a native button in the tab order (jsdom cannot follow Fluent's focus manager on Tab), Enter opens the dialog.
    expect(button.tagName).toBe('BUTTON');
    expect(button).not.toHaveAttribute('tabindex', '-1');
    button.focus();
    await user.keyboard('{Enter}');
    await focusReason(user);
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('override-flag')).toHaveTextContent(/Investigators!L2/);
    expect(within(dialog).getByTestId('confirm-override')).toBeDisabled();
    await user.type(within(dialog).getByRole('textbox'), REASON);
    await user.click(within(dialog).getByTestId('confirm-override'));

    await waitFor(() => expect(screen.getByTestId('count-warnings')).toHaveTextContent('0 warnings'));
    expect(screen.getByTestId('count-errors')).toHaveTextContent('1 error');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByTestId('overridden-header')).toHaveTextContent('Overridden 1');
    // The dialog hands the page back to assistive technology once it has closed.
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Accepted Investigators!L2 as it is (ambiguous date).'));
    // The mark goes with the flag.
    expect(people.fills.get(cellKey(1, 11))?.color).not.toBe(MARK_COLORS.warning.toUpperCase());
    expect(typeof fake.workbook.settings.get(OVERRIDES_SETTING)).toBe('string');

    await waitFor(async () => expect((await readAudit(fake)).trail.length).toBe(1));
    const { trail, check } = await readAudit(fake);
    expect(check.ok).toBe(true);
    const entry = trail.entries()[0]!;
    expect(entry).toMatchObject({ kind: 'override', who: 'Dana Steward', sheet: 'Investigators', row: 2, cell: 'L2', ruleId: 'ambiguousDate', after: `overridden: ${REASON}` });
    expect(entry.before).toMatch(/^warning ambiguousDate: .*could be/);
    expect(entry.at).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    first.unmount();

    // Re-open: a new host on the same workbook, as when the file is opened again.
    const again = createFakeExcel(fake.workbook);
    renderPane({ host: again, initialPanel: 'validate' });
    await validate(user);
    expect(screen.getByTestId('count-warnings')).toHaveTextContent('0 warnings');
    await user.click(within(screen.getByTestId('overridden-header')).getByRole('button'));
    const item = await screen.findByTestId('overridden');
    expect(item).toHaveTextContent(REASON);
    expect(item).toHaveTextContent('Dana Steward');

    await user.click(within(item).getByRole('button', { name: 'Undo override of Investigators!L2' }));
    await waitFor(() => expect(screen.getByTestId('count-warnings')).toHaveTextContent('1 warning'));
    expect(screen.queryByTestId('overridden-header')).toBeNull();
    expect(people.fills.get(cellKey(1, 11))?.color).toBe(MARK_COLORS.warning.toUpperCase());
    await waitFor(async () => expect((await readAudit(again)).trail.length).toBe(2));
    expect((await readAudit(again)).trail.entries()[1]).toMatchObject({
      kind: 'override', who: 'Dana Steward', cell: 'L2', ruleId: 'ambiguousDate', before: `overridden: ${REASON}`, after: 'override withdrawn',
    });
  });

  it('follows its record when a row is inserted above, survives live edits of the row, and goes stale when the value changes', async () => {
    const user = userEvent.setup();
    const fake = createFakeExcel(filledWorkbook({ Organizations: ORGS, Investigators: PEOPLE }));
    renderPane({ host: fake, initialPanel: 'validate' });
    await validate(user);
    await openSheet(user, 'Investigators');
    await user.click(within(issueRow('Investigators!L2')).getByTestId('override'));
    await focusReason(user);
    await user.type(within(await screen.findByRole('dialog')).getByRole('textbox'), REASON);
    await user.click(screen.getByTestId('confirm-override'));
    await waitFor(() => expect(screen.getByTestId('count-warnings')).toHaveTextContent('0 warnings'));

    // Someone inserts a person at the top: Thomas moves to row 3, and his override goes with him.
    fake.workbook.sheet('Investigators')!.load([['maria.diaz@duke.edu', 'Maria', 'Diaz', null, null, null, 'ORG-1', null, null, 'US', null, null], ...PEOPLE], 1);
    await editInExcel(fake.fireEvent('Investigators', '2:2', 'RowInserted'), () => expect(screen.getByRole('status')).toHaveTextContent(/The sheet layout changed/));
    expect(screen.getByTestId('count-warnings')).toHaveTextContent('0 warnings');
    await user.click(within(screen.getByTestId('overridden-header')).getByRole('button'));
    expect(await screen.findByTestId('overridden')).toHaveAttribute('data-cell', 'Investigators!L3');

    // An edit elsewhere in his row is re-checked live; the override still holds.
    await editInExcel(fake.fireChange('Investigators', 'D3', [['J']]), () => expect(screen.getByRole('status')).toHaveTextContent(/Re-checked 1 edited row in Investigators/));
    expect(screen.getByTestId('count-warnings')).toHaveTextContent('0 warnings');

    // A new value in the overridden cell is a new question: the override covers nothing any more, and says so.
    await editInExcel(fake.fireChange('Investigators', 'L3', [['2020-04-01x']]), () => expect(screen.getByTestId('stale-overrides')).toHaveTextContent('1 earlier override no longer matches a flag'));
    expect(screen.queryByTestId('overridden-header')).toBeNull();
  });

  it('an overridden reference error counts as overridden on the Dashboard, not as an error', async () => {
    const user = userEvent.setup();
    const people = [['marie.curie@example.org', 'Marie', 'Curie', null, null, null, 'ORG-9', null, null, 'FR', null, null]];
    renderPane({ host: createFakeExcel(filledWorkbook({ Organizations: ORGS, Investigators: people })), initialPanel: 'validate' });
    await validate(user);
    expect(screen.getByTestId('count-errors')).toHaveTextContent('1 error');
    await openSheet(user, 'Investigators');
    await user.click(within(issueRow('Investigators!G2')).getByTestId('override'));
    await focusReason(user);
    await user.type(within(await screen.findByRole('dialog')).getByRole('textbox'), 'ORG-9 already exists in the target CTMS');
    await user.click(screen.getByTestId('confirm-override'));
    await waitFor(() => expect(screen.getByTestId('count-errors')).toHaveTextContent('0 errors'));

    await user.click(await screen.findByRole('tab', { name: 'Dashboard' }));
    expect(within(await screen.findByTestId('tile-errors')).getByTestId('tile-value')).toHaveTextContent('0');
    expect(screen.getByTestId('overridden-count')).toHaveTextContent('1 flag overridden with a reason');
  });
});
