import { DECISIONS_SETTING, loadDecisions, saveDecisions } from '../../src/excel';
import type { DuplicateDecision } from '../../src/core/master/decisions';
import { createFakeExcel, FakeWorkbook } from '../../testing/fake-excel';

/** Duplicate decisions kept in workbook.settings through the adapter, on the fake Excel. */

const decision: DuplicateDecision = {
  clusterKey: '["Investigators","ann.smith@mayo.org","ann.smyth@mayo.org"]', sheet: 'Investigators', rows: [2, 3],
  rowKeys: ['ann.smith@mayo.org', 'ann.smyth@mayo.org'], keyFields: [{ key: 'email', header: 'Email' }],
  keep: 2, verdict: 'merge', score: 0.93, by: 'Dana Steward', at: '2024-06-30T12:00:00.000Z',
};

describe('duplicate decisions in the workbook', () => {
  test('none stored: an empty list; saved ones come back from the same workbook in a new session', async () => {
    const wb = new FakeWorkbook();
    expect(await loadDecisions(createFakeExcel(wb))).toEqual([]);
    await saveDecisions(createFakeExcel(wb), [decision]);
    expect(typeof wb.settings.get(DECISIONS_SETTING)).toBe('string');
    // A new host on the same workbook stands for closing and re-opening the file.
    expect(await loadDecisions(createFakeExcel(wb))).toEqual([decision]);
    await saveDecisions(createFakeExcel(wb), []);
    expect(await loadDecisions(createFakeExcel(wb))).toEqual([]);
  });

  test('a hand-edited or foreign value reads as no decisions, never as a crash', async () => {
    const wb = new FakeWorkbook();
    wb.settings.set(DECISIONS_SETTING, '{not json');
    expect(await loadDecisions(createFakeExcel(wb))).toEqual([]);
    wb.settings.set(DECISIONS_SETTING, JSON.stringify({ v: 1, decisions: [{ ...decision, verdict: 'perhaps' }, decision] }));
    expect(await loadDecisions(createFakeExcel(wb))).toEqual([decision]);
  });

  test('a list too large for the settings is refused with a sentence, and the stored list is untouched', async () => {
    const wb = new FakeWorkbook();
    await saveDecisions(createFakeExcel(wb), [decision]);
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...decision, clusterKey: `k${i}`, by: 'x'.repeat(200) }));
    await expect(saveDecisions(createFakeExcel(wb), many)).rejects.toThrow(/Too many duplicate decisions/);
    expect(await loadDecisions(createFakeExcel(wb))).toEqual([decision]);
  });
});
