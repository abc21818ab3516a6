/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createFakeExcel } from '../../testing/fake-excel';
import { filledWorkbook, loadLazyChunks, renderPane } from './helpers';
import { saveUserName } from '../../src/taskpane/userName';

/** The Translations section of the Validate panel: write the sheet, a translator fills it, the English comes back as proposed changes. */

const PUMCH = '北京协和医院';
const PUMCH_EN = 'Peking Union Medical College Hospital';
const ORGS = [
  ['ORG-1', PUMCH, 'Hospital', null, 'Rochester', null, '100730', 'CN', null],
  ['ORG-2', PUMCH, 'Hospital', null, 'Rochester', null, '100730', 'CN', null],
];

beforeAll(loadLazyChunks);
beforeEach(() => { localStorage.clear(); saveUserName('Dana Steward'); });

it('appears when text in another script is found, writes the sheet, and turns the approved English into proposed changes', async () => {
  const user = userEvent.setup();
  const fake = createFakeExcel(filledWorkbook({ Organizations: ORGS }));
  renderPane({ host: fake, initialPanel: 'validate' });
  await user.click(await screen.findByTestId('validate'));
  const section = within((await screen.findByRole('heading', { name: 'Translations' })).closest('section')!);
  expect(section.getByText(/^2 cells hold text in another script\./)).toBeInTheDocument();

  await user.click(section.getByRole('button', { name: 'Write Translations sheet' }));
  await waitFor(() => expect(section.getByTestId('translations-notice')).toHaveTextContent('Translations sheet written: 1 text, 0 already translated.'));
  const sheet = fake.workbook.sheet('Translations')!;
  expect(sheet.rows[1]![0]).toBe(PUMCH);

  // The translator's English, typed into the sheet.
  sheet.set(1, 5, PUMCH_EN);
  await user.click(section.getByRole('button', { name: 'Use approved translations' }));
  await waitFor(() => expect(section.getByTestId('translations-notice')).toHaveTextContent('1 approved translation read (1 new in the audit trail); 2 cells can take it'));
  const proposals = within(screen.getByRole('heading', { name: 'Proposed changes' }).closest('section')!);
  await user.click(proposals.getByRole('button', { name: /Approved translations/ }));
  expect(await proposals.findByRole('button', { name: `Accept Organizations!B2: ${PUMCH} becomes ${PUMCH_EN}` })).toBeInTheDocument();
  // Words for people: no rule ids in the section.
  expect(section.getByRole('heading', { name: 'Translations' }).closest('section')!.textContent).not.toMatch(/T-[A-Z]+|charset|latinOnly/);
});

it('stays away when every text is in Latin script', async () => {
  const user = userEvent.setup();
  const fake = createFakeExcel(filledWorkbook({ Organizations: [['ORG-1', 'Mayo Clinic', 'Hospital', null, 'Rochester', null, '55905', 'US', null]] }));
  renderPane({ host: fake, initialPanel: 'validate' });
  await user.click(await screen.findByTestId('validate'));
  await screen.findByTestId('count-errors');
  expect(screen.queryByRole('heading', { name: 'Translations' })).toBeNull();
});

it('says that names in kanji are read on the command line, not here', async () => {
  const user = userEvent.setup();
  // Investigators: Email, First, Last, Middle, Title, Degree, Org, City, State, Country, Phone, GCP
  const people = [['yamada@u-tokyo.example.jp', '太郎', '山田', null, null, null, 'ORG-1', null, null, 'JP', null, null]];
  const fake = createFakeExcel(filledWorkbook({ Organizations: [['ORG-1', 'University of Tokyo Hospital', 'Hospital', null, 'Tokyo', null, '113-8655', 'JP', null]], Investigators: people }));
  renderPane({ host: fake, initialPanel: 'validate' });
  await user.click(await screen.findByTestId('validate'));
  expect(await screen.findByTestId('translations-kanji')).toHaveTextContent(/^2 names in kanji have no proposed reading here: .*The command line's validate proposes readings for review/);
});
