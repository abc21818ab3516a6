import { readRawWorkbook } from '../../src/excel/raw-read';
import { readMappingCells, writeMappingCells } from '../../src/excel/mapping-store';
import { cellKey, createFakeExcel, FakeWorkbook, isoToSerial } from '../../testing/fake-excel';

describe('reading a partner workbook as it arrived', () => {
  function partner() {
    const wb = new FakeWorkbook();
    wb.addSheet('Trial List').load([
      ['Trials handed over by Acme CRO'],
      [],
      ['Trial ID', 'Title', 'FPI'],
      ['ABC-001', 'A trial', isoToSerial('2021-03-04')],
      [],
      ['ABC-002', 'Other', null],
    ]);
    wb.sheet('Trial List')!.formats.set(cellKey(3, 2), 'yyyy-mm-dd');
    wb.addSheet('Hidden notes').load([['secret']]).visibility = 'Hidden';
    wb.addSheet('Instructions').load([['the add-in wrote this']]);
    wb.addSheet('Empty');
    return wb;
  }

  it('reads every visible partner sheet, every non-empty row with its Excel row number, in a few syncs', async () => {
    const fake = createFakeExcel(partner());
    const raw = await readRawWorkbook(fake);
    expect(raw.sheets.map((s) => s.name)).toEqual(['Trial List', 'Empty']);
    const t = raw.sheets[0]!;
    expect(t.rowNumbers).toEqual([1, 3, 4, 6]);
    expect(t.rows[1]).toEqual(['Trial ID', 'Title', 'FPI']);
    expect(t.rows[3]![0]).toBe('ABC-002');
    expect(raw.sheets[1]!.rows).toEqual([]);
    expect(raw.truncated).toBe(false);
    expect(fake.stats.syncCount).toBeLessThanOrEqual(3);
  });

  it('reads a sample of the first rows when asked, says it stopped, and reports progress', async () => {
    const fake = createFakeExcel(partner());
    const seen: number[] = [];
    const raw = await readRawWorkbook(fake, { maxRows: 4, onProgress: (done) => seen.push(done) });
    expect(raw.sheets[0]!.rowNumbers).toEqual([1, 3, 4]);
    expect(raw.truncated).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
  });

  it('keeps each request within the payload limit on a large sheet', async () => {
    const wb = new FakeWorkbook();
    const big = 'y'.repeat(300);
    wb.addSheet('Centres').load([['Centre No', 'Notes'], ...Array.from({ length: 3000 }, (_, i) => [`S${i}`, big])]);
    const fake = createFakeExcel(wb, { payloadLimitBytes: 200_000 });
    const raw = await readRawWorkbook(fake);
    expect(raw.sheets[0]!.rows).toHaveLength(3001);
    const ok = fake.stats.syncs.filter((x) => !x.failed);
    expect(Math.max(...ok.map((x) => x.responseBytes))).toBeLessThanOrEqual(200_000);
  });
});

describe('the mapping profile stored in the workbook', () => {
  it('is null when none is stored; written to a very hidden sheet as text and read back; a shorter one replaces it', async () => {
    const wb = new FakeWorkbook();
    wb.addSheet('Sites').load([['Site Number']]);
    const fake = createFakeExcel(wb);
    expect(await readMappingCells(fake, '_ctms_mapping')).toBeNull();
    const cells = ['{"a":', '-1,"b":"=SUM(A1)"', '}'];
    await writeMappingCells(fake, '_ctms_mapping', cells);
    const sheet = wb.sheet('_ctms_mapping')!;
    expect(sheet.visibility).toBe('VeryHidden');
    expect(sheet.numberFormat(1, 0)).toBe('@');
    expect(await readMappingCells(fake, '_ctms_mapping')).toEqual(cells);
    await writeMappingCells(fake, '_ctms_mapping', ['{}']);
    expect(await readMappingCells(fake, '_ctms_mapping')).toEqual(['{}']);
  });

  it('is not read as partner data', async () => {
    const wb = new FakeWorkbook();
    wb.addSheet('Sites').load([['Site Number'], ['S1']]);
    const fake = createFakeExcel(wb);
    await writeMappingCells(fake, '_ctms_mapping', ['{}']);
    const raw = await readRawWorkbook(fake);
    expect(raw.sheets.map((s) => s.name)).toEqual(['Sites']);
  });
});
