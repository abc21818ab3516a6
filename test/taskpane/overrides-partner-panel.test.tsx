/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { cellKey, createFakeExcel } from '../../testing/fake-excel';
import { partnerWorkbook } from '../../testing/builders/partner-sample';
import { MARK_COLORS } from '../../src/core/verify/messages';
import { saveUserName } from '../../src/taskpane/userName';
import { loadLazyChunks, renderPane } from './helpers';

/**
 * The Validate panel on a partner's own layout (the partner sample): a flag
 * overridden from the list stays named by the partner's sheet and cell, in
 * the status line, the overridden list and its Undo button, and never by the
 * standard's sheet the verification holds it under.
 */

beforeAll(loadLazyChunks);
beforeEach(() => {
  localStorage.clear();
  saveUserName('Dana Steward');
});

const STANDARD_CELL = /\b(Studies|Sites|Organizations)!/;

it('overrides and restores a flag on a partner sheet, naming the partner cell throughout', async () => {
  const user = userEvent.setup();
  const fake = createFakeExcel(partnerWorkbook());
  renderPane({ host: fake, initialPanel: 'validate' });
  await user.click(await screen.findByTestId('validate'));
  await waitFor(() => expect(screen.getByTestId('count-errors')).toBeInTheDocument());
  const errors = screen.getByTestId('count-errors').textContent;
  const hospitals = fake.workbook.sheet('Hospitals')!;
  expect(hospitals.fills.get(cellKey(7, 1))?.color).toBe(MARK_COLORS.error);

  const section = screen.getAllByTestId('issue-sheet').find((h) => h.textContent?.includes('Hospitals'))!;
  const header = within(section).getByRole('button');
  if (header.getAttribute('aria-expanded') !== 'true') await user.click(header);
  const row = screen.getAllByTestId('issue').find((b) => b.dataset.cell === 'Hospitals!B8')!.closest('li')!;
  await user.click(within(row).getByRole('button', { name: /^Override Hospitals!B8/ }));
  await user.click(await screen.findByTestId('override-reason'));
  const dialog = await screen.findByRole('dialog');
  expect(within(dialog).getByTestId('override-flag')).toHaveTextContent(/Hospitals!B8/);
  await user.type(within(dialog).getByRole('textbox'), 'The target keeps this name in Chinese characters');
  await user.click(within(dialog).getByTestId('confirm-override'));

  await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent(/^Accepted Hospitals!B8 as it is/));
  expect(screen.getByTestId('count-errors')).not.toHaveTextContent(errors!);
  expect(hospitals.fills.get(cellKey(7, 1))).toBeUndefined();
  await user.click(within(screen.getByTestId('overridden-header')).getByRole('button'));
  const item = await screen.findByTestId('overridden');
  expect(item).toHaveAttribute('data-cell', 'Hospitals!B8');
  expect(item).toHaveTextContent(/^Hospitals!B8 /);
  expect(screen.getAllByTestId('issue').map((el) => el.textContent ?? '').filter((t) => STANDARD_CELL.test(t))).toEqual([]);

  await user.click(within(item).getByRole('button', { name: 'Undo override of Hospitals!B8' }));
  await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent(/^Hospitals!B8 is flagged again/));
  expect(screen.getByTestId('count-errors')).toHaveTextContent(errors!);
  expect(screen.queryByTestId('overridden-header')).toBeNull();
  expect(hospitals.fills.get(cellKey(7, 1))?.color).toBe(MARK_COLORS.error);
});
