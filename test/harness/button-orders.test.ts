import { HarnessWorkbook } from '../../src/harness/workbookStore';
import { createHarnessApi } from '../../src/harness/harnessApi';
import { generateTemplate, TemplateConflictError } from '../../src/excel';
import { defaultStandard } from '../../src/core/standard/load';
import { dedupeWorkbook } from '../../src/core/master';
import { SAMPLE_ROWS } from '../../samples/sample-rows';

/**
 * The harness's buttons and what a person does between them, in every order
 * (5! = 120 orders, each on a new blank workbook, through the adapter as the
 * pane does): "Load sample workbook" never fails, whatever came before, and
 * "Create template" fails only with the pane's worded refusal (shown as a
 * message, not thrown). Nothing is logged as an error and no promise is left
 * rejected. The jsdom pane takes minutes per run on this machine, so the pane's
 * own buttons are covered by its panel tests and the browser e2e.
 */

const std = defaultStandard();
type Step = 'load sample' | 'create template' | 'type a row' | 'activate a sheet' | 'load sample again';
const STEPS: Step[] = ['load sample', 'create template', 'type a row', 'activate a sheet', 'load sample again'];

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

const rejections: unknown[] = [];
const onRejection = (r: unknown) => rejections.push(r);
let consoleError: jest.SpyInstance;
beforeEach(() => {
  rejections.length = 0;
  consoleError = jest.spyOn(console, 'error');
  process.on('unhandledRejection', onRejection);
});
afterEach(() => {
  consoleError.mockRestore();
  process.off('unhandledRejection', onRejection);
});

describe('the harness, its buttons in every order', () => {
  test.each(permutations(STEPS).map((o) => [o.join(' → '), o] as const))('%s', async (_, order) => {
    const hw = new HarnessWorkbook();
    const api = createHarnessApi(hw);
    let loaded = false;
    for (const step of order) {
      if (step === 'load sample' || step === 'load sample again') {
        await api.loadSample();
        loaded = true;
      } else if (step === 'create template') {
        // The pane's button: on sheets holding data the adapter refuses in words, and the pane shows them.
        const outcome = await generateTemplate(hw.host, std).then(() => 'created', (e: unknown) => e);
        if (outcome !== 'created') expect(outcome).toBeInstanceOf(TemplateConflictError);
      } else if (step === 'type a row') {
        if (!api.sheets().includes('Investigators')) continue; // nothing to type into before a template
        await api.loadRows('Investigators', [['extra@example.org', 'Extra', 'Row']], 'A30');
      } else {
        api.activate(api.sheets()[api.sheets().length - 1]);
      }
    }
    await hw.fake.idle();

    expect(consoleError).not.toHaveBeenCalled();
    expect(rejections).toEqual([]);
    expect(loaded).toBe(true);
    // The sample, and only what was typed after its last load, is in the workbook.
    for (const [sheet, rows] of Object.entries(SAMPLE_ROWS)) {
      expect(api.getCell(sheet, 'A1')?.value).toBeTruthy();
      expect(api.getCell(sheet, `A${rows.length + 1}`)?.text).toBe(String(rows[rows.length - 1][0]));
      expect(api.getCell(sheet, `A${rows.length + 2}`)?.value ?? null).toBeNull();
    }
    const typedAfterLastLoad = order.lastIndexOf('type a row') > Math.max(order.indexOf('load sample'), order.indexOf('load sample again'));
    expect(api.getCell('Investigators', 'A30')?.value ?? null).toBe(typedAfterLastLoad ? 'extra@example.org' : null);
  });
});

describe('the sample', () => {
  const data = {
    sheets: Object.entries(SAMPLE_ROWS).map(([name, rows]) => {
      const e = std.entities.find((x) => x.sheet === name)!;
      return {
        name,
        headers: e.fields.map((f) => f.header),
        rows: rows.map((r) => r.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : (v as string | number | null)))),
        rowNumbers: rows.map((_, k) => k + 2),
      };
    }),
  };

  test('has duplicate investigators and organizations, one across a transliteration and one across scripts', () => {
    const clusters = dedupeWorkbook(std, data).clusters.map((c) => ({ sheet: c.sheet, rows: c.rows, evidence: c.evidence.join('; ') }));
    expect(clusters).toEqual([
      expect.objectContaining({ sheet: 'Organizations', rows: [4, 7] }),
      expect.objectContaining({ sheet: 'Investigators', rows: [4, 5], evidence: expect.stringContaining('Klaus Müller ~ Klaus Mueller') }),
      expect.objectContaining({ sheet: 'Investigators', rows: [6, 7], evidence: expect.stringContaining('same email') }),
    ]);
    // The second of the pinyin pair is written in Chinese characters.
    expect(SAMPLE_ROWS.Investigators[5].slice(1, 3)).toEqual(['伟', '张']);
  });
});
