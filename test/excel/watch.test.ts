import { defaultStandard } from '../../src/core/standard/load';
import { watchChanges } from '../../src/excel';
import { createFakeExcel, FakeWorkbook } from '../../testing/fake-excel';

describe('watchChanges', () => {
  const std = defaultStandard();
  function setup(apiVersion: string) {
    const wb = new FakeWorkbook();
    wb.addSheet('Studies').load([['Study Number'], ['A']]);
    wb.addSheet('Notes').load([['x']]);
    return { wb, fake: createFakeExcel(wb, { apiVersion }) };
  }

  it('reports changed rows of the standard’s sheets only, drops its own writes (triggerSource, 1.14+)', async () => {
    const { fake } = setup('1.14');
    const seen: [string, number[], boolean][] = [];
    const stop = await watchChanges(fake, std, (s, r, st) => { seen.push([s, r, st]); });
    await fake.fireChange('Studies', 'A3:B5', [['x', 'y'], ['x', 'y'], ['x', 'y']]);
    await fake.fireChange('Notes', 'A2', [['ignored: not a standard sheet']]);
    // A write by this add-in with events still on: Excel tags it ThisLocalAddin.
    await fake.run(async (ctx) => { ctx.workbook.worksheets.getItem('Studies').getRange('A9').values = [['own']]; await ctx.sync(); });
    await fake.idle();
    await fake.fireEvent('Studies', '4:4', 'RowInserted');
    await fake.fireChange('Studies', 'A1', [['Study Number']]);
    expect(seen).toEqual([['Studies', [3, 4, 5], false], ['Studies', [4], true], ['Studies', [], true]]);
    await stop();
    await fake.fireChange('Studies', 'A2', [['z']]);
    expect(seen).toHaveLength(3);
  });
});
