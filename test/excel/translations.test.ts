import { readTranslations, TranslationsConflictError, writeTranslations } from '../../src/excel';
import { cellKey, createFakeExcel, FakeWorkbook } from '../../testing/fake-excel';
import { WORKLIST_HEADERS, type WorklistRow } from '../../src/core/translate';

/** The Translations sheet on the fake Excel: written as text, read back by its headers, a user's own sheet never replaced. */

const ROWS: WorklistRow[] = [
  { source: '北京协和医院', script: 'Han', usedIn: ['Organizations!B4 (Organization Name)', 'Organizations!B5 (Organization Name)'], occurrences: 2, suggestion: 'Bei Jing Xie He Yi Yuan', approved: null },
  { source: '0012', script: 'Cyrillic', usedIn: ['Organizations!E4 (City)'], occurrences: 1, suggestion: null, approved: 'Kept as text' },
];

function setup() {
  const wb = new FakeWorkbook();
  wb.addSheet('Organizations').load([['Organization ID'], ['ORG-1']]);
  return { wb, fake: createFakeExcel(wb) };
}

describe('writeTranslations', () => {
  it('writes one row per text, every cell as text, the header marked and the English column open for input', async () => {
    const { wb, fake } = setup();
    expect(await writeTranslations(fake, ROWS)).toEqual({ sheet: 'Translations', rows: 2 });
    const s = wb.sheet('Translations')!;
    expect(s.rows[0]).toEqual([...WORKLIST_HEADERS]);
    expect(s.rows[1]).toEqual(['北京协和医院', 'Han', 'Organizations!B4 (Organization Name); Organizations!B5 (Organization Name)', '2', 'Bei Jing Xie He Yi Yuan', undefined].slice(0, 5));
    // "0012" stays the text it was: the format went on before the value.
    expect(s.get(2, 0)).toBe('0012');
    expect(s.numberFormat(2, 0)).toBe('@');
    expect(s.get(2, 5)).toBe('Kept as text');
    expect(s.bold.get(cellKey(0, 0))).toBe(true);
    expect(s.freezeRows).toBe(1);
    expect(s.unlocked.has(cellKey(1, 5)) && s.unlocked.has(cellKey(2, 5))).toBe(true);
    expect(s.unlocked.has(cellKey(1, 0))).toBe(false);
    // Nothing else touched.
    expect(wb.sheet('Organizations')!.rows).toEqual([['Organization ID'], ['ORG-1']]);
  });

  it('rewrites its own sheet in place, leaving no row of the longer list behind', async () => {
    const { wb, fake } = setup();
    await writeTranslations(fake, ROWS);
    await writeTranslations(fake, [ROWS[1]!]);
    const s = wb.sheet('Translations')!;
    expect(wb.sheets.filter((x) => x.name === 'Translations')).toHaveLength(1);
    expect(s.usedRect(true)).toEqual({ r0: 0, c0: 0, r1: 1, c1: 5 });
    expect(s.get(1, 0)).toBe('0012');
  });

  it('refuses a sheet of that name that is the user\'s own, changing nothing', async () => {
    const { wb, fake } = setup();
    wb.addSheet('Translations').load([['Word', 'Meaning'], ['hospital', '医院']]);
    await expect(writeTranslations(fake, ROWS)).rejects.toThrow(TranslationsConflictError);
    await expect(writeTranslations(fake, ROWS)).rejects.toThrow('This workbook already has a sheet named "Translations" that is not a translation worklist. Rename it to write the worklist; nothing was changed.');
    expect(wb.sheet('Translations')!.rows).toEqual([['Word', 'Meaning'], ['hospital', '医院']]);
  });

  it('writes a long worklist in several requests, each inside the payload limit', async () => {
    const wb = new FakeWorkbook();
    const fake = createFakeExcel(wb, { payloadLimitBytes: 200_000 });
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...ROWS[0]!, source: `北京${i}` }));
    await writeTranslations(fake, many, 150_000);
    expect(wb.sheet('Translations')!.get(3000, 0)).toBe('北京2999');
    expect(fake.stats.maxRequestBytes).toBeLessThanOrEqual(200_000);
    expect(fake.stats.syncCount).toBeGreaterThan(3);
  });
});

describe('readTranslations', () => {
  it('reads the approved English by the column headers, wherever the translator moved them', async () => {
    const { wb, fake } = setup();
    expect(await readTranslations(fake)).toBeNull();
    wb.addSheet('Translations').load([['Approved English', 'Note', 'Source text'], ['Peking Union Medical College Hospital', 'checked', ' 北京协和医院 '], [null, null, '上海'], ['orphan', null, null]]);
    expect(await readTranslations(fake)).toEqual([{ source: '北京协和医院', approved: 'Peking Union Medical College Hospital' }, { source: '上海', approved: null }]);
  });

  it('says what is missing when the sheet is not a worklist', async () => {
    const { wb, fake } = setup();
    wb.addSheet('Translations').load([['Word', 'Meaning']]);
    await expect(readTranslations(fake)).rejects.toThrow('the Translations sheet needs the columns "Source text" and "Approved English" in its first row');
  });
});
