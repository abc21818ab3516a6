import { defaultStandard } from '../../src/core/standard/load';
import { columnLetter } from '../../src/core/sheet/address';
import { buildTemplatePlan, type ColumnValidation } from '../../src/core/template/plan';
import { generateTemplate, readWorkbook, readTemplateStandard, STANDARD_SETTING, TemplateConflictError, TemplateTableConflictError } from '../../src/excel';
import { HEADER_FILL } from '../../src/excel/template';
import { officeErrorAlert, tableName } from '../../src/excel/template-table';
import { cellKey, createFakeExcel, FakeWorkbook, formatRect, tablesOf } from '../../testing/fake-excel';

/** The data-validation rule each kind of column gets (every kind checked, none skipped). */
function expectedRule(val: ColumnValidation | null): unknown {
  switch (val?.kind) {
    case 'list': return { list: { inCellDropDown: true, source: val.source } };
    case 'date': return { date: expect.anything() };
    case 'wholeNumber': return { wholeNumber: expect.objectContaining({ formula1: val.min }) };
    case 'textLength': return { textLength: expect.objectContaining({ formula1: val.max }) };
    case undefined: return null;
  }
}

describe('generateTemplate', () => {
  const std = defaultStandard();
  const plan = buildTemplatePlan(std);

  it('renders the shared plan: sheets, exact headers, formats, validation, prompts, freeze, hidden lists, stored standard', async () => {
    const wb = new FakeWorkbook();
    wb.addSheet('Sheet1');
    const fake = createFakeExcel(wb);
    const res = await generateTemplate(fake, std);
    expect(res.created).toHaveLength(plan.sheets.length + 2);
    expect(wb.sheets.map((s) => s.name)).toEqual(['Instructions', 'Sheet1', ...plan.sheets.map((s) => s.name), 'Lists']);

    for (const ps of plan.sheets) {
      const s = wb.sheet(ps.name)!;
      expect(ps.columns.map((_, c) => s.get(0, c))).toEqual(ps.columns.map((c) => c.header));
      expect(s.freezeRows).toBe(1);
      // Deliberate change: the header and one empty data row form a table instead of 2,000 pre-formatted rows.
      expect(tablesOf(s).map((t) => ({ name: t.name, range: formatRect(t.rect) }))).toEqual([{ name: tableName(ps.name), range: `A1:${columnLetter(ps.columns.length - 1)}2` }]);
      ps.columns.forEach((col, c) => {
        expect(s.bold.get(cellKey(0, c))).toBe(true);
        expect(s.fills.get(cellKey(0, c))?.color).toBe(col.required ? HEADER_FILL.required : HEADER_FILL.optional);
        expect(s.numberFormat(1, c)).toBe(col.numberFormat);
        expect(s.numberFormat(2, c)).toBe('General'); // below the table until it grows
        const v = s.validation.get(cellKey(1, c));
        expect(v?.errorAlert ?? null).toEqual(col.errorAlert ? officeErrorAlert(col.errorAlert) : null);
        expect(v?.prompt).toEqual({ showPrompt: true, title: col.promptTitle, message: col.prompt });
        expect(s.validation.get(cellKey(0, c))?.prompt?.message).toBe(col.prompt);
        expect(s.validation.get(cellKey(0, c))?.rule ?? null).toBeNull();
        expect(v?.rule ?? null).toEqual(expectedRule(col.validation));
        expect(s.columnWidths.get(c)).toBeGreaterThan(0);
      });
    }
    const dates = plan.sheets.flatMap((s) => s.columns).filter((c) => c.validation?.kind === 'date');
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.every((c) => c.numberFormat === 'yyyy-mm-dd')).toBe(true);

    const lists = wb.sheet('Lists')!;
    expect(lists.visibility).toBe('VeryHidden');
    plan.lists.columns.forEach((lc, j) => {
      expect(lists.get(0, j)).toBe(lc.header);
      expect(lc.values.map((_, i) => lists.get(i + 1, j))).toEqual(lc.values);
    });
    const phase = plan.lists.columns.findIndex((c) => c.header === 'Studies.Phase');
    expect(lists.get(2, phase)).toBe('Phase 1/2'); // stayed text, not a date

    const ins = wb.sheet('Instructions')!;
    expect(ins.get(0, 0)).toBe(plan.instructions.rows[0]![0]);
    expect(ins.get(1, 0)).toBe(`Standard: ${std.id}, version ${std.version}`);
    expect(wb.activeSheetId).toBe(ins.id);

    expect(JSON.parse(String(wb.settings.get(STANDARD_SETTING)))).toMatchObject({ id: std.id, version: std.version, name: std.name });
    expect(await readTemplateStandard(fake)).toMatchObject({ id: std.id, version: std.version });
    expect(fake.stats.maxRequestBytes).toBeLessThan(5_000_000);
    expect(fake.stats.syncCount).toBeLessThanOrEqual(8);
    expect(fake.eventsEnabled).toBe(true);
  });

  it('refuses, changing nothing, when a sheet of a needed name holds data', async () => {
    const wb = new FakeWorkbook();
    wb.addSheet('Sites').load([['my', 'data']]);
    wb.addSheet('Lists');
    const fake = createFakeExcel(wb);
    await expect(generateTemplate(fake, std)).rejects.toThrow(TemplateConflictError);
    await expect(generateTemplate(fake, std)).rejects.toThrow(/"Sites" already exists and contains data/);
    expect(wb.sheets.map((s) => s.name)).toEqual(['Sites', 'Lists']);
    expect(wb.sheet('Sites')!.get(0, 0)).toBe('my');
    expect(wb.settings.size).toBe(0);
  });

  it('reuses an empty sheet of a needed name', async () => {
    const wb = new FakeWorkbook();
    wb.addSheet('Studies');
    const fake = createFakeExcel(wb);
    const res = await generateTemplate(fake, std);
    expect(res.reused).toEqual(['Studies']);
    expect(wb.sheet('Studies')!.get(0, 0)).toBe('Study Number');
  });
});

describe('generateTemplate below ExcelApi 1.8', () => {
  it('skips drop-down lists and prompts, says so, and still writes headers and formats', async () => {
    const std = defaultStandard();
    const plan = buildTemplatePlan(std);
    const wb = new FakeWorkbook();
    const fake = createFakeExcel(wb, { apiVersion: '1.7' });
    const res = await generateTemplate(fake, std);
    expect(res.degraded.join(' ')).toMatch(/data validation/);
    const sites = wb.sheet('Sites')!;
    const cols = plan.sheets.find((s) => s.name === 'Sites')!.columns;
    expect(cols.map((_, c) => sites.get(0, c))).toEqual(cols.map((c) => c.header));
    expect(sites.validation.size).toBe(0);
    expect(sites.numberFormat(1, cols.findIndex((c) => c.key === 'fsfv_date'))).toBe('yyyy-mm-dd');
  });
});

describe('the template\'s tables grow with the data', () => {
  const std = defaultStandard();
  const plan = buildTemplatePlan(std);
  const sites = plan.sheets.find((s) => s.name === 'Sites')!;
  const at = (key: string) => sites.columns.findIndex((c) => c.key === key);

  async function made() {
    const wb = new FakeWorkbook();
    const fake = createFakeExcel(wb);
    await generateTemplate(fake, std);
    return { wb, fake, s: wb.sheet('Sites')! };
  }

  it('a row added through the table gets the column\'s format, list, prompt and error alert; text keeps its leading zeros', async () => {
    const { fake, s } = await made();
    const row = sites.columns.map(() => '');
    row[at('site_number')] = '00123';
    row[at('fsfv_date')] = 'March 4, 2023';
    await fake.run(async (ctx) => {
      const t = ctx.workbook.worksheets.getItem('Sites').tables.getItem(tableName('Sites'));
      t.rows.add(undefined, [sites.columns.map(() => ''), row]);
      const body = t.getDataBodyRange().load('address');
      await ctx.sync();
      expect(body.address).toBe(`Sites!A2:${columnLetter(sites.columns.length - 1)}4`);
    });
    expect(formatRect(tablesOf(s)[0]!.rect)).toBe(`A1:${columnLetter(sites.columns.length - 1)}4`);
    sites.columns.forEach((col, c) => {
      expect(s.numberFormat(3, c)).toBe(col.numberFormat);
      const v = s.validation.get(cellKey(3, c));
      expect(v?.rule ?? null).toEqual(expectedRule(col.validation));
      expect(v?.prompt?.message).toBe(col.prompt);
      expect(v?.errorAlert ?? null).toEqual(col.errorAlert ? officeErrorAlert(col.errorAlert) : null);
    });
    expect(s.get(3, at('site_number'))).toBe('00123');
    expect(s.get(3, at('fsfv_date'))).toBe('March 4, 2023'); // kept as typed for Validate to propose a date
    expect(s.validation.get(cellKey(3, at('fsfv_date')))?.errorAlert?.style).toBe('Warning');
  });

  it('the alert style follows the standard: text dates warn, a count Excel alone can judge stops', async () => {
    const { s } = await made();
    expect(s.validation.get(cellKey(1, at('fsfv_date')))?.errorAlert?.style).toBe('Warning');
    const count = sites.columns.findIndex((c) => c.validation?.kind === 'wholeNumber');
    expect(count).toBeGreaterThanOrEqual(0);
    expect(s.validation.get(cellKey(1, count))?.errorAlert?.style).toBe('Stop');
  });

  it('reading works on rows typed below the table and after the table is converted to a plain range', async () => {
    const { fake, s } = await made();
    const row = (n: string) => sites.columns.map((c) => (c.key === 'site_number' ? n : ''));
    s.load([row('0007')], 1); // inside the table's first data row
    s.load([row('0042')], 9); // well below the table: the table did not grow
    const first = await readWorkbook(fake, std);
    const read1 = first.sheets.find((x) => x.name === 'Sites')!;
    expect(read1.rowNumbers).toEqual([2, 10]);
    expect(read1.rows.map((r) => r[at('site_number')])).toEqual(['0007', '0042']);

    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Sites').tables.getItem(tableName('Sites')).convertToRange();
      await ctx.sync();
    });
    expect(tablesOf(s)).toHaveLength(0);
    const second = await readWorkbook(fake, std);
    expect(second.sheets.find((x) => x.name === 'Sites')!.rows.map((r) => r[at('site_number')])).toEqual(['0007', '0042']);
  });

  it('refuses, changing nothing, over a table left on an empty sheet or a table of the same name elsewhere', async () => {
    const { wb, fake, s } = await made();
    await fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Sites');
      ws.getRange('A1:Z3').clear();
      await ctx.sync();
    });
    expect(s.usedRect(true)).toBeNull(); // data and headers cleared, the table still there
    for (const n of ['Instructions', 'Organizations', 'Studies', 'Investigators', 'Site Staff', 'Lists']) wb.sheets.splice(wb.sheets.indexOf(wb.sheet(n)!), 1);
    const settings = wb.settings.size;
    await expect(generateTemplate(fake, std)).rejects.toThrow(TemplateTableConflictError);
    await expect(generateTemplate(fake, std)).rejects.toThrow(/"Sites" already holds a table; a table named "ctms_Sites" already exists\. Remove or rename them first; nothing was changed\./);
    expect(wb.sheets.map((x) => x.name)).toEqual(['Sites']);
    expect(wb.settings.size).toBe(settings);
  });

  it('tables keep Excel\'s rules: no overlap, unique names, a name readable only once loaded', async () => {
    const { fake } = await made();
    await expect(fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Sites').tables.add('B1:C3', true);
      await ctx.sync();
    })).rejects.toThrow(/overlap/);
    await expect(fake.run(async (ctx) => {
      const t = ctx.workbook.worksheets.getItem('Lists').tables.add('Z1:Z2', true);
      t.name = tableName('Sites');
      await ctx.sync();
    })).rejects.toThrow(/already exists/);
    await expect(fake.run(async (ctx) => {
      const t = ctx.workbook.worksheets.getItem('Sites').tables.getItem(tableName('Sites'));
      return t.name;
    })).rejects.toThrow(/not available|load/i);
  });
});
