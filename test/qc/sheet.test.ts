import { drawSample } from '../../src/core/qc/sample';
import { lotFromTransfer } from '../../src/core/qc/lot';
import { buildQcRows, parseQcSheet, qcSheetValues, QC_HEADERS, targetValuesFromLog } from '../../src/core/qc/sheet';
import { defaultStandard } from '../../src/core/standard/load';
import type { SheetData, WorkbookData } from '../../src/core/model/sheet';
import type { TransferLog } from '../../src/core/transfer/log';

const std = defaultStandard();
const causes = std.qc!.causeCategories;

const data: WorkbookData = {
  sheets: [{
    name: 'Sites',
    headers: ['Study Number', 'Site Number', 'Organization ID', 'Principal Investigator Email', 'Site Status', 'Country', 'Site Activation Date', 'FSFV Date', 'LSLV Date', 'Subjects Screened', 'Subjects Enrolled', 'Subjects Completed'],
    rows: [
      ['ABC-123', '001', 'ORG-1', 'a@x.org', 'Active', 'USA', new Date('2023-02-01T00:00:00Z'), null, null, 12, 10, 4],
      ['ABC-123', '002', 'ORG-2', 'b@x.org', 'Active', 'DE', new Date('2023-03-01T00:00:00Z'), null, null, 8, 5, 0],
    ],
    rowNumbers: [2, 3],
  }],
};

const log = {
  transferId: 'T42', status: 'done', entities: [{ entity: 'site', sheet: 'Sites', object: 'site__v', heldBack: [], records: [
    { sheet: 'Sites', row: 2, externalId: 'ABC-123-001', request: { name__v: '001', country__v: 'US', subjects_enrolled__v: 10, site_activation_date__v: '2023-02-01' }, beforeImage: null, imaged: true, result: { ok: true, attempts: 1 } },
    { sheet: 'Sites', row: 3, externalId: 'ABC-123-002', request: { name__v: '002', country__v: 'DE', subjects_enrolled__v: 5 }, beforeImage: null, imaged: true, result: { ok: true, attempts: 1 } },
  ] }],
} as unknown as TransferLog;

function plan() {
  return drawSample(lotFromTransfer(std, data, log), { kind: 'iso2859', aql: 1.0 }, { seed: 9 });
}

describe('buildQcRows', () => {
  it('one row per sampled record × field, with the source cell, source and target values', () => {
    const rows = buildQcRows(std, data, plan(), { targetValues: targetValuesFromLog(log) });
    // Lot of 2 → full inspection; 12 fields each.
    expect(rows).toHaveLength(24);
    const country = rows.find((r) => r.row === 2 && r.field === 'Country')!;
    expect(country).toMatchObject({ id: 'QC-0006', transferId: 'T42', entity: 'site', sheet: 'Sites', cell: 'F2', externalId: 'ABC-123-001', study: 'ABC-123', site: '001', source: 'USA', target: 'US', critical: false, verdict: null });
    const enrolled = rows.find((r) => r.row === 2 && r.field === 'Subjects Enrolled')!;
    expect(enrolled).toMatchObject({ critical: true, source: '10', target: '10', cell: 'K2' });
    expect(rows.find((r) => r.row === 2 && r.field === 'Site Activation Date')).toMatchObject({ source: '2023-02-01', target: '2023-02-01' });
  });

  it('limited to critical fields, checks only those (the standard\'s dates and enrolment counts of a site)', () => {
    const rows = buildQcRows(std, data, plan(), { scope: 'critical' });
    expect(new Set(rows.map((r) => r.field))).toEqual(new Set(['Study Number', 'Site Number', 'Site Activation Date', 'FSFV Date', 'LSLV Date', 'Subjects Screened', 'Subjects Enrolled', 'Subjects Completed']));
    expect(rows.every((r) => r.critical && r.target === '')).toBe(true);
  });
});

function asSheet(values: (string | number | Date | null)[][]): SheetData {
  return { name: 'QC', headers: values[0]!.map(String), rows: values.slice(1), rowNumbers: values.slice(1).map((_, i) => i + 2) };
}

describe('parseQcSheet', () => {
  const rows = () => buildQcRows(std, data, plan(), { targetValues: targetValuesFromLog(log) });
  const verdictCol = QC_HEADERS.indexOf('Verdict');
  const causeCol = QC_HEADERS.indexOf('Cause category');
  const dateCol = QC_HEADERS.indexOf('Date');

  it('reads back what was written, with the reviewer\'s entries', () => {
    const values: (string | number | Date | null)[][] = qcSheetValues(rows());
    values[1]![verdictCol] = 'pass';
    values[6]![verdictCol] = 'Fail';
    values[6]![causeCol] = 'mapping rule wrong';
    values[6]![dateCol] = new Date('2024-07-01T00:00:00Z');
    values[7]![dateCol] = 45474; // Excel serial of 2024-07-01
    const parsed = parseQcSheet(asSheet(values), causes);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toHaveLength(24);
    expect(parsed.rows[0]!.verdict).toBe('Pass');
    expect(parsed.rows[5]).toMatchObject({ verdict: 'Fail', cause: 'Mapping rule wrong', date: '2024-07-01', field: 'Country', row: 2, sheet: 'Sites', critical: false });
    expect(parsed.rows[6]!.date).toBe('2024-07-01');
    expect(parsed.rows[10]!.critical).toBe(true);
  });

  it('names the cell of every value out of shape', () => {
    const values: (string | number | Date | null)[][] = qcSheetValues(rows());
    values[1]![verdictCol] = 'OK';
    values[2]![causeCol] = 'Gremlins';
    values[3]![dateCol] = '31/02/2024';
    values[4]![0] = values[1]![0]!;
    values[5]![QC_HEADERS.indexOf('Row')] = 'two';
    const { problems } = parseQcSheet(asSheet(values), causes);
    expect(problems).toEqual([
      { cell: 'QC!N2', message: 'verdict "OK" is not one of Pass, Fail' },
      { cell: 'QC!R3', message: `cause "Gremlins" is not in the list (${causes.join(', ')})` },
      { cell: 'QC!P4', message: 'date "31/02/2024" is not a date; use yyyy-mm-dd' },
      { cell: 'QC!A5', message: 'QC ID QC-0001 is also on row 2; each checked field has its own row' },
      { cell: 'QC!E6', message: 'the source row "two" is not a row number' },
    ]);
  });

  it('refuses a sheet whose headers were edited, naming what is missing', () => {
    const values: (string | number | Date | null)[][] = qcSheetValues(rows());
    values[0]![verdictCol] = 'Result';
    const { problems, rows: out } = parseQcSheet(asSheet(values), causes);
    expect(out).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.cell).toBe('QC!1');
    expect(problems[0]!.message).toMatch(/^the header row lacks "Verdict"; restore this column/);
  });

  it('finds columns by header whatever their order and spelling of case', () => {
    const values: (string | number | Date | null)[][] = qcSheetValues(rows());
    const swapped = values.map((r) => [...r].reverse());
    swapped[0] = swapped[0]!.map((h) => String(h).toUpperCase());
    const parsed = parseQcSheet(asSheet(swapped), causes);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows[5]).toMatchObject({ field: 'Country', source: 'USA', target: 'US' });
  });
});
