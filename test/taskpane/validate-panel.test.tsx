/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { cellKey, createFakeExcel } from '../../testing/fake-excel';
import { MARK_COLORS } from '../../src/core/verify/messages';
import { editInExcel, filledWorkbook, loadLazyChunks, renderPane } from './helpers';
import { saveUserName } from '../../src/taskpane/userName';

/**
 * The Validate panel on the real adapter and the fake Excel: run, counts,
 * marks in the workbook, accept all, and the re-validation that follows.
 */

// Organizations: ID, Name, Type, Address, City, State, Postal, Country, Phone
const ORGS = [
  ['ORG-1', 'Duke University Medical Center', 'Hospital', null, 'Durham', 'North Carolina', '27710', 'USA', '919-684-5350'],
  ['ORG-2', 'Gustave Roussy Cancer Campus', 'Hospital', null, 'Villejuif', null, '94805', 'France', null],
];
// Investigators: Email, First, Last, Middle, Title, Degree, Org, City, State, Country, Phone, GCP
const PEOPLE = [
  ['Thomas.Ortel@duke.edu', 'Thomas', 'Ortel', null, 'Dr.', 'MD', 'ORG-1', 'Durham', null, 'US', null, null],
  ['marie@example.org', 'Marie', '王', null, null, null, 'ORG-9', null, null, 'FR', null, null],
];

async function validate(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByTestId('validate'));
  await waitFor(() => expect(screen.getByTestId('count-errors')).toBeInTheDocument());
}

// The panels are lazy chunks: load them before any test waits on one (see helpers).
beforeAll(loadLazyChunks);

// Every recorded action needs the user's name (asked once in a dialog): these tests are about other things, so it is known.
beforeEach(() => { localStorage.clear(); saveUserName('Dana Steward'); });

describe('Validate panel', () => {
  it('runs, shows counts by severity and family, marks cells, and accepts all', async () => {
    const user = userEvent.setup();
    const fake = createFakeExcel(filledWorkbook({ Organizations: ORGS, Investigators: PEOPLE }));
    renderPane({ host: fake, initialPanel: 'validate' });

    await validate(user);
    // Errors: the Chinese last name and the unknown organization; the USA, phone and email case are proposals.
    expect(screen.getByTestId('count-errors')).toHaveTextContent('2 errors');
    expect(screen.getByTestId('family-charset')).toHaveTextContent('1');
    expect(screen.getByTestId('family-reference')).toHaveTextContent('1');
    const proposals = Number(screen.getByTestId('count-proposals').textContent!.split(' ')[0]);
    expect(proposals).toBeGreaterThanOrEqual(4);

    const orgs = fake.workbook.sheet('Organizations')!;
    // H2 (row index 1, column 7) holds "USA": painted as a proposal, with a note saying what it becomes.
    expect(orgs.fills.get(cellKey(1, 7))?.color).toBe(MARK_COLORS.proposal.toUpperCase());
    expect(fake.workbook.notes.length).toBeGreaterThan(0);

    await user.click(screen.getByTestId('accept-all'));
    await waitFor(() => expect(screen.getByTestId('count-proposals')).toHaveTextContent('0 proposed changes'));
    // The Chinese family name had a romanization proposal (Pinyin): accepted with the rest, only the unknown organization is left.
    expect(screen.getByTestId('count-errors')).toHaveTextContent('1 error');
    expect(fake.workbook.sheet('Investigators')!.get(2, 2)).toBe('Wang');
    expect(orgs.get(1, 7)).toBe('US');
    expect(orgs.get(1, 8)).toBe('+19196845350');
    expect(fake.workbook.sheet('Investigators')!.get(1, 0)).toBe('thomas.ortel@duke.edu');
    expect(screen.getByRole('status')).toHaveTextContent(/Applied \d+ changes/);

    // Undo puts the source values back and validates again.
    await user.click(screen.getByTestId('undo'));
    await waitFor(() => expect(screen.getByTestId('count-proposals')).toHaveTextContent(`${proposals} proposed changes`));
    expect(orgs.get(1, 7)).toBe('USA');
  });

  it('selects the cell of an issue clicked in the list, and filters the list', async () => {
    const user = userEvent.setup();
    const fake = createFakeExcel(filledWorkbook({ Organizations: ORGS, Investigators: PEOPLE }));
    renderPane({ host: fake, initialPanel: 'validate' });
    await validate(user);

    const investigators = screen.getAllByTestId('issue-sheet').find((h) => h.textContent?.includes('Investigators'))!;
    const header = within(investigators).getByRole('button');
    if (header.getAttribute('aria-expanded') !== 'true') await user.click(header);
    const issue = await screen.findByText(/contains Chinese/);
    await user.click(issue);
    await waitFor(() => expect(fake.workbook.sheet('Investigators')!.selection).toBe('C3'));
    expect(fake.workbook.sheetById(fake.workbook.activeSheetId!)!.name).toBe('Investigators');

    await user.type(screen.getByRole('searchbox'), 'ORG-9');
    expect(screen.getAllByTestId('issue').map((b) => b.dataset.cell)).toEqual(['Investigators!G3']);
    await user.clear(screen.getByRole('searchbox'));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Severity' }), 'warning');
    expect(screen.queryAllByTestId('issue')).toHaveLength(0);
  });
});

describe('Live re-validation', () => {
  it('re-checks an edited row and repaints it without a new run', async () => {
    const user = userEvent.setup();
    const fake = createFakeExcel(filledWorkbook({ Organizations: ORGS, Investigators: PEOPLE }));
    renderPane({ host: fake, initialPanel: 'validate' });
    await validate(user);
    expect(screen.getByTestId('count-errors')).toHaveTextContent('2 errors');
    const people = fake.workbook.sheet('Investigators')!;
    // C3 holds the Chinese last name: the user types a transliteration, as in Excel.
    expect(people.fills.get(cellKey(2, 2))?.color).toBe(MARK_COLORS.error.toUpperCase());
    await editInExcel(fake.fireChange('Investigators', 'C3', [['Wang']]), () => expect(screen.getByRole('status')).toHaveTextContent(/Re-checked 1 edited row in Investigators/));
    expect(screen.getByTestId('count-errors')).toHaveTextContent('1 error');
    expect(people.fills.get(cellKey(2, 2))?.color ?? null).not.toBe(MARK_COLORS.error.toUpperCase());
    // The unknown organization (G3) is still flagged: only what changed was repainted.
    expect(people.fills.get(cellKey(2, 6))?.color).toBe(MARK_COLORS.error.toUpperCase());
  });
});
