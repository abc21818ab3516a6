import {
  buildQcRows, computeQcKpis, drawSample, issuesFromQc, issuesFromTransferLog, issuesSheetValues, lotFromTransfer, mergeIssues,
  parseIssuesSheet, parseQcSheet, qcSheetValues, targetValuesFromLog, trackerSchema, ISSUE_HEADERS, QC_HEADERS, type QcRow,
} from '../../src/core/qc';
import { defaultStandard } from '../../src/core/standard/load';
import type { SheetData, WorkbookData } from '../../src/core/model/sheet';
import type { TransferLog } from '../../src/core/transfer/log';

/**
 * A scripted QC session on a transferred Site Staff sheet: sample, record the
 * reviewer's failures, categorise them, close them in the tracker, and check
 * every KPI against numbers worked out by hand.
 */
const std = defaultStandard();
const causes = std.qc!.causeCategories;

// 60 site staff rows: 30 at study S1 site 001 (rows 2–31), 30 at study S2 site 001 (rows 32–61).
const rows = Array.from({ length: 60 }, (_, i) => [i < 30 ? 'S1' : 'S2', '001', `p${i}@x.org`, 'Study Coordinator', `2023-01-${String((i % 28) + 1).padStart(2, '0')}`, null]);
const data: WorkbookData = { sheets: [{ name: 'Site Staff', headers: ['Study Number', 'Site Number', 'Email', 'Role', 'Start Date', 'End Date'], rows, rowNumbers: rows.map((_, i) => i + 2) }] };
const log = {
  transferId: 'T1', status: 'done',
  entities: [{ entity: 'site_staff', sheet: 'Site Staff', object: 'study_person__clin', heldBack: [], records: [
    ...rows.map((r, i) => ({ sheet: 'Site Staff', row: i + 2, externalId: `${r[0]}-001-${r[2]}`, request: { team_role__v: 'study_coordinator__v', start_date__clin: r[4] }, beforeImage: null, imaged: true, result: { ok: true, attempts: 1 } })),
    { sheet: 'Site Staff', row: 62, externalId: 'S2-001-late@x.org', request: {}, beforeImage: null, imaged: true, result: { ok: false, error: 'INVALID_DATA: start_date__clin', attempts: 1 } },
  ] }],
} as unknown as TransferLog;

function asSheet(name: string, values: (string | number | null)[][]): SheetData {
  return { name, headers: values[0]!.map(String), rows: values.slice(1), rowNumbers: values.slice(1).map((_, i) => i + 2) };
}

describe('a QC session', () => {
  // Lot 60 → Table 1 code letter E (51–90); Table 2-A at AQL 1.0, row E: n = 13, Ac 0, Re 1.
  // Stratified: one record per stratum, then 11 × 30/60 = 5.5 each → 5 + 5, the remaining one to the
  // first of two equal strata → S1: 1 + 6 = 7 records, S2: 1 + 5 = 6 records.
  const plan = drawSample(lotFromTransfer(std, data, log), { kind: 'iso2859', aql: '1.0' }, { seed: 2024, stratify: true });
  // Critical fields of Site Staff: Role, Start Date, End Date → 3 rows per record, 39 rows.
  const generated = buildQcRows(std, data, plan, { scope: 'critical', targetValues: targetValuesFromLog(log) });

  it('samples 13 records of 60 and lays out 39 fields to check', () => {
    expect(plan).toMatchObject({ codeLetter: 'E', sampleSize: 13, acceptance: 0, rejection: 1 });
    expect(plan.strata.map((s) => [s.study, s.sample])).toEqual([['S1', 7], ['S2', 6]]);
    expect(generated).toHaveLength(39);
    expect(computeQcKpis(generated, plan).lot.decision).toBe('pending');
  });

  // The reviewer's work, written into the sheet the way Excel would hand it back.
  const values = qcSheetValues(generated);
  const col = (h: string) => QC_HEADERS.indexOf(h);
  const s1 = generated.filter((r) => r.study === 'S1');
  const s2 = generated.filter((r) => r.study === 'S2');
  const recordsOf = (rs: QcRow[]) => [...new Set(rs.map((r) => r.row))];
  const failures: [QcRow, string][] = [
    [s1.find((r) => r.row === recordsOf(s1)[0] && r.field === 'Role')!, 'Mapping rule wrong'],
    [s1.find((r) => r.row === recordsOf(s1)[0] && r.field === 'Start Date')!, 'Transformation wrong'],
    [s1.find((r) => r.row === recordsOf(s1)[1] && r.field === 'Role')!, 'Mapping rule wrong'],
    [s1.find((r) => r.row === recordsOf(s1)[2] && r.field === 'Role')!, 'Mapping rule wrong'],
    [s2.find((r) => r.row === recordsOf(s2)[0] && r.field === 'End Date')!, 'Source data wrong'],
  ];
  values.slice(1).forEach((v, i) => {
    const fail = failures.find(([r]) => r.id === generated[i]!.id);
    v[col('Verdict')] = fail ? 'Fail' : 'Pass';
    v[col('Reviewer')] = 'Rita Reviewer';
    v[col('Date')] = '2024-07-01';
  });

  it('records failures first without a cause, then categorised; KPIs as worked out by hand', () => {
    const uncategorised = parseQcSheet(asSheet('QC', values), causes);
    expect(uncategorised.problems).toEqual([]);
    const k0 = computeQcKpis(uncategorised.rows, plan);
    expect(k0.causes).toEqual([{ key: 'Not categorised', count: 5, share: 1, cumulative: 1, inCut: true }]);

    for (const [r, cause] of failures) values[generated.indexOf(r) + 1]![col('Cause category')] = cause;
    const { rows: filled, problems } = parseQcSheet(asSheet('QC', values), causes);
    expect(problems).toEqual([]);
    const k = computeQcKpis(filled, plan);
    // 5 failed of 39 checked = 12.82 %, far above the 0.5 % goal.
    expect(k.overall).toEqual({ checked: 39, failed: 5, rate: 5 / 39, goal: 0.005, met: false });
    expect(k.pending).toBe(0);
    // S1: 7 records × 3 = 21 fields, 4 failed; S2: 6 × 3 = 18 fields, 1 failed.
    expect(k.byStudy).toEqual([
      { study: 'S1', checked: 21, failed: 4, rate: 4 / 21, goal: 0.005, met: false },
      { study: 'S2', checked: 18, failed: 1, rate: 1 / 18, goal: 0.005, met: false },
    ]);
    expect(k.byBatch).toEqual([{ transferId: 'T1', checked: 39, failed: 5, rate: 5 / 39, goal: 0.005, met: false }]);
    // 4 nonconforming records (S1's first three, S2's first) ≥ Re 1 → lot rejected.
    expect(k.lot).toEqual({ records: 13, reviewed: 13, nonconforming: 4, acceptance: 0, rejection: 1, decision: 'rejected' });
    // Pareto: mapping 3 (60 %), then source 1 and transformation 1 (ties by name); 80 % is reached with the second.
    expect(k.causes.map((c) => [c.key, c.count, c.inCut])).toEqual([
      ['Mapping rule wrong', 3, true], ['Source data wrong', 1, true], ['Transformation wrong', 1, false],
    ]);
  });

  it('tracks every failure and transfer error, and closing them shows in the tracker counts', () => {
    const { rows: filled } = parseQcSheet(asSheet('QC', values), causes);
    const generatedIssues = [...issuesFromQc(filled), ...issuesFromTransferLog(log)];
    expect(generatedIssues).toHaveLength(6);
    const first = generatedIssues[0]!;
    expect(first).toMatchObject({ source: 'QC', status: 'Open', cause: 'Mapping rule wrong', owner: 'Rita Reviewer', field: 'Role', link: { qcId: failures[0]![0].id, transferId: 'T1', cell: `Site Staff!D${failures[0]![0].row}` } });
    expect(generatedIssues[5]).toMatchObject({ id: 'TR-T1-Site Staff-62', source: 'Transfer', description: 'not transferred: INVALID_DATA: start_date__clin' });

    // The owner closes the QC items in the Issues sheet; the transfer error stays open.
    const sheet = issuesSheetValues(generatedIssues);
    const ic = (h: string) => ISSUE_HEADERS.indexOf(h);
    for (let i = 1; i <= 5; i++) {
      sheet[i]![ic('Status')] = 'Closed';
      sheet[i]![ic('Corrective action')] = 'mapping corrected, record re-sent';
      sheet[i]![ic('Date closed')] = '2024-07-03';
    }
    sheet[6]![ic('Status')] = 'in progress';
    sheet[6]![ic('Cause category')] = 'Target configuration';
    const parsed = parseIssuesSheet(asSheet('Issues', sheet), causes);
    expect(parsed.problems).toEqual([]);
    const tracker = mergeIssues(generatedIssues, parsed.items);
    expect(tracker[0]).toMatchObject({ status: 'Closed', dateClosed: '2024-07-03', link: { qcId: failures[0]![0].id } });
    expect(tracker[5]).toMatchObject({ status: 'In progress', cause: 'Target configuration' });

    const k = computeQcKpis(filled, { ...plan, issues: tracker });
    expect(k.tracker).toEqual({ total: 6, byStatus: { Open: 0, 'In progress': 1, Closed: 5 }, bySource: { QC: 5, Transfer: 1, Reconciliation: 0 } });
    // The Pareto counts QC failures only: the transfer error's cause is not a QC error cause.
    expect(k.causes.reduce((n, c) => n + c.count, 0)).toBe(5);
    expect(trackerSchema(causes).safeParse({ version: 1, items: tracker }).success).toBe(true);
  });

  it('an all-pass review accepts the lot (0 nonconforming ≤ Ac 0) and meets the goal', () => {
    const v = qcSheetValues(generated);
    v.slice(1).forEach((r) => { r[col('Verdict')] = 'Pass'; });
    const k = computeQcKpis(parseQcSheet(asSheet('QC', v), causes).rows, plan);
    expect(k.lot.decision).toBe('accepted');
    expect(k.overall).toMatchObject({ rate: 0, met: true });
  });
});
