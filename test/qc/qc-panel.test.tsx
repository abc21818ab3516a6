/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createFakeExcel } from '../../testing/fake-excel';
import { prepareQc } from '../../src/core/qc';
import { createExcelPort } from '../../src/excel/port';
import { defaultStandard } from '../../src/core/standard/load';
import { qcStaffWorkbook as workbook, qcColumn as col } from '../../testing/builders/qc-workbook';
import { renderPane } from '../taskpane/helpers';

// The chart library ships ESM-only d3 that this jest setup does not transform (as in test/taskpane/dashboard.test.tsx).
jest.mock('@fluentui/react-charts', () => ({ VerticalBarChart: () => <svg data-testid="vertical-bar-chart" /> }));

/** The Quality control panel on the fake Excel: draw, review in the sheet, read the findings. */

describe('Quality control panel', () => {
  it('creates the QC sheets from a seed, records the draw in the audit trail, then shows the reviewers\' figures', async () => {
    const user = userEvent.setup();
    const host = createFakeExcel(workbook());
    renderPane({ host, initialPanel: 'qc' });
    const seed = await screen.findByTestId('qc-seed');
    await user.clear(seed);
    await user.type(seed, '11');
    await user.selectOptions(screen.getByTestId('qc-scope'), 'critical');
    await user.click(screen.getByRole('button', { name: 'Create QC sheets' }));
    await waitFor(() => expect(screen.getByTestId('qc-message')).toHaveTextContent('QC sheets created: 39 fields to check on 13 records (AQL 1.0, code letter D (arrow to E): 13 of 40 records, accept with at most 0 nonconforming, reject at 1; seed 11).'));
    expect(host.workbook.sheet('QC')).toBeDefined();
    const auditSheet = host.workbook.sheet('Audit');
    expect(auditSheet).toBeDefined();
    expect(JSON.stringify(auditSheet!.rows)).toContain('qc-sample');

    // The reviewer's work in the sheet: everything passes but one field, categorised.
    await host.fireChange('QC', `${col('Verdict')}2:${col('Verdict')}40`, Array.from({ length: 39 }, (_, i) => [i === 4 ? 'Fail' : 'Pass']));
    await host.fireChange('QC', `${col('Cause category')}6`, [['Transformation wrong']]);
    await user.click(screen.getByRole('button', { name: 'Read findings' }));
    const tile = await screen.findByTestId('tile-manual-qc-error-rate');
    // 1 failed of 39 checked = 2.56 %.
    expect(within(tile).getByTestId('tile-value')).toHaveTextContent('2.56%');
    expect(within(screen.getByTestId('tile-manual-qc-lot')).getByTestId('tile-value')).toHaveTextContent('Rejected');
    expect(screen.getByTestId('qc-causes')).toHaveTextContent('Transformation wrong: 1 (in the 80%)');
  });

  it('lists the cells to fix when the QC sheet was edited out of shape', async () => {
    const user = userEvent.setup();
    const host = createFakeExcel(workbook());
    renderPane({ host, initialPanel: 'qc' });
    await user.click(await screen.findByRole('button', { name: 'Create QC sheets' }));
    await waitFor(() => expect(screen.getByTestId('qc-message')).toHaveTextContent('QC sheets created'));
    await host.fireChange('QC', `${col('Verdict')}3`, [['OK']]);
    await user.click(screen.getByRole('button', { name: 'Read findings' }));
    expect(await screen.findByTestId('qc-problems')).toHaveTextContent(`QC!${col('Verdict')}3: verdict "OK" is not one of Pass, Fail`);
    // A second draw never replaces the reviewers' sheet.
    await user.click(screen.getByRole('button', { name: 'Create QC sheets' }));
    await waitFor(() => expect(screen.getByTestId('qc-message')).toHaveTextContent('already has "QC"'));
  });

  it('the Dashboard sheet carries the manual QC figures beside the validation figures', async () => {
    const user = userEvent.setup();
    const host = createFakeExcel(workbook());
    const port = createExcelPort(host);
    const std = defaultStandard();
    await port.writeQcSheets!(prepareQc(std, await port.read(std), null, { method: { kind: 'percent', percent: 10 }, seed: 5, stratify: false, scope: 'critical', source: 'x', generatedAt: '2024-07-01T00:00:00Z', generatedBy: 'Rita' }).model);
    // 10 % of 40 → 4 records × 3 critical fields; one fails.
    await host.fireChange('QC', `${col('Verdict')}2:${col('Verdict')}13`, Array.from({ length: 12 }, (_, i) => [i === 0 ? 'Fail' : 'Pass']));
    renderPane({ host, initialPanel: 'dashboard' });
    await user.click(await screen.findByRole('button', { name: 'Validate now' }));
    await user.click(await screen.findByRole('button', { name: 'Create Dashboard sheet' }));
    await waitFor(() => expect(screen.getByTestId('dashboard-message')).toHaveTextContent('Dashboard sheet created'));
    const text = JSON.stringify(host.workbook.sheet('Dashboard')!.rows);
    expect(text).toContain('QC error rate (errors per 100 cells)');
    expect(text).toContain('Manual QC error rate (failed ÷ checked fields)');
    expect(text).toContain('Manual QC (source data verification)');
  });
});
