import { defaultStandard } from '../../src/core/standard/load';
import { buildTemplatePlan, TEMPLATE_ROWS, type ColumnValidation } from '../../src/core/template/plan';
import { generateTemplate, readTemplateStandard, STANDARD_SETTING, TemplateConflictError } from '../../src/excel';
import { HEADER_FILL } from '../../src/excel/template';
import { cellKey, createFakeExcel, FakeWorkbook } from '../../testing/fake-excel';

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
      ps.columns.forEach((col, c) => {
        expect(s.bold.get(cellKey(0, c))).toBe(true);
        expect(s.fills.get(cellKey(0, c))?.color).toBe(col.required ? HEADER_FILL.required : HEADER_FILL.optional);
        expect(s.numberFormat(1, c)).toBe(col.numberFormat);
        expect(s.numberFormat(TEMPLATE_ROWS, c)).toBe(col.numberFormat);
        expect(s.numberFormat(TEMPLATE_ROWS + 1, c)).toBe('General');
        const v = s.validation.get(cellKey(5, c));
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
