import { createPaneServices } from '../../src/taskpane/context';
import { createExcelPort } from '../../src/excel/port';
import { memorySettings } from '../../src/taskpane/settings';
import { memoryLibrary } from '../../src/taskpane/mapping/library';
import { MARK_COLORS } from '../../src/core/verify/messages';
import { OVERRIDES_SETTING, readAudit } from '../../src/excel';
import { parseOverrides, type FlagOverride } from '../../src/core/verify/overrides';
import { cellKey, createFakeExcel, type FakeExcel, type FakeSheet } from '../../testing/fake-excel';
import { partnerWorkbook } from '../../testing/builders/partner-sample';
import type { ValidationStore } from '../../src/taskpane/store';

/**
 * Overriding a flag on a partner's own layout (the partner sample: renamed
 * sheets, a title row, its own headers). The Validate panel lists the flags on
 * the partner's sheets; the verification session holds them under the
 * standard's names. An override must behave as on the template's shape
 * (overrides.test.tsx): the flag and its mark go, the panel keeps the
 * partner's names, the next Validate applies it again, it follows its record
 * when a row is inserted above, and withdrawing it brings the flag back.
 */

const REASON = 'Partner confirmed first patient in on 2 March';
// The standard's names of the sheets the partner's file holds (Trial List, Centres, Hospitals).
const STANDARD_SHEETS = ['Studies', 'Sites', 'Organizations'];

function fillOf(fake: FakeExcel, sheet: string, a1: string): string | undefined {
  return fake.workbook.sheet(sheet)!.fills.get(cellKey(Number(a1.slice(1)) - 1, a1.charCodeAt(0) - 65))?.color;
}

function noteOf(fake: FakeExcel, sheet: string, a1: string): string | undefined {
  const id = fake.workbook.sheet(sheet)!.id;
  return fake.workbook.notes.find((n) => n.sheetId === id && n.row === Number(a1.slice(1)) - 1 && n.col === a1.charCodeAt(0) - 65)?.content;
}

async function validated(fake: FakeExcel = createFakeExcel(partnerWorkbook())) {
  const { validation } = createPaneServices(createExcelPort(fake), memorySettings(), memoryLibrary());
  await validation.validate();
  return { fake, validation };
}

const snapshot = (v: ValidationStore) => v.getSnapshot();
const flagsAt = (v: ValidationStore, sheet: string, cell: string, ruleId = 'ambiguousDate') =>
  snapshot(v).result!.issues.filter((i) => i.sheet === sheet && i.cells[0] === cell && i.ruleId === ruleId);
const overriddenCells = (v: ValidationStore) => (snapshot(v).overridden ?? []).map((i) => `${i.sheet}!${i.cells[0]}`);
const stored = (fake: FakeExcel): FlagOverride[] => parseOverrides(fake.workbook.settings.get(OVERRIDES_SETTING) ?? null);
const onStandardSheets = (v: ValidationStore) => [
  ...snapshot(v).result!.issues, ...snapshot(v).result!.proposals, ...(snapshot(v).overridden ?? []),
].filter((x) => STANDARD_SHEETS.includes(x.sheet)).map((x) => x.sheet);

/** Insert an empty row above 0-based row `at`, as Excel does: values, number formats, fills and notes move down. */
function insertRow(fake: FakeExcel, sheet: FakeSheet, at: number): void {
  sheet.rows.splice(at, 0, []);
  const step = cellKey(1, 0);
  for (const map of [sheet.formats, sheet.fills] as Map<number, unknown>[]) {
    const moved = [...map.entries()].map(([k, v]) => [k >= cellKey(at, 0) ? k + step : k, v] as const);
    map.clear();
    for (const [k, v] of moved) map.set(k, v);
  }
  for (const n of fake.workbook.notes) if (n.sheetId === sheet.id && n.row >= at) n.row++;
}

describe('overriding a flag on a partner layout', () => {
  it('hides the flag and its mark on the partner cell, keeps the partner names, applies again on Validate, and comes back when withdrawn', async () => {
    const { fake, validation } = await validated();
    // 03/02/2024 (as the partner typed the FPI date) reads as 3 February or 2 March: a warning on the partner's own cell,
    // with a second one on it: enrolled subjects and no FSFV date it can read.
    const [flag] = flagsAt(validation, 'Centres', 'H5');
    expect(flag?.severity).toBe('warning');
    expect(flagsAt(validation, 'Centres', 'H5', 'R-STAT-03')).toHaveLength(1);
    expect(fillOf(fake, 'Centres', 'H5')).toBe(MARK_COLORS.warning);
    expect(noteOf(fake, 'Centres', 'H5')).toMatch(/could be/);
    const warnings = snapshot(validation).result!.summary.warnings;

    expect(await validation.override(flag!, REASON)).toBe(true);
    let s = snapshot(validation);
    expect(s.error).toBeNull();
    expect(s.notice).toBe('Accepted Centres!H5 as it is (ambiguous date).');
    expect(flagsAt(validation, 'Centres', 'H5')).toEqual([]);
    expect(s.result!.summary.warnings).toBe(warnings - 1);
    expect(overriddenCells(validation)).toEqual(['Centres!H5']);
    // Everything shown stays on the partner's sheets, and the marks are redrawn there: the cell keeps only the other warning.
    expect(onStandardSheets(validation)).toEqual([]);
    expect(fillOf(fake, 'Centres', 'H5')).toBe(MARK_COLORS.warning);
    expect(noteOf(fake, 'Centres', 'H5')).not.toMatch(/could be/);
    // Its note names the fields by the standard's headers, as every note on a partner layout does.
    expect(noteOf(fake, 'Centres', 'H5')).toMatch(/Subjects Enrolled is 12 but FSFV Date is blank/);
    expect(fillOf(fake, 'Trial List', 'D4')).toBe(MARK_COLORS.error);
    expect(STANDARD_SHEETS.filter((n) => fake.workbook.sheet(n))).toEqual([]);
    // Stored in the session's terms: the standard's sheet, the partner's cell, keyed by the record's id.
    expect(stored(fake)).toEqual([expect.objectContaining({ sheet: 'Sites', row: 5, cells: ['H5'], ruleId: 'ambiguousDate', reason: REASON })]);
    expect(JSON.parse(stored(fake)[0]!.key)).toEqual(['Sites', 'ambiguousDate', 'fsfv_date', 'acme-101', '002']);
    // The trail names the cell the user saw.
    const { trail } = await readAudit(fake);
    expect(trail.entries().at(-1)).toMatchObject({ kind: 'override', sheet: 'Centres', cell: 'H5', ruleId: 'ambiguousDate', after: `overridden: ${REASON}` });

    // With its second flag overridden too, the cell loses its mark and its note.
    expect(await validation.override(flagsAt(validation, 'Centres', 'H5', 'R-STAT-03')[0]!, 'Enrolment counted before activation')).toBe(true);
    expect(overriddenCells(validation)).toEqual(['Centres!H5', 'Centres!H5']);
    expect(fillOf(fake, 'Centres', 'H5')).toBeUndefined();
    expect(noteOf(fake, 'Centres', 'H5')).toBeUndefined();
    expect(snapshot(validation).result!.summary.warnings).toBe(warnings - 2);

    // The next full Validate, and a pane opened afresh on the same workbook, apply it again.
    await validation.validate();
    expect(flagsAt(validation, 'Centres', 'H5')).toEqual([]);
    expect(overriddenCells(validation)).toEqual(['Centres!H5', 'Centres!H5']);
    expect(snapshot(validation).staleOverrides).toEqual([]);
    expect(onStandardSheets(validation)).toEqual([]);
    expect(fillOf(fake, 'Centres', 'H5')).toBeUndefined();
    const reopened = await validated(createFakeExcel(fake.workbook));
    expect(overriddenCells(reopened.validation)).toEqual(['Centres!H5', 'Centres!H5']);
    expect(snapshot(reopened.validation).result!.summary.warnings).toBe(warnings - 2);

    // Withdrawn: the flag, its mark and its note are back on the partner's cell, and the workbook holds only the other override.
    const overridden = snapshot(reopened.validation).overridden!.find((i) => i.ruleId === 'ambiguousDate')!;
    expect(await reopened.validation.undoOverride(overridden)).toBe(true);
    s = snapshot(reopened.validation);
    expect(s.notice).toBe('Centres!H5 is flagged again (ambiguous date): the override is withdrawn.');
    expect(flagsAt(reopened.validation, 'Centres', 'H5')).toHaveLength(1);
    expect(s.overridden!.map((i) => `${i.sheet}!${i.cells[0]} ${i.ruleId}`)).toEqual(['Centres!H5 R-STAT-03']);
    expect(s.result!.summary.warnings).toBe(warnings - 1);
    expect(fillOf(fake, 'Centres', 'H5')).toBe(MARK_COLORS.warning);
    expect(noteOf(fake, 'Centres', 'H5')).toMatch(/could be/);
    expect(stored(fake).map((o) => o.ruleId)).toEqual(['R-STAT-03']);
  });

  it('follows its record when a row is inserted above, survives live edits of the row, and goes stale when the value changes', async () => {
    const { fake, validation } = await validated();
    expect(await validation.override(flagsAt(validation, 'Centres', 'H5')[0]!, REASON)).toBe(true);

    // A centre inserted above the first one (row 4): the overridden one moves from row 5 to row 6.
    const centres = fake.workbook.sheet('Centres')!;
    insertRow(fake, centres, 3);
    centres.load([['ACME-101', '009', 'ORG-MGH', 'new.pi@mgh.example.org', 'Recruiting', 'US']], 3);
    await fake.fireEvent('Centres', '4:4', 'RowInserted');
    await validation.liveIdle();
    expect(snapshot(validation).notice).toMatch(/^The sheet layout changed\. /);
    expect(overriddenCells(validation)).toEqual(['Centres!H6']);
    expect(flagsAt(validation, 'Centres', 'H6')).toEqual([]);
    expect(snapshot(validation).staleOverrides).toEqual([]);
    // The cell keeps its other warning (no FSFV date it can read), and its note no longer asks about the date's order.
    expect(noteOf(fake, 'Centres', 'H6')).not.toMatch(/could be/);

    // An edit elsewhere in its row is re-checked live; the override still holds, shown on the partner's sheet.
    await fake.fireChange('Centres', 'M6', [['A. Smith']]);
    await validation.liveIdle();
    expect(snapshot(validation).notice).toMatch(/^Re-checked 1 edited row in Centres: /);
    expect(overriddenCells(validation)).toEqual(['Centres!H6']);
    expect(flagsAt(validation, 'Centres', 'H6')).toEqual([]);
    expect(onStandardSheets(validation)).toEqual([]);
    expect(noteOf(fake, 'Centres', 'H6')).not.toMatch(/could be/);

    // Another ambiguous value in the overridden cell is a new question: the override covers nothing and says so.
    await fake.fireChange('Centres', 'H6', [['04/05/2021']]);
    await validation.liveIdle();
    const s = snapshot(validation);
    expect(s.overridden).toEqual([]);
    expect(s.staleOverrides!.map((x) => [x.why, x.now && `${x.now.sheet}!${x.now.cells[0]}`])).toEqual([['changed', 'Centres!H6']]);
    expect(flagsAt(validation, 'Centres', 'H6').map((i) => i.ruleId)).toEqual(['ambiguousDate']);
    expect(fillOf(fake, 'Centres', 'H6')).toBe(MARK_COLORS.warning);
  });

  it('an error alone on its cell: overriding takes the mark and note off the partner cell, withdrawing puts them back', async () => {
    const { fake, validation } = await validated();
    // The hospital's name in Chinese characters (partner column "Institution"): the target takes Latin script only.
    const [flag] = flagsAt(validation, 'Hospitals', 'B8', 'charset');
    expect(flag?.severity).toBe('error');
    expect(fillOf(fake, 'Hospitals', 'B8')).toBe(MARK_COLORS.error);
    const errors = snapshot(validation).result!.summary.errors;

    expect(await validation.override(flag!, 'The target keeps this name in Chinese characters')).toBe(true);
    expect(snapshot(validation).result!.summary.errors).toBe(errors - 1);
    expect(overriddenCells(validation)).toEqual(['Hospitals!B8']);
    expect(fillOf(fake, 'Hospitals', 'B8')).toBeUndefined();
    expect(noteOf(fake, 'Hospitals', 'B8')).toBeUndefined();
    expect(stored(fake)).toEqual([expect.objectContaining({ sheet: 'Organizations', row: 8, cells: ['B8'], ruleId: 'charset' })]);

    expect(await validation.undoOverride(snapshot(validation).overridden![0]!)).toBe(true);
    expect(snapshot(validation).result!.summary.errors).toBe(errors);
    expect(fillOf(fake, 'Hospitals', 'B8')).toBe(MARK_COLORS.error);
    // The note names the field by the standard's header, as the full validation's notes on the partner's sheets do.
    expect(noteOf(fake, 'Hospitals', 'B8')).toMatch(/^CTMS Collect: Organization Name /);
    expect(stored(fake)).toEqual([]);
  });
});
