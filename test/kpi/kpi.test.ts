import { computeKpis, dashboardModel, pareto, type ProgressNode } from '../../src/core/kpi';
import type { TransferLog } from '../../src/core/transfer/log';
import { defaultStandard } from '../../src/core/standard/load';
import { clean, verify, wb } from '../../testing/builders/wb';
import { kpiWorkbook } from './fixture';

const std = defaultStandard();

function kpisOf(opts: Parameters<typeof computeKpis>[3] = {}) {
  const data = kpiWorkbook();
  return computeKpis(std, data, verify(data), opts);
}

/** A hand-made transfer log: which rows went, which failed. */
function log(id: string, status: TransferLog['status'], rows: [sheet: string, row: number, ok: boolean][]): TransferLog {
  const bySheet = new Map<string, [string, number, boolean][]>();
  for (const r of rows) bySheet.set(r[0], [...(bySheet.get(r[0]) ?? []), r]);
  return {
    transferId: id, who: 'Ann', startedAt: '2024-06-30T10:00:00.000Z', finishedAt: '2024-06-30T10:01:00.000Z', target: 'memory://', standard: { id: std.id, version: std.version },
    status, batches: [], rollbacks: [],
    entities: [...bySheet].map(([sheet, rs]) => ({
      entity: sheet, sheet, object: 'x__v', heldBack: [],
      records: rs.map(([, row, ok]) => ({ sheet, row, externalId: `${sheet}-${row}`, request: {}, beforeImage: null, imaged: true,
        result: ok ? { ok: true, id: `ID${row}`, event: 'created', attempts: 1 } : { ok: false, error: 'INVALID_DATA: no', attempts: 1 } })),
    })),
  };
}

const site = (k: ReturnType<typeof kpisOf>, id: string): ProgressNode => k.progress.children.flatMap((s) => s.children).find((s) => s.id === id)!;

describe('computeKpis on the hand-computed fixture', () => {
  it('accuracy of cells and records, with the 98% goal', () => {
    const k = kpisOf();
    // Failing cells: Sites J2, K2, L2 (two cross-field rules share L2) + Investigators B2 + Organizations C3 = 5 of 96.
    expect(k.accuracy.cells).toEqual({ passed: 91, failed: 5, total: 96, value: 91 / 96, goal: 0.98, met: false });
    // Failing records: Sites 2, Investigators 2, Organizations 3 = 3 of 10.
    expect(k.accuracy.records).toEqual({ passed: 7, failed: 3, total: 10, value: 0.7, goal: 0.98, met: false });
  });

  it('volume: records per entity, cells and workbook size', () => {
    const k = kpisOf({ workbookBytes: 12345 });
    expect(k.volume.records).toBe(10);
    expect(k.volume.cells).toBe(96);
    expect(k.volume.workbookBytes).toBe(12345);
    expect(k.volume.byEntity.map((e) => [e.sheet, e.records, e.cells, e.errors])).toEqual([
      ['Organizations', 2, 18, 1], ['Studies', 1, 12, 0], ['Sites', 2, 24, 2], ['Investigators', 2, 24, 1], ['Site Staff', 3, 18, 0],
    ]);
  });

  it('QC error rate per 100 cells, goal below 0.5', () => {
    const k = kpisOf();
    // 4 errors × 100 / 96 cells = 4.1666…
    expect(k.qc).toEqual({ errors: 4, warnings: 0, cellsChecked: 96, per100Cells: 400 / 96, goal: 0.5, met: false, overridden: 0 });
  });

  it('Pareto of families and rules', () => {
    const k = kpisOf();
    // crossField 2, picklist 1, required 1 (ties by name): cumulative 2/4, 3/4, 4/4; before-shares 0, .5, .75 are all < .8 → all in.
    expect(k.pareto.families.map((p) => [p.key, p.count, p.cumulative, p.inCut])).toEqual([['crossField', 2, 0.5, true], ['picklist', 1, 0.75, true], ['required', 1, 1, true]]);
    expect(k.pareto.rules.map((p) => p.key)).toEqual(['R-ENR-01', 'R-ENR-03', 'picklist', 'required']);
    // Rules 1,1,1,1: before-shares 0, .25, .5, .75 → all in.
    expect(k.pareto.rules.every((p) => p.inCut)).toBe(true);
  });

  it('progress tree: site = Sites row + Site Staff rows + its people; study adds its Studies row; project = every record', () => {
    const k = kpisOf();
    // Site 001: Sites r2 ✗, Staff r2 ✓, Investigators r2 (Ann) ✗ → 3 collected, 1 clean.
    expect(site(k, 'ABC-123-001')).toMatchObject({ collected: 3, validatedClean: 1, transferred: 0, reconciled: 0, present: true });
    // Site 002: Sites r3 ✓, Staff r3 ✓, Staff r4 ✓, Investigators r3 (Bob) ✓, Investigators r2 (Ann, sub-I) ✗ → 5, 4.
    expect(site(k, 'ABC-123-002')).toMatchObject({ collected: 5, validatedClean: 4 });
    // Study: Studies r2 ✓ + union of both sites (Ann counted once) = 1 + 7 = 8 collected; clean 8 − (Sites r2, Investigators r2) = 6.
    expect(k.progress.children).toHaveLength(1);
    expect(k.progress.children[0]).toMatchObject({ level: 'study', id: 'ABC-123', collected: 8, validatedClean: 6 });
    // Project: all 10 records (Organizations included), 7 clean.
    expect(k.progress).toMatchObject({ level: 'project', collected: 10, validatedClean: 7, transferred: 0, reconciled: 0 });
  });

  it('transferred and reconciled from logs; rolled-back transfers do not count', () => {
    const k = kpisOf({
      transferLogs: [
        log('T1', 'failed', [['Sites', 3, true], ['Site Staff', 3, true], ['Site Staff', 4, false]]),
        log('T0', 'rolledBack', [['Studies', 2, true]]),
      ],
      reconciled: [{ transferId: 'T1', discrepancies: [{ sheet: 'Site Staff', row: 3 }] }],
    });
    // Site 002: Sites r3 and Staff r3 sent (Staff r4 failed) → 2 transferred; reconciliation flagged Staff r3 → 1 reconciled.
    expect(site(k, 'ABC-123-002')).toMatchObject({ transferred: 2, reconciled: 1 });
    expect(site(k, 'ABC-123-001')).toMatchObject({ transferred: 0, reconciled: 0 });
    expect(k.progress).toMatchObject({ transferred: 2, reconciled: 1 });
    expect(k.transfers.counts).toMatchObject({ sent: 2, created: 2, failed: 1 });
    expect(k.transfers.logs.map((l) => [l.transferId, l.status])).toEqual([['T1', 'failed'], ['T0', 'rolledBack']]);
    expect(k.transfers.reconciliationRun).toBe(true);
  });

  it('insights: investigators per site, sites by status and by country (after proposals)', () => {
    const k = kpisOf();
    // 001: Ann (PI). 002: Bob (PI) + Ann (Sub Investigator) → 1 and 2, mean 1.5; 2 distinct investigators.
    expect(k.insights.investigatorsPerSite).toEqual([{ study: 'ABC-123', site: '001', investigators: 1 }, { study: 'ABC-123', site: '002', investigators: 2 }]);
    expect(k.insights.averageInvestigatorsPerSite).toBe(1.5);
    expect(k.insights.investigators).toBe(2);
    expect(k.insights.sitesByStatus).toEqual([{ key: 'Enrolling', count: 1 }, { key: 'Planned', count: 1 }]);
    // "USA" on site 002 is proposed as "US": both sites count as US.
    expect(k.insights.sitesByCountry).toEqual([{ key: 'US', count: 2 }]);
  });

  it('an overridden flag no longer counts against accuracy or the QC rate', () => {
    const k = kpisOf({ decisions: [
      { kind: 'override', sheet: 'Organizations', row: 3, cell: 'C3', ruleId: 'picklist', note: 'Pharma agreed with sponsor' },
      { kind: 'duplicate', sheet: 'Investigators', rows: [2, 3], action: 'distinct' },
      { kind: 'mapping', what: 'FSFV', decision: 'as is' },
    ] });
    // 3 errors; failing cells 4 → 92/96; failing records 2 → 8/10; 300/96 = 3.125 per 100 cells.
    expect(k.accuracy.cells).toMatchObject({ passed: 92, total: 96 });
    expect(k.accuracy.records).toMatchObject({ passed: 8, total: 10, value: 0.8 });
    expect(k.qc).toMatchObject({ errors: 3, per100Cells: 3.125, overridden: 1 });
    expect(k.pareto.families.map((p) => p.key)).toEqual(['crossField', 'required']);
    expect(k.decisions).toEqual({ total: 3, duplicateMerges: 0, duplicateDistinct: 1, overrides: 1, mappings: 1 });
  });

  it('a clean workbook meets both goals; an empty one measures nothing', () => {
    const data = wb(clean());
    const k = computeKpis(std, data, verify(data));
    expect(k.accuracy.cells).toMatchObject({ value: 1, met: true });
    expect(k.accuracy.records).toMatchObject({ value: 1, met: true });
    expect(k.qc).toMatchObject({ errors: 0, per100Cells: 0, met: true });
    expect(k.pareto.families).toEqual([]);
    const empty = wb({ Sites: [] });
    const e = computeKpis(std, empty, verify(empty));
    expect(e.accuracy.cells).toMatchObject({ value: null, met: null, total: 0 });
    expect(e.qc).toMatchObject({ per100Cells: null, met: null });
    expect(e.progress).toMatchObject({ collected: 0, children: [] });
    expect(e.volume.byEntity.filter((x) => x.present).map((x) => x.sheet)).toEqual(['Sites']);
  });
});

describe('pareto cut (80%): the item that reaches or crosses 80% is in, nothing after it', () => {
  const cut = (counts: Record<string, number>) => pareto(counts).filter((p) => p.inCut).map((p) => p.key);

  it('50/30/10/5/5: 50% + 30% reach exactly 80% → the first two', () => {
    const p = pareto({ a: 50, b: 30, c: 10, d: 5, e: 5 });
    expect(p.map((x) => [x.key, x.share, x.cumulative, x.inCut])).toEqual([
      ['a', 0.5, 0.5, true], ['b', 0.3, 0.8, true], ['c', 0.1, 0.9, false], ['d', 0.05, 0.95, false], ['e', 0.05, 1, false],
    ]);
  });
  it('50/29/11/5/5: 79% before the third → it crosses 80% and is in', () => {
    expect(cut({ a: 50, b: 29, c: 11, d: 5, e: 5 })).toEqual(['a', 'b', 'c']);
  });
  it('boundaries: exact 80% with awkward totals, one dominant cause, a single cause, none', () => {
    expect(cut({ a: 4, b: 1 })).toEqual(['a']); // 4/5 = 80% exactly
    expect(cut({ a: 8, b: 1, c: 1 })).toEqual(['a']); // 8/10
    expect(cut({ a: 7, b: 1, c: 1, d: 1 })).toEqual(['a', 'b']); // 70% before b, 80% with b
    expect(cut({ a: 95, b: 5 })).toEqual(['a']);
    expect(cut({ only: 3 })).toEqual(['only']);
    expect(pareto({})).toEqual([]);
    expect(pareto({ zero: 0 })).toEqual([]);
  });
  it('orders by count, then by name, from a Map or a record', () => {
    expect(pareto(new Map([['b', 2], ['a', 2], ['c', 5]])).map((p) => p.key)).toEqual(['c', 'a', 'b']);
    expect(pareto({ x: 1, y: 1 }, 0.5).map((p) => p.inCut)).toEqual([true, false]);
  });
});

describe('dashboardModel', () => {
  it('describes tiles, tables and charts for any renderer', () => {
    const k = kpisOf({ workbookBytes: 20480 });
    const m = dashboardModel(k, { source: 'partner.xlsx', generatedAt: '2024-06-30T12:00:00.000Z' });
    expect(m.title).toContain(std.name);
    expect(m.subtitle).toBe(`partner.xlsx · ${std.id} v${std.version} · generated 2024-06-30 12:00:00Z`);
    const tile = (id: string) => m.tiles.find((t) => t.id === id)!;
    // 91/96 = 94.79% → 94.8%; 400/96 = 4.1666 → 4.17; 7/10 → 70%.
    expect(tile('accuracy-cells')).toMatchObject({ value: '94.8%', goal: '≥ 98%', status: 'missed' });
    expect(tile('accuracy-records')).toMatchObject({ value: '70%', status: 'missed' });
    expect(tile('qc-error-rate')).toMatchObject({ value: '4.17', goal: '< 0.5', status: 'missed' });
    expect(tile('reconciled').value).toBe('not run');

    const kpiTable = m.tables.find((t) => t.id === 'kpis')!;
    expect(kpiTable.headers).toEqual(['KPI', 'Value', 'Goal', 'Status', 'Basis']);
    expect(kpiTable.rows[0]).toEqual(['Data accuracy (cells)', '94.8%', '≥ 98%', 'missed', '91 of 96 cells pass every check']);
    expect(kpiTable.rows.find((r) => r[0] === 'Workbook size')![4]).toBe('20.0 KB');
    const progress = m.tables.find((t) => t.id === 'progress')!;
    expect(progress.rows).toEqual([
      ['Project', '', '', 10, 7, 0, 0], ['Study', 'ABC-123', '', 8, 6, 0, 0], ['Site', 'ABC-123', '001', 3, 1, 0, 0], ['Site', 'ABC-123', '002', 5, 4, 0, 0],
    ]);
    for (const t of m.tables) for (const r of t.rows) expect(r).toHaveLength(t.headers.length);
    for (const t of m.tables) expect(t.formats).toHaveLength(t.headers.length);

    const chart = (id: string) => m.charts.find((c) => c.id === id)!;
    expect(chart('pareto-families')).toMatchObject({ kind: 'pareto', categories: ['Business rule', 'Not in the list', 'Missing value'], goalLine: { value: 0.8, axis: 'secondary' } });
    expect(chart('pareto-families').series.map((s) => [s.name, s.values, s.type, s.axis])).toEqual([['Errors', [2, 1, 1], 'bar', 'primary'], ['Cumulative share', [0.5, 0.75, 1], 'line', 'secondary']]);
    expect(chart('progress')).toMatchObject({ kind: 'column', categories: ['ABC-123-001', 'ABC-123-002'] });
    expect(chart('progress').series.map((s) => s.values)).toEqual([[3, 5], [1, 4], [0, 0], [0, 0]]);
    expect(chart('sites-by-status')).toMatchObject({ kind: 'bar', categories: ['Enrolling', 'Planned'] });
    for (const c of m.charts) {
      expect(c.alt.length).toBeGreaterThan(10);
      for (const s of c.series) expect(s.values).toHaveLength(c.categories.length);
    }
    // Too many sites for one chart: the progress chart falls back to studies.
    expect(dashboardModel(k, { maxChartSites: 1 }).charts.find((c) => c.id === 'progress')).toMatchObject({ title: 'Progress by study (records)', categories: ['ABC-123'] });
    // Plain data: survives JSON (the task pane may post it between frames).
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });
});
