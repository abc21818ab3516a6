import { defaultStandard } from '../../src/core/standard/load';
import { MARK_COLORS } from '../../src/core/verify/messages';
import type { Issue, Proposal } from '../../src/core/model/issue';
import { clearHighlights, highlight, MARKS_SETTING, NOTE_PREFIX } from '../../src/excel';
import { cellKey, createFakeExcel, FakeWorkbook } from '../../testing/fake-excel';

const std = defaultStandard();

function issue(sheet: string, row: number, col: number, field: string, extra: Partial<Issue> = {}): Issue {
  const cell = `${String.fromCharCode(65 + col)}${row}`;
  return { sheet, row, col, field, ruleId: 'required', family: 'required', severity: 'error', cells: [cell], value: null, params: {}, ...extra };
}
const proposal = (sheet: string, row: number, col: number): Proposal => ({ sheet, row, col, field: 'country', ruleId: 'T-COUNTRY', steps: ['T-COUNTRY'], from: 'USA', to: 'US', toType: 'text' });

function workbook() {
  const wb = new FakeWorkbook();
  const s = wb.addSheet('Sites').load([['Study Number', 'Site Number', 'Organization ID', 'Principal Investigator Email', 'Site Status', 'Country'], ...Array.from({ length: 9 }, (_, i) => [`S${i}`, `${i}`, 'O1', 'a@b.org', 'Planned', 'USA'])]);
  s.fills.set(cellKey(2, 1), { color: '#00FF00', pattern: 'Solid' }); // user's fill on a cell that will be flagged (B3)
  s.fills.set(cellKey(8, 4), { color: '#123456', pattern: 'Gray25' }); // user's patterned fill, flagged (E9)
  s.fills.set(cellKey(5, 5), { color: '#FF00FF', pattern: 'Solid' }); // user's fill, never flagged (F6)
  wb.notes.push({ sheetId: s.id, row: 3, col: 1, content: 'my own note', author: 'me' }); // user's note on flagged B4
  return { wb, s };
}

const result = {
  issues: [
    issue('Sites', 2, 1, 'site_number'), issue('Sites', 3, 1, 'site_number'), issue('Sites', 4, 1, 'site_number'),
    issue('Sites', 9, 4, 'site_status', { severity: 'warning', ruleId: 'R-STAT-02', family: 'crossField', params: { status: 'Closed' } }),
    issue('Sites', 5, 0, 'study_number', { ruleId: 'R-ENR-01', family: 'crossField', cells: ['A5', 'C5'], params: { left: 3, right: 1 } }),
    { ...issue('Sites', 1, -1, ''), family: 'structure', ruleId: 'missingColumn', cells: [] } as Issue,
    issue('Investigators', 2, 0, 'email'), // sheet not in the workbook: skipped
  ],
  proposals: [proposal('Sites', 7, 5), proposal('Sites', 4, 1)],
};

describe('highlight and clearHighlights', () => {
  it('paints by colour, adds notes (1.18), and clear restores exactly what was there', async () => {
    const { wb, s } = workbook();
    const fake = createFakeExcel(wb, { apiVersion: '1.18' });
    const stats = await highlight(fake, std, result);
    const fill = (r: number, c: number) => s.fills.get(cellKey(r - 1, c))?.color;
    expect(fill(2, 1)).toBe(MARK_COLORS.error);
    expect(fill(3, 1)).toBe(MARK_COLORS.error);
    expect(fill(4, 1)).toBe(MARK_COLORS.error); // error wins over the proposal on the same cell
    expect(fill(9, 4)).toBe(MARK_COLORS.warning);
    expect(fill(5, 0)).toBe(MARK_COLORS.error);
    expect(fill(5, 2)).toBe(MARK_COLORS.error); // cross-field: every cell involved
    expect(fill(7, 5)).toBe(MARK_COLORS.proposal);
    expect(fill(6, 5)).toBe('#FF00FF');
    expect(stats).toMatchObject({ painted: 7, notesAdded: 6, notesSkipped: 1 });

    const noteAt = (r: number, c: number) => wb.notes.find((n) => n.row === r - 1 && n.col === c)?.content;
    expect(noteAt(4, 1)).toBe('my own note');
    expect(noteAt(2, 1)).toBe(`${NOTE_PREFIX}Site Number is required. Fill it in.`);
    expect(noteAt(7, 5)).toMatch(/^CTMS Collect: Proposed T-COUNTRY: USA → US/);
    expect(noteAt(5, 2)).toMatch(/Subjects Completed \(3\) is greater than Subjects Screened \(1\)/);
    expect(wb.settings.has(MARKS_SETTING)).toBe(true);

    const cleared = await clearHighlights(fake);
    expect(cleared).toMatchObject({ restored: 7, notesDeleted: 6, keptUserFill: 0 });
    expect(s.fills.get(cellKey(2, 1))).toEqual({ color: '#00FF00', pattern: 'Solid' });
    expect(s.fills.get(cellKey(8, 4))).toEqual({ color: '#123456', pattern: 'Gray25' });
    expect(s.fills.get(cellKey(5, 5))).toEqual({ color: '#FF00FF', pattern: 'Solid' });
    expect([...s.fills.keys()].sort()).toEqual([cellKey(2, 1), cellKey(5, 5), cellKey(8, 4)].sort());
    expect(wb.notes.map((n) => n.content)).toEqual(['my own note']);
    expect(fake.eventsEnabled).toBe(true);
  });

  it('falls back to comments on ExcelApi 1.10 and deletes only its own', async () => {
    const { wb, s } = workbook();
    wb.notes.length = 0;
    wb.comments.push({ id: 'user-1', sheetId: s.id, row: 2, col: 1, content: 'user thread', author: 'me' }); // on flagged B3
    const fake = createFakeExcel(wb, { apiVersion: '1.10' });
    const stats = await highlight(fake, std, result);
    expect(stats).toMatchObject({ notesAdded: 6, notesSkipped: 1 });
    expect(wb.notes).toHaveLength(0);
    expect(wb.comments).toHaveLength(7);
    expect(wb.comments.filter((c) => c.content.startsWith(NOTE_PREFIX))).toHaveLength(6);
    await clearHighlights(fake);
    expect(wb.comments.map((c) => c.id)).toEqual(['user-1']);
    expect(s.fills.get(cellKey(2, 1))?.color).toBe('#00FF00');
  });

  it('works without notes or RangeAreas (ExcelApi 1.8): one range per area', async () => {
    const { wb, s } = workbook();
    const fake = createFakeExcel(wb, { apiVersion: '1.8' });
    const stats = await highlight(fake, std, result);
    expect(stats.notesAdded).toBe(0);
    expect(s.fills.get(cellKey(1, 1))?.color).toBe(MARK_COLORS.error);
    await clearHighlights(fake);
    expect(s.fills.get(cellKey(1, 1))).toBeUndefined();
    expect(s.fills.get(cellKey(2, 1))?.color).toBe('#00FF00');
  });

  it('never touches what the user changed after marking: a repainted cell, a note they replaced', async () => {
    const { wb, s } = workbook();
    const fake = createFakeExcel(wb);
    await highlight(fake, std, result);
    s.fills.set(cellKey(1, 1), { color: '#0000FF', pattern: 'Solid' }); // user repaints B2
    const i = wb.notes.findIndex((n) => n.row === 2 && n.col === 1);
    wb.notes.splice(i, 1, { sheetId: s.id, row: 2, col: 1, content: 'replaced by user', author: 'me' }); // B3
    const stats = await clearHighlights(fake);
    expect(stats.keptUserFill).toBe(1);
    expect(s.fills.get(cellKey(1, 1))?.color).toBe('#0000FF');
    expect(wb.notes.map((n) => n.content).sort()).toEqual(['my own note', 'replaced by user']);
  });

  it('re-highlighting replaces the earlier marks: cells no longer flagged get their fill back', async () => {
    const { wb, s } = workbook();
    const fake = createFakeExcel(wb);
    await highlight(fake, std, result);
    const second = await highlight(fake, std, { issues: [issue('Sites', 2, 1, 'site_number'), issue('Sites', 10, 0, 'study_number')], proposals: [] });
    expect(second.painted).toBe(1); // B2 unchanged: not rewritten
    expect(second.restored).toBe(6);
    expect(s.fills.get(cellKey(1, 1))?.color).toBe(MARK_COLORS.error);
    expect(s.fills.get(cellKey(9, 0))?.color).toBe(MARK_COLORS.error);
    expect(s.fills.get(cellKey(2, 1))?.color).toBe('#00FF00');
    expect(wb.notes.filter((n) => n.content.startsWith(NOTE_PREFIX))).toHaveLength(2);
    await clearHighlights(fake);
    expect(wb.notes).toHaveLength(1);
    expect([...s.fills.keys()]).toHaveLength(3);
  });
});
