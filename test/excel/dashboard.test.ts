import { computeKpis, dashboardModel } from '../../src/core/kpi';
import { defaultStandard } from '../../src/core/standard/load';
import { DASHBOARD_SETTING, DashboardConflictError, writeDashboardSheet } from '../../src/excel';
import { chartsOf, createFakeExcel, FakeWorkbook } from '../../testing/fake-excel';
import { verify } from '../../testing/builders/wb';
import { kpiWorkbook } from '../kpi/fixture';

const std = defaultStandard();

function model() {
  const data = kpiWorkbook();
  return dashboardModel(computeKpis(std, data, verify(data)), { generatedAt: '2024-06-30T12:00:00.000Z', source: 'Book1.xlsx' });
}

function setup(api = '1.18') {
  const wb = new FakeWorkbook();
  wb.addSheet('Sites').load([['Site Number'], ['001']]);
  const fake = createFakeExcel(wb, { apiVersion: api });
  return { wb, fake };
}

/** Every row of a sheet's column A (what a reader scans for). */
const columnA = (wb: FakeWorkbook, name: string) => wb.sheet(name)!.rows.map((r) => r?.[0]);

describe('writeDashboardSheet', () => {
  it('writes the KPI table and one native chart per chart of the model, in few syncs, leaving other sheets alone', async () => {
    const { wb, fake } = setup();
    const m = model();
    const before = JSON.stringify(wb.sheet('Sites')!.rows);
    const res = await writeDashboardSheet(fake, m);
    const withData = m.charts.filter((c) => c.categories.length).length;
    expect(res).toEqual({ sheet: 'Dashboard', charts: withData, notes: [] });
    expect(fake.stats.syncCount).toBeLessThanOrEqual(5);
    expect(JSON.stringify(wb.sheet('Sites')!.rows)).toBe(before);

    const s = wb.sheet('Dashboard')!;
    expect(s.get(0, 0)).toBe(m.title);
    // The headline tiles: accuracy as a real percentage (number + format), goal next to it.
    const a = columnA(wb, 'Dashboard');
    const acc = a.indexOf('Data accuracy (cells)');
    expect(acc).toBeGreaterThan(0);
    expect(s.get(acc, 1)).toBeCloseTo(91 / 96, 10);
    expect(s.numberFormat(acc, 1)).toBe('0.0%');
    expect(s.get(acc, 2)).toBe('≥ 98%');
    expect(s.get(acc, 3)).toBe('Goal not met');
    // The KPI table, as the CLI writes it.
    const kpiTable = m.tables.find((t) => t.id === 'kpis')!;
    const top = a.indexOf(kpiTable.title);
    expect(top).toBeGreaterThan(acc);
    expect([0, 1, 2, 3, 4].map((c) => s.get(top + 1, c))).toEqual(kpiTable.headers);
    kpiTable.rows.forEach((r, i) => expect(s.get(top + 2 + i, 0)).toBe(r[0]));

    const charts = chartsOf(s);
    expect(charts).toHaveLength(withData);
    const pareto = charts.find((c) => c.name === 'CTMS pareto-families')!;
    expect(pareto.title).toBe('Errors by rule family (Pareto)');
    expect(pareto.chartType).toBe('ColumnClustered');
    const fam = m.charts.find((c) => c.id === 'pareto-families')!;
    expect(pareto.categories).toEqual(fam.categories);
    expect(pareto.series.map((x) => [x.name, x.chartType, x.axisGroup])).toEqual([
      ['Errors', null, 'Primary'], ['Cumulative share', 'Line', 'Secondary'], ['80% cut', 'Line', 'Secondary'],
    ]);
    expect(pareto.series[0]!.values).toEqual(fam.series[0]!.values);
    expect(pareto.axes['Value|Secondary']).toEqual({ numberFormat: '0%', minimum: 0, maximum: 1, title: null });
    expect(charts.find((c) => c.name === 'CTMS sites-by-country')!.chartType).toBe('BarClustered');
    // Charts do not overlap.
    expect(new Set(charts.map((c) => c.position!.start)).size).toBe(charts.length);
    expect(wb.settings.get(DASHBOARD_SETTING)).toBe(s.id);
    expect(wb.sheetById(wb.activeSheetId!)!.name).toBe('Dashboard');
  });

  it('replaces its own sheet on the next run (no stale charts or rows)', async () => {
    const { wb, fake } = setup();
    await writeDashboardSheet(fake, model());
    const first = wb.sheet('Dashboard')!.id;
    await writeDashboardSheet(fake, model());
    const s = wb.sheet('Dashboard')!;
    expect(s.id).not.toBe(first);
    expect(wb.sheets.filter((x) => x.name === 'Dashboard')).toHaveLength(1);
    expect(chartsOf(s)).toHaveLength(model().charts.filter((c) => c.categories.length).length);
    expect(wb.settings.get(DASHBOARD_SETTING)).toBe(s.id);
  });

  it("refuses a user's own sheet named Dashboard and changes nothing", async () => {
    const { wb, fake } = setup();
    wb.addSheet('Dashboard').load([['my notes']]);
    await expect(writeDashboardSheet(fake, model())).rejects.toBeInstanceOf(DashboardConflictError);
    await expect(writeDashboardSheet(fake, model())).rejects.toThrow(/did not create/);
    expect(wb.sheet('Dashboard')!.get(0, 0)).toBe('my notes');
    expect(chartsOf(wb.sheet('Dashboard')!)).toHaveLength(0);
    expect(wb.settings.has(DASHBOARD_SETTING)).toBe(false);
  });

  it('on ExcelApi 1.7 the Pareto degrades to counts only and says so', async () => {
    const { wb, fake } = setup('1.7');
    const res = await writeDashboardSheet(fake, model());
    expect(res.notes.join(' ')).toMatch(/ExcelApi 1\.8/);
    const pareto = chartsOf(wb.sheet('Dashboard')!).find((c) => c.name === 'CTMS pareto-families')!;
    expect(pareto.series.map((x) => x.name)).toEqual(['Errors']);
  });

  it('keeps text as text (no formula, no lost zeros)', async () => {
    const { wb, fake } = setup();
    const m = model();
    m.tables[0]!.rows.push(['=HYPERLINK("x")', '007', '', '', '']);
    await writeDashboardSheet(fake, m);
    const s = wb.sheet('Dashboard')!;
    const r = columnA(wb, 'Dashboard').indexOf('=HYPERLINK("x")');
    expect(r).toBeGreaterThan(0);
    expect(s.formulas.size).toBe(0);
    expect(s.get(r, 1)).toBe('007');
  });
});
