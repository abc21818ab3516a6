import { createFakeExcel, FakeWorkbook } from '../../testing/fake-excel';

/** The fake must fail where Excel fails, or adapter tests prove nothing. */
describe('fake Excel object model', () => {
  function setup(opts = {}) {
    const wb = new FakeWorkbook();
    wb.addSheet('Data').load([['a', 'b'], [1, 'x']]);
    return { wb, fake: createFakeExcel(wb, opts) };
  }

  it('throws PropertyNotLoaded until loaded and synced', async () => {
    const { fake } = setup();
    await fake.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Data').getRange('A1:B2');
      expect(() => r.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      r.load('values');
      expect(() => r.values).toThrow(/not available/);
      await ctx.sync();
      expect(r.values).toEqual([['a', 'b'], [1, 'x']]);
      expect(() => r.numberFormat).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
    });
  });

  it('queues writes until sync and parses typed text like Excel unless the cell is text', async () => {
    const { fake, wb } = setup();
    await fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Data');
      ws.getRange('A3:C3').values = [['+442079460000', '00123', '=1+1']];
      expect(wb.sheet('Data')!.get(2, 0)).toBeUndefined();
      await ctx.sync();
      ws.getRange('A4:B4').numberFormat = [['@', '@']];
      ws.getRange('A4:B4').values = [['+442079460000', '00123']];
      await ctx.sync();
    });
    const s = wb.sheet('Data')!;
    expect(s.get(2, 0)).toBe(442079460000);
    expect(s.get(2, 1)).toBe(123);
    expect(s.formulas.get(2 * 16384 + 2)).toBe('=1+1');
    expect(s.get(3, 0)).toBe('+442079460000');
    expect(s.get(3, 1)).toBe('00123');
  });

  it('rejects requests over the payload limit and addresses over the length limit', async () => {
    const { fake } = setup({ payloadLimitBytes: 10_000, maxAddressLength: 100 });
    await fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Data');
      ws.getRange('A1:A1000').values = Array.from({ length: 1000 }, () => ['xxxxxxxxxxxxxxxx']);
      await expect(ctx.sync()).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
      const long = Array.from({ length: 40 }, (_, i) => `A${i + 1}`).join(',');
      ws.getRanges(long).format.fill.color = '#FF0000';
      await expect(ctx.sync()).rejects.toMatchObject({ code: 'InvalidArgument' });
    });
    expect(fake.stats.syncCount).toBe(2);
  });

  it('rejects responses over the payload limit', async () => {
    const { fake, wb } = setup({ payloadLimitBytes: 10_000 });
    wb.sheet('Data')!.load(Array.from({ length: 1000 }, () => ['yyyyyyyyyyyyyyyy']));
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Data').getRange('A1:A1000').load('values');
      await expect(ctx.sync()).rejects.toMatchObject({ code: 'ResponsePayloadSizeLimitExceeded' });
    });
  });

  it('collections: worksheets, notes, settings, null objects', async () => {
    const { fake } = setup();
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.add('Other');
      ctx.workbook.notes.add("'Data'!B2", 'hello');
      ctx.workbook.settings.add('k', '{"a":1}');
      const missing = ctx.workbook.worksheets.getItemOrNullObject('Nope');
      const coll = ctx.workbook.worksheets.load('items/name');
      const notes = ctx.workbook.notes.load('items/content');
      await ctx.sync();
      expect(missing.isNullObject).toBe(true);
      expect(coll.items.map((w) => w.name)).toEqual(['Data', 'Other']);
      expect(notes.items.map((n) => n.content)).toEqual(['hello']);
      ctx.workbook.notes.add('Data!B2', 'again');
      await expect(ctx.sync()).rejects.toMatchObject({ code: 'InvalidArgument' });
      ctx.workbook.worksheets.getItem('Nope').load('name');
      await expect(ctx.sync()).rejects.toMatchObject({ code: 'ItemNotFound' });
    });
  });

  it('notes need ExcelApi 1.18', async () => {
    const { fake } = setup({ apiVersion: '1.10' });
    expect(fake.isSetSupported('ExcelApi', '1.18')).toBe(false);
    expect(fake.isSetSupported('ExcelApi', '1.9')).toBe(true);
    await fake.run(async (ctx) => {
      ctx.workbook.notes.add('Data!A1', 'x');
      await expect(ctx.sync()).rejects.toMatchObject({ code: 'ApiNotFound' });
    });
  });

  it('RangeAreas fill reads uniform or null like Excel', async () => {
    const { fake } = setup();
    await fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Data');
      ws.getRange('A1').format.fill.color = '#FF0000';
      const mixed = ws.getRanges('A1,B1').format.fill.load('color, pattern');
      const none = ws.getRanges('C5:C9,D2').format.fill.load('color, pattern');
      await ctx.sync();
      expect(mixed.color).toBeNull();
      expect(none.color).toBe('#FFFFFF');
      expect(none.pattern).toBe('None');
    });
  });

  it('onChanged: user edits raise events; add-in writes carry ThisLocalAddin; enableEvents=false silences', async () => {
    const { fake } = setup();
    const seen: Record<string, unknown>[] = [];
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Data').onChanged.add(async (a) => { seen.push(a as unknown as Record<string, unknown>); });
      await ctx.sync();
    });
    await fake.fireChange('Data', 'B2', [['y']]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ address: 'B2', changeType: 'RangeEdited', source: 'Local', triggerSource: 'Unknown' });
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Data').getRange('A2').values = [[5]];
      await ctx.sync();
      ctx.runtime.enableEvents = false;
      ctx.workbook.worksheets.getItem('Data').getRange('A2').values = [[6]];
      ctx.runtime.enableEvents = true;
      await ctx.sync();
    });
    await fake.idle();
    expect(seen).toHaveLength(2);
    expect(seen[1]).toMatchObject({ address: 'A2', triggerSource: 'ThisLocalAddin' });
  });
});
