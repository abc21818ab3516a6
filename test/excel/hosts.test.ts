import { defaultStandard } from '../../src/core/standard/load';
import { buildTemplatePlan } from '../../src/core/template/plan';
import type { Issue, Proposal } from '../../src/core/model/issue';
import type { DuplicateDecision } from '../../src/core/master/decisions';
import type { FlagOverride } from '../../src/core/verify/overrides';
import {
  applyProposals, clearHighlights, generateTemplate, highlight, loadDecisions, loadOverrides, NOTE_PREFIX,
  readWorkbook, revertValues, saveDecisions, saveOverrides, watchChanges,
} from '../../src/excel';
import { cellKey, createFakeExcel, FakeWorkbook } from '../../testing/fake-excel';

/**
 * The adapter on the hosts users have: ExcelApi 1.7 (the manifest's minimum),
 * 1.10 (comments), 1.14 (comment look-up by id, triggerSource) and 1.18 (notes).
 * The fake refuses every member above the simulated set, so each test fails if
 * the adapter reaches past what its host has instead of using its fallback.
 */

const std = defaultStandard();
const plan = buildTemplatePlan(std);
const at = (v: string, set: string) => Number(v.split('.')[1]) >= Number(set.split('.')[1]);

function issue(row: number, col: number, field: string, extra: Partial<Issue> = {}): Issue {
  return { sheet: 'Sites', row, col, field, ruleId: 'required', family: 'required', severity: 'error', cells: [`${String.fromCharCode(65 + col)}${row}`], value: null, params: {}, ...extra };
}
const proposal = (row: number, col: number, from: string, to: string): Proposal =>
  ({ sheet: 'Sites', row, col, field: 'country', ruleId: 'T-COUNTRY', steps: ['T-COUNTRY'], from, to, toType: 'text' });

function sites() {
  const wb = new FakeWorkbook();
  const s = wb.addSheet('Sites').load([
    ['Study Number', 'Site Number', 'Organization ID', 'Principal Investigator Email', 'Site Status', 'Country'],
    ...Array.from({ length: 6 }, (_, i) => [`S${i}`, `${i}`, 'O1', 'a@b.org', 'Planned', 'USA']),
  ]);
  s.fills.set(cellKey(2, 1), { color: '#00FF00', pattern: 'Solid' }); // the user's fill on B3, which gets flagged
  return { wb, s };
}

describe.each(['1.7', '1.10', '1.14', '1.18'])('the adapter on an ExcelApi %s host', (api) => {
  it('creates the template, with drop-downs and input messages only where the host has data validation', async () => {
    const wb = new FakeWorkbook();
    wb.addSheet('Sheet1');
    const fake = createFakeExcel(wb, { api });
    const res = await generateTemplate(fake, std);
    for (const ps of plan.sheets) expect(wb.sheet(ps.name)?.get(0, 0)).toBe(ps.columns[0]!.header);
    expect(wb.sheet(plan.lists.name)?.visibility).toBe('VeryHidden');
    const validated = plan.sheets.flatMap((ps) => [...wb.sheet(ps.name)!.validation.values()]);
    if (at(api, '1.8')) {
      expect(res.degraded).toEqual([]);
      expect(validated.length).toBeGreaterThan(0);
    } else {
      expect(res.degraded).toHaveLength(1);
      expect(validated).toHaveLength(0);
    }
  });

  it('reads the standard’s sheets', async () => {
    const { wb } = sites();
    const data = await readWorkbook(createFakeExcel(wb, { api }), std);
    expect(data.sheets.map((s) => s.name)).toEqual(['Sites']);
    expect(data.sheets[0]!.rows).toHaveLength(6);
    expect(data.sheets[0]!.rows[0]![5]).toBe('USA');
  });

  it('highlights, re-highlights and clears with the explanations the host has, leaving the user’s own', async () => {
    const { wb, s } = sites();
    wb.notes.push({ sheetId: s.id, row: 3, col: 1, content: 'my note', author: 'me' }); // B4
    wb.comments.push({ id: 'user-1', sheetId: s.id, row: 4, col: 1, content: 'my thread', author: 'me' }); // B5
    const fake = createFakeExcel(wb, { api });
    const first = { issues: [issue(2, 1, 'site_number'), issue(3, 1, 'site_number'), issue(4, 1, 'site_number'), issue(5, 1, 'site_number')], proposals: [] };
    const mode = at(api, '1.18') ? 'notes' : at(api, '1.10') ? 'comments' : 'none';
    const ours = () => (mode === 'notes' ? wb.notes : wb.comments).filter((n) => n.content.startsWith(NOTE_PREFIX));

    const stats = await highlight(fake, std, first);
    expect(stats.painted).toBe(4);
    // The user's note (notes mode) or thread (comments mode) is never covered by the add-in's.
    expect(ours()).toHaveLength(mode === 'none' ? 0 : 3);
    expect(stats.notesSkipped).toBe(mode === 'none' ? 0 : 1);

    // Re-highlighting reads back its own explanations: the step that threw on 1.10–1.13 hosts.
    const second = { issues: [issue(2, 1, 'site_number'), issue(3, 1, 'site_number', { severity: 'warning', ruleId: 'R-X', family: 'pattern' })], proposals: [proposal(7, 5, 'USA', 'US')] };
    await highlight(fake, std, second);
    expect(s.fills.get(cellKey(4, 1))).toBeUndefined(); // B5 no longer flagged: its fill is gone again
    expect(ours().length).toBe(mode === 'none' ? 0 : 3);

    await clearHighlights(fake);
    expect(ours()).toHaveLength(0);
    expect([...s.fills.entries()]).toEqual([[cellKey(2, 1), { color: '#00FF00', pattern: 'Solid' }]]);
    expect(wb.notes.map((n) => n.content)).toEqual(['my note']);
    expect(wb.comments.map((c) => c.content)).toEqual(['my thread']);
  });

  it('applies proposals and reverts them', async () => {
    const { s, wb } = sites();
    const fake = createFakeExcel(wb, { api });
    const res = await applyProposals(fake, [proposal(2, 5, 'USA', 'US'), proposal(3, 5, 'USA', 'US')]);
    expect(res.applied).toBe(2);
    expect(s.get(1, 5)).toBe('US');
    await revertValues(fake, res.undo);
    expect([s.get(1, 5), s.get(2, 5)]).toEqual(['USA', 'USA']);
  });

  it('keeps overrides and duplicate decisions in the workbook', async () => {
    const wb = new FakeWorkbook();
    const o: FlagOverride = { key: '["Sites","R","f","k","1"]', sheet: 'Sites', row: 2, cells: ['B2'], ruleId: 'R', severity: 'error', value: 1, reason: 'Checked', by: 'Dana', at: '2024-06-30T12:00:00.000Z' };
    const d: DuplicateDecision = { clusterKey: '["Investigators","a","b"]', sheet: 'Investigators', rows: [2, 3], rowKeys: ['a', 'b'], keyFields: [{ key: 'email', header: 'Email' }], keep: 2, verdict: 'merge', score: 0.9, by: 'Dana', at: '2024-06-30T12:00:00.000Z' };
    await saveOverrides(createFakeExcel(wb, { api }), [o]);
    await saveDecisions(createFakeExcel(wb, { api }), [d]);
    expect(await loadOverrides(createFakeExcel(wb, { api }))).toEqual([o]);
    expect(await loadDecisions(createFakeExcel(wb, { api }))).toEqual([d]);
  });

  it('hears the user’s edits; its own writes stay silent where the host can switch events off (1.8)', async () => {
    const { wb } = sites();
    const fake = createFakeExcel(wb, { api });
    const seen: number[][] = [];
    const stop = await watchChanges(fake, std, (_sheet, rows) => { seen.push(rows); });
    await fake.fireChange('Sites', 'F3', [['Canada']]);
    await applyProposals(fake, [proposal(4, 5, 'USA', 'US')]);
    await fake.idle();
    expect(seen[0]).toEqual([3]);
    // Below 1.8 an add-in cannot turn its events off, and triggerSource (1.14) is absent: its write comes back.
    expect(seen).toHaveLength(at(api, '1.8') ? 1 : 2);
    await stop();
  });
});
