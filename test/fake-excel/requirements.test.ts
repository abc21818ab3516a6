import { createFakeExcel, FakeWorkbook, REQUIREMENTS, settingsBytes, SETTINGS_LIMIT_BYTES } from '../../testing/fake-excel';

/** A simulated host refuses what its requirement set lacks, as Excel does, and says so when asked. */
describe('fake Excel requirement sets', () => {
  function setup(api?: string) {
    const wb = new FakeWorkbook();
    const s = wb.addSheet('Data').load([['a', 'b'], [1, 'x']]);
    return { wb, s, fake: createFakeExcel(wb, api ? { api } : {}) };
  }
  const apiNotFound = expect.objectContaining({ code: 'ApiNotFound' });

  it('the default host is the newest: every member in the table is available', () => {
    const { fake } = setup();
    for (const set of Object.values(REQUIREMENTS)) expect(fake.isSetSupported('ExcelApi', set)).toBe(true);
  });

  it('answers isSetSupported (and Office.context.requirements) for the simulated version', () => {
    const { fake } = setup('1.10');
    expect(fake.isSetSupported('ExcelApi', '1.10')).toBe(true);
    expect(fake.isSetSupported('ExcelApi', '1.9')).toBe(true);
    expect(fake.isSetSupported('ExcelApi', '1.14')).toBe(false);
    expect(fake.office.context.requirements.isSetSupported('ExcelApi', '1.18')).toBe(false);
    expect(fake.office.context.requirements.isSetSupported('ExcelApi', '1.2')).toBe(true);
    expect(fake.office.context.requirements.isSetSupported('WordApi', '1.1')).toBe(false);
  });

  it('a method above the host fails the batch at sync with ApiNotFound, and nothing queued after it applies', async () => {
    const { s, fake } = setup('1.8');
    await expect(fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Data');
      ws.getRanges('A1,B2').format.fill.color = '#FF0000'; // RangeAreas: 1.9
      ws.getRange('A1').values = [['changed']];
      await ctx.sync();
    })).rejects.toEqual(apiNotFound);
    expect(s.get(0, 0)).toBe('a');
    expect(s.fills.size).toBe(0);
  });

  it('the same calls succeed on a host that has the set', async () => {
    const { s, fake } = setup('1.9');
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Data').getRanges('A1,B2').format.fill.color = '#FF0000';
      await ctx.sync();
    });
    expect(s.fills.size).toBe(2);
  });

  it('setting a property above the host (data validation, 1.8) fails on 1.7', async () => {
    const { s, fake } = setup('1.7');
    await expect(fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Data').getRange('A2:A5').dataValidation.rule = { wholeNumber: { formula1: 0, operator: 'GreaterThan' } };
      await ctx.sync();
    })).rejects.toEqual(apiNotFound);
    expect(s.validation.size).toBe(0);
  });

  it('loading a property above the host fails (use1904DateSystem, 1.9)', async () => {
    const { fake } = setup('1.8');
    await expect(fake.run(async (ctx) => {
      ctx.workbook.load('use1904DateSystem');
      await ctx.sync();
    })).rejects.toEqual(apiNotFound);
  });

  it('comments exist from 1.10, but finding one by id without throwing needs 1.14', async () => {
    const { wb, s } = setup();
    wb.comments.push({ id: 'c1', sheetId: s.id, row: 0, col: 0, content: 'hello', author: 'me' });
    const lookUp = (api: string) => createFakeExcel(wb, { api }).run(async (ctx) => {
      const c = ctx.workbook.comments.getItemOrNullObject('c1').load('content');
      await ctx.sync();
      return c.content;
    });
    await expect(lookUp('1.13')).rejects.toEqual(apiNotFound);
    await expect(lookUp('1.14')).resolves.toBe('hello');
    const listed = await createFakeExcel(wb, { api: '1.10' }).run(async (ctx) => {
      const all = ctx.workbook.comments.load('items/id,items/content');
      await ctx.sync();
      return all.items.map((c) => [c.id, c.content]);
    });
    expect(listed).toEqual([['c1', 'hello']]);
    await expect(createFakeExcel(wb, { api: '1.9' }).run(async (ctx) => {
      ctx.workbook.comments.load('items/id');
      await ctx.sync();
    })).rejects.toEqual(apiNotFound);
  });

  it('notes need 1.18', async () => {
    const add = (api: string) => {
      const { wb, fake } = setup(api);
      return fake.run(async (ctx) => {
        ctx.workbook.notes.add('Data!A1', 'a note');
        await ctx.sync();
      }).then(() => wb.notes.length);
    };
    await expect(add('1.17')).rejects.toEqual(apiNotFound);
    await expect(add('1.18')).resolves.toBe(1);
  });
});

describe('fake Excel settings size', () => {
  it('refuses a write that would take the settings past the host’s limit, keeping what was there', async () => {
    const wb = new FakeWorkbook();
    const fake = createFakeExcel(wb, { settingsLimitBytes: 10_000 });
    const put = (key: string, chars: number) => fake.run(async (ctx) => {
      ctx.workbook.settings.add(key, 'x'.repeat(chars));
      await ctx.sync();
    });
    await put('a', 6_000);
    await expect(put('b', 6_000)).rejects.toEqual(expect.objectContaining({ code: 'GeneralException' }));
    expect([...wb.settings.keys()]).toEqual(['a']);
    await put('a', 9_000); // replacing a value counts its new size, not both
    expect(String(wb.settings.get('a'))).toHaveLength(9_000);
    expect(settingsBytes(wb.settings)).toBeLessThanOrEqual(10_000);
  });

  it('defaults to 2 MB', async () => {
    const wb = new FakeWorkbook();
    const fake = createFakeExcel(wb);
    await expect(fake.run(async (ctx) => {
      ctx.workbook.settings.add('big', 'x'.repeat(SETTINGS_LIMIT_BYTES));
      await ctx.sync();
    })).rejects.toEqual(expect.objectContaining({ code: 'GeneralException' }));
    expect(SETTINGS_LIMIT_BYTES).toBe(2 * 1024 * 1024);
  });
});
