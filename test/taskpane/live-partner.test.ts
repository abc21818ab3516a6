import { createPaneServices } from '../../src/taskpane/context';
import { createExcelPort } from '../../src/excel/port';
import { memorySettings } from '../../src/taskpane/settings';
import { memoryLibrary } from '../../src/taskpane/mapping/library';
import { MARK_COLORS } from '../../src/core/verify/messages';
import { cellKey, createFakeExcel, type FakeExcel } from '../../testing/fake-excel';
import { partnerWorkbook } from '../../testing/builders/partner-sample';
import { partnerLayout } from '../../src/taskpane/mapping/live-layout';
import { mapWorkbook } from '../../src/core/mapping/match';
import { toWorkbookData } from '../../src/core/mapping/apply';
import { defaultStandard } from '../../src/core/standard/load';
import type { RawWorkbook, SheetMapping, WorkbookMapping } from '../../src/core/mapping/types';
import type { CellValue } from '../../src/core/model/sheet';
import type { WorkbookPort } from '../../src/app/workbook-port';
import { readRawWorkbook } from '../../src/excel/raw-read';

/**
 * Live re-checking on a partner's own layout (the partner sample: renamed
 * sheets, a title row and a blank row above the headers on row 3, its own
 * headers, extra columns). After Validate, an edit on a mapped sheet is read
 * row by row from the partner's sheet, reshaped through the mapping and
 * re-checked by the same session; the marks land on the partner's cells.
 */

/** "D4" → fill colour of that cell on the partner's sheet. */
function fillOf(fake: FakeExcel, sheet: string, a1: string): string | undefined {
  return fake.workbook.sheet(sheet)!.fills.get(cellKey(Number(a1.slice(1)) - 1, a1.charCodeAt(0) - 65))?.color;
}

function noteOf(fake: FakeExcel, sheet: string, a1: string): string | undefined {
  const id = fake.workbook.sheet(sheet)!.id;
  return fake.workbook.notes.find((n) => n.sheetId === id && n.row === Number(a1.slice(1)) - 1 && n.col === a1.charCodeAt(0) - 65)?.content;
}

async function validated(extraSheets: { name: string; rows: unknown[][] }[] = []) {
  const wb = partnerWorkbook();
  for (const x of extraSheets) wb.addSheet(x.name).load(x.rows as (string | number | null)[][]);
  const fake = createFakeExcel(wb);
  const port = createExcelPort(fake);
  const calls = { read: 0, readRaw: 0, readRows: [] as { sheet: string; rows: number[] }[] };
  const counted = {
    ...port,
    read: (...a: Parameters<typeof port.read>) => { calls.read++; return port.read(...a); },
    readRaw: (...a: Parameters<NonNullable<typeof port.readRaw>>) => { calls.readRaw++; return port.readRaw!(...a); },
    readRows: (...a: Parameters<NonNullable<typeof port.readRows>>) => { calls.readRows.push({ sheet: a[1], rows: a[2] }); return port.readRows!(...a); },
  };
  const { validation } = createPaneServices(counted, memorySettings(), memoryLibrary());
  await validation.validate();
  const fullReads = () => calls.read + calls.readRaw;
  const before = fullReads();
  return { fake, validation, calls, readsSinceValidate: () => fullReads() - before };
}

const issuesAt = (v: { getSnapshot(): { result: { issues: { sheet: string; cells: string[]; ruleId: string }[] } | null } }, sheet: string, cell: string) =>
  v.getSnapshot().result!.issues.filter((i) => i.sheet === sheet && i.cells.includes(cell)).map((i) => i.ruleId);

describe('live re-checking on a partner layout', () => {
  it('a flagged cell fixed on the partner sheet loses its mark and its issue, with only the edited row read', async () => {
    const { fake, validation, calls, readsSinceValidate } = await validated();
    // "Open for inclusion" is not a study status: flagged on the partner's own cell.
    expect(issuesAt(validation, 'Trial List', 'D4')).toEqual(['picklist']);
    expect(fillOf(fake, 'Trial List', 'D4')).toBe(MARK_COLORS.error);
    expect(noteOf(fake, 'Trial List', 'D4')).toBeTruthy();
    const errors = validation.getSnapshot().result!.summary.errors;

    fake.resetStats();
    await fake.fireChange('Trial List', 'D4', [['Enrolling']]);
    await validation.liveIdle();

    expect(readsSinceValidate()).toBe(0);
    // The same round trips as an edit on the template's shape (test/taskpane/live.test.ts): a row read and a repaint.
    expect(fake.stats.syncCount).toBeLessThanOrEqual(12);
    expect(calls.readRows).toEqual([{ sheet: 'Trial List', rows: [4] }]);
    expect(issuesAt(validation, 'Trial List', 'D4')).toEqual([]);
    expect(fillOf(fake, 'Trial List', 'D4')).toBeUndefined();
    expect(noteOf(fake, 'Trial List', 'D4')).toBeUndefined();
    const after = validation.getSnapshot();
    expect(after.result!.summary.errors).toBe(errors - 1);
    // Everything else stays as the full validation found it, on the partner's sheets.
    expect(issuesAt(validation, 'Centres', 'E4')).toEqual(['picklist']);
    expect(fillOf(fake, 'Centres', 'E4')).toBe(MARK_COLORS.error);
    expect(after.result!.issues.some((i) => ['Studies', 'Sites', 'Organizations'].includes(i.sheet))).toBe(false);
    expect(after.result!.issues.filter((i) => i.ruleId === 'uncertainColumn').map((i) => `${i.sheet}!${i.cells[0]}`)).toEqual(['Centres!G3']);
    expect(after.notice).toMatch(/^Re-checked 1 edited row in Trial List: /);
    expect(after.error).toBeNull();

    // A date typed the way Excel reads it (a serial in a date format) is read and reshaped as the full read did: no longer ambiguous.
    expect(issuesAt(validation, 'Centres', 'H5')).toContain('ambiguousDate');
    await fake.fireChange('Centres', 'H5', [['2024-02-03']]);
    await validation.liveIdle();
    expect(readsSinceValidate()).toBe(0);
    expect(issuesAt(validation, 'Centres', 'H5')).not.toContain('ambiguousDate');
    expect(validation.getSnapshot().result!.issues.filter((i) => i.ruleId === 'ambiguousDate')).toEqual([]);
  });

  it('an error typed on a partner row is flagged on the partner cell, and the untouched row it clashes with too', async () => {
    const { fake, validation, calls, readsSinceValidate } = await validated();
    const hospitals = fake.workbook.sheet('Hospitals')!;
    const firstId = hospitals.get(3, 0);
    expect(fillOf(fake, 'Hospitals', 'A4')).toBeUndefined();
    expect(fillOf(fake, 'Hospitals', 'A5')).toBeUndefined();

    // The second institution gets the first one's id: both rows break the id's uniqueness.
    await fake.fireChange('Hospitals', 'A5', [[firstId]]);
    await validation.liveIdle();

    expect(readsSinceValidate()).toBe(0);
    expect(calls.readRows).toEqual([{ sheet: 'Hospitals', rows: [5] }]);
    expect(issuesAt(validation, 'Hospitals', 'A5')).toContain('unique');
    expect(issuesAt(validation, 'Hospitals', 'A4')).toContain('unique');
    expect(fillOf(fake, 'Hospitals', 'A5')).toBe(MARK_COLORS.error);
    expect(fillOf(fake, 'Hospitals', 'A4')).toBe(MARK_COLORS.error);
    // The note names the field by the standard's header (the partner sheet is known as Organizations), never by its key.
    expect(noteOf(fake, 'Hospitals', 'A5')).toMatch(/Organization ID "ORG-MGH" appears 2 times/);
    expect(fake.workbook.sheet('Organizations')).toBeUndefined();

    // A required value emptied in a partner column (Institution, column B) is flagged there too.
    await fake.fireChange('Hospitals', 'B6', [[null]]);
    await validation.liveIdle();
    expect(issuesAt(validation, 'Hospitals', 'B6')).toEqual(['required']);
    expect(fillOf(fake, 'Hospitals', 'B6')).toBe(MARK_COLORS.error);
    expect(noteOf(fake, 'Hospitals', 'B6')).toMatch(/Organization Name/);
  });

  it('an edit on the header row, or on a row above it, validates the whole workbook again', async () => {
    const { fake, validation, calls, readsSinceValidate } = await validated();
    await fake.fireChange('Trial List', 'M3', [['Remark']]);
    await validation.liveIdle();
    expect(readsSinceValidate()).toBe(1);
    expect(calls.readRows).toEqual([]);
    expect(validation.getSnapshot().notice).toMatch(/^The header row changed\. /);

    // The blank row between the title and the headers is above the header row too.
    await fake.fireChange('Centres', 'B2', [['note']]);
    await validation.liveIdle();
    expect(readsSinceValidate()).toBe(2);
    expect(calls.readRows).toEqual([]);
    // The full run found the workbook as it is now: the headers are still on row 3.
    expect(issuesAt(validation, 'Trial List', 'D4')).toEqual(['picklist']);

    // Inserted rows move every row below: read again, as on the template's shape.
    await fake.fireEvent('Hospitals', '5:5', 'RowInserted');
    await validation.liveIdle();
    expect(readsSinceValidate()).toBe(3);
    expect(calls.readRows).toEqual([]);
  });

  it('an edit on a sheet the mapping does not cover changes nothing, even one named as a standard sheet', async () => {
    // The session holds the partner's "Trial List" under the standard's name "Studies"; the partner's own
    // "Studies" sheet is only a scribble the mapping leaves out. Its edits must never reach the session's "Studies".
    const { fake, validation, calls, readsSinceValidate } = await validated([
      { name: 'Studies', rows: [['to ask Acme about']] },
      { name: 'Notes', rows: [['Call back on Tuesday']] },
    ]);
    const before = validation.getSnapshot();
    expect(before.result!.issues.filter((i) => i.ruleId === 'ignoredSheet').map((i) => i.sheet).sort()).toEqual(['Notes', 'Studies']);
    const fills = JSON.stringify(fake.workbook.sheets.map((s) => [...s.fills.entries()]));

    await fake.fireChange('Studies', 'D4', [['Enrolling']]);
    await fake.fireChange('Notes', 'A2', [['and Wednesday']]);
    await validation.liveIdle();

    expect(readsSinceValidate()).toBe(0);
    expect(calls.readRows).toEqual([]);
    const after = validation.getSnapshot();
    expect(after.result).toBe(before.result);
    expect(after.notice).toBe(before.notice);
    expect(issuesAt(validation, 'Trial List', 'D4')).toEqual(['picklist']);
    expect(JSON.stringify(fake.workbook.sheets.map((s) => [...s.fills.entries()]))).toBe(fills);
  });
});

describe('partnerLayout', () => {
  const std = defaultStandard();
  let raw: RawWorkbook;
  let mapping: WorkbookMapping;
  let trials: SheetMapping;
  beforeAll(async () => {
    // The partner sample as the pane's raw read gives it, mapped as the Map step maps it.
    raw = await readRawWorkbook(createFakeExcel(partnerWorkbook()));
    mapping = mapWorkbook(std, raw);
    trials = mapping.sheets.find((s) => s.source === 'Trial List')!;
  });
  const stub = (rows: { rowNumber: number; values: CellValue[] }[]) => {
    const asked: string[] = [];
    const port = { readRows: async (_s: unknown, sheet: string, n: number[]) => { asked.push(`${sheet}:${n.join(',')}`); return rows; } } as unknown as WorkbookPort;
    return { port, asked };
  };

  it('gives the session the edited row under its own sheet name, cut to the partner header, as the full read does', async () => {
    const wide: CellValue[] = [...raw.sheets.find((s) => s.name === 'Trial List')!.rows[2]!, 'beyond the headers', 'more'];
    const { port, asked } = stub([{ rowNumber: 4, values: wide }]);
    const edited = await partnerLayout(std, mapping).readEdited(port, 'Trial List', [4]);
    expect(asked).toEqual(['Trial List:4']);
    const full = toWorkbookData(std, raw, mapping).sheets.find((s) => s.name === 'Studies')!;
    expect(edited).toEqual({ kind: 'rows', sheet: 'Studies', rows: [{ rowNumber: 4, values: full.rows[full.rowNumbers.indexOf(4)] }] });
    expect((edited as { rows: { values: CellValue[] }[] }).rows[0]!.values).toHaveLength(trials.headers.length);
  });

  it('sends the header row and rows above it to a full validation, and leaves sheets the mapping does not cover alone, without reading them', async () => {
    const { port, asked } = stub([]);
    const layout = partnerLayout(std, mapping);
    expect(await layout.readEdited(port, 'Trial List', [trials.headerRow])).toEqual({ kind: 'layout' });
    expect(await layout.readEdited(port, 'Trial List', [trials.headerRow - 1, 9])).toEqual({ kind: 'layout' });
    expect(await layout.readEdited(port, 'Notes', [4])).toEqual({ kind: 'ignored' });
    expect(await layout.readEdited(port, 'Studies', [4])).toEqual({ kind: 'ignored' });
    expect(asked).toEqual([]);
    expect(layout.std.entities.find((e) => e.key === 'study')!.sheet).toBe('Trial List');
  });
});
