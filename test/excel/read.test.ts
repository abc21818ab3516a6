import { defaultStandard } from '../../src/core/standard/load';
import { readRows, readWorkbook } from '../../src/excel';
import { serialToDate } from '../../src/excel/values';
import { cellKey, createFakeExcel, FakeWorkbook, isoToSerial } from '../../testing/fake-excel';

describe('readWorkbook / readRows', () => {
  const std = defaultStandard();

  function studies() {
    const wb = new FakeWorkbook();
    const s = wb.addSheet('Studies').load([
      ['Study Number', 'Study Title', 'Phase', 'Study Status', 'Sponsor Organization ID', 'NCT Number', 'IND Number', 'Therapeutic Area', 'Planned Enrollment', 'FSFV Date', 'LSLV Date', 'CSR Due Date', 'Extra'],
      ['ABC-001', 'Trial', 'Phase 2', 'Active', 'ORG-1', 'NCT01234567', '012345', 'Oncology', 120, isoToSerial('2021-03-04'), '03/04/2021', null, 'kept'],
      [],
      ['ABC-002', 'Other', '#N/A', 'Planned', 'ORG-2', null, null, null, 7, isoToSerial('2020-02-29'), null, 45000, null],
    ]);
    s.formats.set(cellKey(1, 9), 'yyyy-mm-dd');
    s.formats.set(cellKey(3, 9), 'd/m/yyyy');
    s.set(3, 2, { error: '#N/A' });
    wb.addSheet('Unrelated').load([['x']]);
    return wb;
  }

  it('reads headers as given, skips empty rows, keeps row numbers, turns serials in date formats into dates', async () => {
    const fake = createFakeExcel(studies());
    const data = await readWorkbook(fake, std);
    expect(data.sheets.map((s) => s.name)).toEqual(['Studies']);
    const s = data.sheets[0]!;
    expect(s.headers[0]).toBe('Study Number');
    expect(s.headers[12]).toBe('Extra');
    expect(s.rowNumbers).toEqual([2, 4]);
    expect(s.rows[0]![9]).toEqual(new Date('2021-03-04T00:00:00Z'));
    expect(s.rows[0]![10]).toBe('03/04/2021'); // text date stays text for the engine to judge
    expect(s.rows[0]![6]).toBe('012345');
    expect(s.rows[0]![8]).toBe(120);
    expect(s.rows[1]![9]).toEqual(new Date('2020-02-29T00:00:00Z'));
    expect(s.rows[1]![11]).toBe(45000); // a serial in a General cell stays a number (T-DATE proposes)
    expect(s.rows[1]![2]).toBe('#N/A');
    expect(s.rows[1]![5]).toBeNull();
    expect(s.numberFormats?.[9]).toBe('yyyy-mm-dd');
    expect(fake.stats.syncCount).toBeLessThanOrEqual(3); // a few round trips, not one per sheet or row
  });

  it('knows Excel’s 1900 leap-year bug', () => {
    expect(serialToDate(1).toISOString().slice(0, 10)).toBe('1900-01-01');
    expect(serialToDate(59).toISOString().slice(0, 10)).toBe('1900-02-28');
    expect(serialToDate(61).toISOString().slice(0, 10)).toBe('1900-03-01');
    expect(serialToDate(45000).toISOString().slice(0, 10)).toBe('2023-03-15');
  });

  it('reads only the requested rows; an emptied row comes back as nulls', async () => {
    const wb = studies();
    const fake = createFakeExcel(wb);
    const rows = await readRows(fake, std, 'Studies', [4, 3, 4, 1]);
    expect(rows.map((r) => r.rowNumber)).toEqual([3, 4]);
    expect(rows[0]!.values.every((v) => v === null)).toBe(true);
    expect(rows[1]!.values[0]).toBe('ABC-002');
    expect(rows[1]!.values).toHaveLength(13);
  });

  it('splits and retries when Excel refuses a block as too large', async () => {
    const wb = new FakeWorkbook();
    const big = 'x'.repeat(300);
    wb.addSheet('Organizations').load([['Organization ID', 'Organization Name'], ...Array.from({ length: 3000 }, (_, i) => [`O${i}`, big])]);
    const fake = createFakeExcel(wb, { payloadLimitBytes: 200_000 });
    const data = await readWorkbook(fake, std);
    expect(data.sheets[0]!.rows).toHaveLength(3000);
    const ok = fake.stats.syncs.filter((x) => !x.failed);
    expect(fake.stats.syncs.some((x) => x.failed === 'ResponsePayloadSizeLimitExceeded')).toBe(true);
    expect(Math.max(...ok.map((x) => x.responseBytes))).toBeLessThanOrEqual(200_000);
  });
});
