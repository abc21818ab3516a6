/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createFakeExcel, cellKey, type FakeExcel } from '../../testing/fake-excel';
import { partnerWorkbook } from '../../testing/builders/partner-sample';
import { memoryLibrary } from '../../src/taskpane/mapping/library';
import { defaultStandard } from '../../src/core/standard/load';
import { loadLazyChunks, renderPane } from './helpers';

/**
 * The Map step on a partner's own layout (samples/partner-rows.ts: renamed
 * sheets, own headers, a title row, extra columns, own list spellings), on
 * the fake Excel through the real adapter.
 */

beforeAll(loadLazyChunks);

const std = defaultStandard();
/** Field keys and the matcher's own words must never reach the screen. */
const INTERNAL = [
  ...std.entities.flatMap((e) => e.fields.map((f) => f.key)).filter((k) => k.includes('_')).map((k) => new RegExp(`\\b${k}\\b`)),
  /\b(alias|exact|content|profile)\b(?! looks| refers| matches)/, /\b0\.\d+\b/, /picklist/i,
];

function columnCard(sheet: string, header: string): HTMLElement {
  const section = screen.getByRole('region', { name: `Sheet ${sheet}` });
  return within(section).getAllByTestId('map-column').find((c) => c.getAttribute('aria-label')?.endsWith(`, ${header}`))!;
}

async function openMap(fake: FakeExcel, library = memoryLibrary()) {
  const user = userEvent.setup();
  renderPane({ host: fake, initialPanel: 'map', library });
  await screen.findByTestId('map-summary');
  return user;
}

describe('Map panel on a partner workbook', () => {
  it('shows each sheet with its standard sheet and header row, each column with its field, how sure in words, and three sample values', async () => {
    await openMap(createFakeExcel(partnerWorkbook()));
    expect(screen.getByText('“Centres” holds Sites')).toBeInTheDocument();
    expect(screen.getAllByText(/Headers on row 3; the rows above are not read/)).toHaveLength(3);
    const centre = columnCard('Centres', 'Centre No');
    expect(within(centre).getByTestId('map-status')).toHaveTextContent('sure: known synonym');
    expect(within(centre).getByText('Sample: 001 · 002')).toBeInTheDocument();
    expect(within(centre).getByRole('combobox')).toHaveTextContent('Site Number');
    const opened = columnCard('Centres', 'Opened');
    expect(within(opened).getByTestId('map-status')).toHaveTextContent('unsure — please confirm: may be Site Activation Date (content looks like dates)');
    expect(within(opened).getByRole('combobox')).not.toHaveTextContent('Site Activation Date');
    expect(within(columnCard('Centres', 'Monitor')).getByTestId('map-status')).toHaveTextContent('not imported');
    expect(screen.getByTestId('map-summary')).toHaveTextContent('3 sheets mapped; 1 column waits for your choice.');
    const text = document.body.textContent ?? '';
    for (const re of INTERNAL) expect(text).not.toMatch(re);
  });

  it('is operated with the keyboard: Enter confirms the unsure column, Escape leaves a dropdown unchanged, Enter on Not imported refuses a column', async () => {
    const user = await openMap(createFakeExcel(partnerWorkbook()));
    // The unsure column's confirm button (Tab order and arrow keys are covered in the browser e2e: jsdom has no layout for Fluent's list navigation).
    const confirm = within(columnCard('Centres', 'Opened')).getByRole('button', { name: 'Use Site Activation Date' });
    confirm.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('map-summary')).toHaveTextContent('nothing waits for your choice'));
    expect(within(columnCard('Centres', 'Opened')).getByTestId('map-status')).toHaveTextContent('sure: you chose it');
    expect(within(columnCard('Centres', 'Opened')).getByRole('combobox')).toHaveTextContent('Site Activation Date');

    // The Centre No dropdown: Enter opens its list, Escape closes it without a change.
    const box = within(columnCard('Centres', 'Centre No')).getByRole('combobox');
    // Focusing the dropdown changes its state at once (it shows it has focus): an event, so inside act as user-event's own are.
    act(() => box.focus());
    expect(box).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('listbox')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('listbox')).not.toBeInTheDocument());
    expect(box).toHaveTextContent('Site Number');

    // An extra column the matcher half-recognised can be refused: its "Not imported" button, with Enter.
    document.body.innerHTML = '';
    const again = await openMap(createFakeExcel(partnerWorkbook()));
    within(columnCard('Centres', 'Opened')).getByRole('button', { name: 'Not imported' }).focus();
    await again.keyboard('{Enter}');
    await waitFor(() => expect(within(columnCard('Centres', 'Opened')).getByTestId('map-status')).toHaveTextContent('not imported: you chose it'));
    expect(within(columnCard('Centres', 'Opened')).getByRole('combobox')).toHaveTextContent('Not imported');
    expect(screen.getByTestId('map-summary')).toHaveTextContent('nothing waits for your choice');
  });

  it('validates on the partner layout: issues name the partner sheets and highlights land on its cells', async () => {
    const fake = createFakeExcel(partnerWorkbook());
    const user = await openMap(fake);
    await user.click(screen.getByRole('tab', { name: 'Validate' }));
    await user.click(await screen.findByTestId('validate'));
    await waitFor(() => expect(screen.getByTestId('count-errors')).toBeInTheDocument());
    for (const b of screen.queryAllByRole('button', { expanded: false })) await user.click(b);
    const issues = screen.getAllByTestId('issue').map((el) => el.textContent ?? '');
    // Field names in the partner's layout are the standard's headers, never its keys.
    expect(issues.join(' ')).not.toMatch(/\borg_name\b/);
    expect(issues.some((t) => t.includes('Trial List!D4'))).toBe(true); // "Open for inclusion" is not a status of the list
    expect(issues.every((t) => !/\b(Studies|Sites|Organizations)!/.test(t))).toBe(true);
    const trials = fake.workbook.sheet('Trial List')!;
    expect(trials.fills.get(cellKey(3, 3))?.color).toBeTruthy();
    expect(fake.workbook.sheet('Studies')).toBeUndefined();
  });

  it('maps a partner spelling to an allowed value once: every cell holding it changes through the usual accept path, recorded', async () => {
    const fake = createFakeExcel(partnerWorkbook());
    const user = await openMap(fake);
    const card = (await screen.findAllByTestId('map-value')).find((c) => c.textContent?.includes('Study Status'))!;
    expect(card).toHaveTextContent('“Open for inclusion”');
    expect(card).toHaveTextContent('1 cell');
    await user.click(within(card).getByRole('combobox'));
    await user.click(await screen.findByRole('option', { name: 'Enrolling' }));
    await user.click(screen.getByTestId('map-apply-values'));
    // The name for the audit trail is asked before the first change.
    // A bound for a loaded machine (validation, then the dialog), not a timing the test relies on.
    const name = await screen.findByTestId('name-dialog-input', {}, { timeout: 60_000 });
    await user.type(name, 'Dana Steward{Enter}');
    await waitFor(() => expect(screen.getByTestId('map-notice')).toHaveTextContent('1 cell changed'), { timeout: 60_000 });
    expect(fake.workbook.sheet('Trial List')!.get(3, 3)).toBe('Enrolling');
    expect(fake.workbook.sheet('Centres')!.get(3, 4)).toBe('Open for inclusion'); // another field's spelling is its own decision
    expect(fake.workbook.sheets.some((s) => s.name === 'Audit' || s.name.startsWith('_ctms_audit'))).toBe(true);
  });

  it('refuses a bad mapping file with its name and the problem, and changes nothing', async () => {
    await openMap(createFakeExcel(partnerWorkbook()));
    const bad = JSON.stringify({ format: 'ctms-collect-mapping', version: 1, standard: 'other-standard', sheets: [] });
    fireEvent.change(screen.getByTestId('map-file'), { target: { files: [new File([bad], 'acme.json', { type: 'application/json' })] } });
    const alert = await screen.findByTestId('map-refused');
    expect(alert).toHaveTextContent('acme.json was not used');
    expect(alert).toHaveTextContent('standard: the profile is for other-standard');
    expect(screen.getByTestId('map-summary')).toHaveTextContent('1 column waits for your choice');
  });

  it('a saved mapping makes the next hand-over of the same partner map with no questions, and says which mapping was used', async () => {
    const library = memoryLibrary();
    const first = createFakeExcel(partnerWorkbook());
    const user = await openMap(first, library);
    await user.click(within(columnCard('Centres', 'Opened')).getByRole('button', { name: 'Use Site Activation Date' }));
    await user.type(screen.getByTestId('map-partner'), 'Acme CRO');
    await user.click(screen.getByTestId('map-save'));
    await screen.findByText(/Mapping saved in this workbook and as “Acme CRO”/);
    expect(first.workbook.sheet('_ctms_mapping')?.visibility).toBe('VeryHidden');
    expect(library.list().map((e) => e.name)).toEqual(['Acme CRO']);
    document.body.innerHTML = '';

    // Next month's file from the same partner, in a new workbook: the library's mapping is found by itself.
    await openMap(createFakeExcel(partnerWorkbook()), library);
    expect(screen.getByTestId('map-profile-used')).toHaveTextContent('Mapped with your saved mapping “Acme CRO”.');
    expect(screen.getByTestId('map-summary')).toHaveTextContent('nothing waits for your choice');
    expect(within(columnCard('Centres', 'Opened')).getByTestId('map-status')).toHaveTextContent('sure: from your saved mapping');
  });
});
