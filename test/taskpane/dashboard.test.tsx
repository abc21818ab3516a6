/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AuditTrail, type AuditInput } from '../../src/core/audit';
import type { DashboardModel } from '../../src/core/kpi';
import { readAudit } from '../../src/excel';
import { createExcelPort } from '../../src/excel/port';
import { createPaneServices } from '../../src/taskpane/context';
import type { WorkbookPort } from '../../src/app/workbook-port';
import { memorySettings } from '../../src/taskpane/settings';
import { createFakeExcel, FakeWorkbook } from '../../testing/fake-excel';
import { defaultStandard } from '../../src/core/standard/load';
import { kpiWorkbook } from '../kpi/fixture';
import { inertPort, loadChartChunk, loadLazyChunks, renderPane } from './helpers';

/**
 * The Dashboard panel on a stub port fed the KPI fixture (figures checked by
 * hand in test/kpi/fixture.ts), and the audit trail of a scripted session on
 * the fake Excel. The chart library ships ESM-only d3, which this jest setup
 * does not transform: it is replaced by a stub that shows what it was given;
 * the real chart renders in the browser test (test/e2e/dashboard.e2e.js).
 */
jest.mock('@fluentui/react-charts', () => ({
  VerticalBarChart: (p: { data: { x: string; y: number; lineData?: { y: number; useSecondaryYScale?: boolean } }[]; chartTitle: string }) => (
    <svg data-testid="vertical-bar-chart" aria-label={p.chartTitle}>
      {p.data.map((d) => <rect key={d.x} data-point={`${d.x} ${d.y} ${d.lineData?.y ?? ''}${d.lineData?.useSecondaryYScale ? ' secondary' : ''}`} />)}
    </svg>
  ),
}));

function stubPort(overrides: Partial<WorkbookPort> = {}) {
  const calls = { dashboards: [] as DashboardModel[], audit: [] as AuditInput[][] };
  const port = inertPort({
    read: async () => kpiWorkbook(),
    generateTemplate: async () => ({ sheets: ['Studies'], notes: [] }),
    writeDashboard: async (m) => { calls.dashboards.push(m); return { sheet: 'Dashboard', charts: 4, notes: [] }; },
    appendAudit: async (entries) => { calls.audit.push(entries); return { warning: null }; },
    readAudit: async () => {
      const trail = new AuditTrail({ who: 'Ann Lee', now: () => new Date('2024-06-30T12:00:00Z') });
      trail.append({ kind: 'transformation', sheet: 'Sites', row: 3, cell: 'L3', before: 'USA', after: 'US', ruleId: 'T-COUNTRY' });
      return { trail, check: trail.verifyChain() };
    },
    ...overrides,
  });
  return { port, calls };
}

const tile = (id: string) => within(screen.getByTestId(`tile-${id}`)).getByTestId('tile-value');

// The panels and the chart are lazy chunks: load them before any test waits on one (see helpers).
beforeAll(async () => { await loadLazyChunks(); await loadChartChunk(); });

beforeEach(() => localStorage.clear());

describe('Dashboard panel', () => {
  it('asks to validate first, then shows the hand-checked tiles, the Pareto chart and progress by study with its sites', async () => {
    const user = userEvent.setup();
    const { port } = stubPort();
    renderPane({ port, initialPanel: 'dashboard' });
    await user.click(await screen.findByRole('button', { name: 'Validate now' }));

    // 91 of 96 cells, 7 of 10 records, 4 errors per 96 cells.
    await waitFor(() => expect(tile('accuracy-cells')).toHaveTextContent('94.8%'));
    expect(tile('accuracy-records')).toHaveTextContent('70%');
    expect(tile('qc-error-rate')).toHaveTextContent('4.17');
    expect(tile('records')).toHaveTextContent('10');
    expect(tile('cells')).toHaveTextContent('96');
    expect(tile('errors')).toHaveTextContent('4');
    expect(screen.getByTestId('tile-accuracy-cells')).toHaveTextContent('Goal ≥ 98% · goal missed');
    expect(screen.getByTestId('tile-qc-error-rate')).toHaveTextContent('Goal < 0.5 · goal missed');

    const chart = await screen.findByTestId('chart-pareto-families');
    const svg = within(chart).getByTestId('vertical-bar-chart');
    expect(svg).toHaveAttribute('aria-label', 'Errors by rule family (Pareto)');
    expect([...svg.querySelectorAll('rect')].map((r) => r.getAttribute('data-point'))).toEqual(['Business rule 2 50 secondary', 'Not in the list 1 75 secondary', 'Missing value 1 100 secondary']);
    expect(chart).toHaveTextContent(/Pareto chart of 4 errors by rule family/);

    const study = screen.getByTestId('study-ABC-123');
    expect(study).toHaveTextContent('6 of 8 records clean');
    await user.click(within(study).getByRole('button', { name: /Study ABC-123/ }));
    expect(await within(study).findByText('Site 001')).toBeInTheDocument();
    expect(within(study).getByText('Site 002')).toBeInTheDocument();
  });

  it('filters by study: Organizations leave the scope, every figure follows', async () => {
    const user = userEvent.setup();
    const { port } = stubPort();
    renderPane({ port, initialPanel: 'dashboard' });
    await user.click(await screen.findByRole('button', { name: 'Validate now' }));
    await waitFor(() => expect(tile('errors')).toHaveTextContent('4'));
    await user.selectOptions(screen.getByTestId('filter-study'), 'ABC-123');
    // 8 records (Organizations out), 78 cells, 3 errors: 3 × 100 / 78.
    await waitFor(() => expect(tile('errors')).toHaveTextContent('3'));
    expect(tile('records')).toHaveTextContent('8');
    expect(tile('cells')).toHaveTextContent('78');
    expect(tile('qc-error-rate')).toHaveTextContent('3.85');
    expect([...screen.getByTestId('filter-country').querySelectorAll('option')].map((o) => o.textContent)).toEqual(['All countries', 'US']);
  });

  it('creates the Dashboard sheet from the same model and exports the audit trail', async () => {
    const user = userEvent.setup();
    const { port, calls } = stubPort();
    const created: Blob[] = [];
    Object.assign(URL, { createObjectURL: (b: Blob) => { created.push(b); return 'blob:x'; }, revokeObjectURL: () => undefined });
    renderPane({ port, initialPanel: 'dashboard' });
    await user.click(await screen.findByRole('button', { name: 'Validate now' }));
    await waitFor(() => expect(tile('errors')).toHaveTextContent('4'));

    await user.click(screen.getByRole('button', { name: 'Create Dashboard sheet' }));
    await waitFor(() => expect(screen.getByTestId('dashboard-message')).toHaveTextContent('Dashboard sheet created with 4 charts.'));
    expect(calls.dashboards[0]!.tables.find((t) => t.id === 'kpis')!.rows[0]).toEqual(['Data accuracy (cells)', '94.8%', '≥ 98%', 'missed', '91 of 96 cells pass every check']);

    await user.click(screen.getByRole('button', { name: 'Export audit (CSV)' }));
    await waitFor(() => expect(screen.getByTestId('dashboard-message')).toHaveTextContent('Exported 1 audit entry (its chain checks out).'));
    expect(created[0]!.type).toBe('text/csv;charset=utf-8');
  });

  it('says why the sheet was not created', async () => {
    const user = userEvent.setup();
    const { port } = stubPort({ writeDashboard: async () => { throw new Error('Cannot create the Dashboard sheet: this workbook already has a sheet named "Dashboard"'); } });
    renderPane({ port, initialPanel: 'dashboard' });
    await user.click(await screen.findByRole('button', { name: 'Validate now' }));
    await user.click(await screen.findByRole('button', { name: 'Create Dashboard sheet' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/already has a sheet named "Dashboard"/);
  });

  it('asks for the name once; accepted changes are recorded under it', async () => {
    const user = userEvent.setup();
    const { port, calls } = stubPort();
    renderPane({ port, initialPanel: 'dashboard' });
    await user.type(await screen.findByTestId('user-name'), 'Ann Lee');
    await user.click(screen.getByRole('button', { name: 'Save name' }));
    expect(screen.getByText(/recorded in the audit trail as/)).toHaveTextContent('Ann Lee');
    expect(localStorage.getItem('ctms-collect.user-name.v1')).toBe('Ann Lee');
    await user.click(screen.getByRole('button', { name: 'Validate now' }));
    await user.click(await screen.findByRole('tab', { name: 'Validate' }));
    await user.click(await screen.findByRole('button', { name: /Accept all/ }));
    await waitFor(() => expect(calls.audit).toHaveLength(1));
    expect(calls.audit[0]).toEqual([expect.objectContaining({ kind: 'transformation', who: 'Ann Lee', sheet: 'Sites', row: 3, cell: 'F3', before: 'USA', after: 'US', ruleId: 'T-COUNTRY' })]);
  });
});

describe('audit trail of a scripted session on the fake Excel', () => {
  it('holds the template and every accepted change with who, when, before and after', async () => {
    const wb = new FakeWorkbook();
    wb.addSheet('Sheet1');
    const fake = createFakeExcel(wb);
    localStorage.setItem('ctms-collect.user-name.v1', 'Ann Lee');
    const s = createPaneServices(createExcelPort(fake), memorySettings());
    await s.validation.generateTemplate();
    // Typed by the user into the template: a country name and padded text the rules propose to fix.
    const orgs = defaultStandard().entities.find((e) => e.sheet === 'Organizations')!;
    const typed: Record<string, string> = { 'Organization ID': 'ORG-1', 'Organization Name': '  Duke University ', 'Organization Type': 'University', City: 'Durham', Country: 'USA' };
    await fake.fireChange('Organizations', `A2:${String.fromCharCode(64 + orgs.fields.length)}2`, [orgs.fields.map((f) => typed[f.header] ?? '')]);
    const result = await s.validation.validate();
    const proposals = result!.proposals;
    expect(proposals.length).toBeGreaterThan(0);
    await s.validation.accept(proposals);
    const { trail, check } = await readAudit(fake);
    expect(check.ok).toBe(true);
    const changes = trail.entries().filter((e) => e.kind === 'transformation');
    expect(changes.map((e) => [e.sheet, e.cell, e.before, e.after, e.ruleId])).toEqual(
      proposals.map((p) => [p.sheet, expect.stringMatching(/^[A-Z]+\d+$/), p.from === null ? null : String(p.from), String(p.to), p.ruleId]));
    for (const e of trail.entries()) {
      expect(e.who).toBe('Ann Lee');
      expect(e.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    expect(trail.entries()[0]).toMatchObject({ kind: 'template', after: expect.stringMatching(/v/) });
    expect(wb.sheet('Audit')!.visibility).toBe('VeryHidden');
    expect(wb.sheet('Audit')!.protectedSheet).toBe(true);
  });
});
