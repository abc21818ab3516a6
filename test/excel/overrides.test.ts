import { OVERRIDES_SETTING, loadOverrides, saveOverrides } from '../../src/excel';
import type { FlagOverride } from '../../src/core/verify/overrides';
import { createFakeExcel, FakeWorkbook } from '../../testing/fake-excel';

/** Flag overrides kept in workbook.settings through the adapter, on the fake Excel. */

const o: FlagOverride = {
  key: '["Sites","R-ENR-02","subjects_enrolled","abc-123","001"]', sheet: 'Sites', row: 2, cells: ['K2', 'J2'], ruleId: 'R-ENR-02',
  severity: 'error', value: 12, reason: 'Confirmed with the site', by: 'Dana Steward', at: '2024-06-30T12:00:00.000Z',
};

describe('flag overrides in the workbook', () => {
  test('none stored: an empty list; saved ones come back in a new session; garbage reads as none', async () => {
    const wb = new FakeWorkbook();
    expect(await loadOverrides(createFakeExcel(wb))).toEqual([]);
    await saveOverrides(createFakeExcel(wb), [o]);
    expect(typeof wb.settings.get(OVERRIDES_SETTING)).toBe('string');
    expect(await loadOverrides(createFakeExcel(wb))).toEqual([o]);
    wb.settings.set(OVERRIDES_SETTING, '{not json');
    expect(await loadOverrides(createFakeExcel(wb))).toEqual([]);
  });

  test('a list too large for the settings is refused with a sentence, and the stored list is untouched', async () => {
    const wb = new FakeWorkbook();
    await saveOverrides(createFakeExcel(wb), [o]);
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...o, row: i + 2, reason: 'x'.repeat(200) }));
    await expect(saveOverrides(createFakeExcel(wb), many)).rejects.toThrow(/Too many overrides/);
    expect(await loadOverrides(createFakeExcel(wb))).toEqual([o]);
  });
});
