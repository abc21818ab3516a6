import type { CellValue, WorkbookData } from '../../src/core/model/sheet';
import { defaultStandard } from '../../src/core/standard/load';
import { MARK_COLORS } from '../../src/core/verify/messages';
import type { Issue } from '../../src/core/model/issue';
import { applyProposals, LiveValidator, type VerifySessionLike } from '../../src/excel';
import { cellKey, createFakeExcel, FakeWorkbook } from '../../testing/fake-excel';

const std = defaultStandard();
type Result = { issues: Issue[]; proposals: [] };

/** A stand-in for the engine's session: a row check (required name) and a set check (unique id). */
class StubSession implements VerifySessionLike<Result> {
  rows = new Map<number, CellValue[]>();
  updates: number[][] = [];
  result: Result;
  constructor(wb: WorkbookData) {
    const s = wb.sheets.find((x) => x.name === 'Organizations')!;
    s.rows.forEach((r, i) => this.rows.set(s.rowNumbers[i]!, r));
    this.result = this.verify();
  }
  updateRows(_sheet: string, rows: { rowNumber: number; values: CellValue[] }[]): Result {
    this.updates.push(rows.map((r) => r.rowNumber));
    for (const r of rows) this.rows.set(r.rowNumber, r.values);
    return (this.result = this.verify());
  }
  private verify(): Result {
    const issues: Issue[] = [];
    const seen = new Map<string, number[]>();
    for (const [row, v] of this.rows) {
      if (v.every((x) => x === null)) continue;
      if (v[1] === null) issues.push({ sheet: 'Organizations', row, col: 1, field: 'org_name', ruleId: 'required', family: 'required', severity: 'error', cells: [`B${row}`], value: null, params: {} });
      const id = String(v[0]);
      seen.set(id, [...(seen.get(id) ?? []), row]);
    }
    for (const [id, rows] of seen) {
      if (rows.length < 2) continue;
      for (const row of rows) issues.push({ sheet: 'Organizations', row, col: 0, field: 'org_id', ruleId: 'unique', family: 'unique', severity: 'error', cells: [`A${row}`], value: id, params: { count: rows.length, rows: rows.join(', ') } });
    }
    return { issues, proposals: [] };
  }
}

function setup(apiVersion: string) {
  const wb = new FakeWorkbook();
  const s = wb.addSheet('Organizations').load([['Organization ID', 'Organization Name'], ['O1', 'A'], ['O2', 'B'], ['O3', null], ['O4', 'D']]);
  const fake = createFakeExcel(wb, { apiVersion });
  const sessions: StubSession[] = [];
  const results: Result[] = [];
  const live = new LiveValidator(fake, std, (data) => { const x = new StubSession(data); sessions.push(x); return x; }, { onResult: (r) => results.push(r) });
  return { wb, s, fake, live, sessions, results };
}

describe.each(['1.18', '1.10'])('LiveValidator on ExcelApi %s', (apiVersion) => {
  it('re-checks only the changed rows, repaints what depends on them, and ignores its own writes', async () => {
    const { s, fake, live, sessions, results } = setup(apiVersion);
    await live.start();
    const fill = (a1: string) => s.fills.get(cellKey(Number(a1.slice(1)) - 1, a1.charCodeAt(0) - 65))?.color;
    expect(fill('B4')).toBe(MARK_COLORS.error);

    // A duplicate id typed in row 3 also flags row 2, which was not edited.
    fake.resetStats();
    await fake.fireChange('Organizations', 'A3', [['O1']]);
    await live.idle();
    expect(sessions[0]!.updates).toEqual([[3]]);
    expect(fill('A2')).toBe(MARK_COLORS.error);
    expect(fill('A3')).toBe(MARK_COLORS.error);
    expect(fake.stats.syncCount).toBeLessThanOrEqual(8);

    // Fixing it clears both; filling the name clears B4.
    await fake.fireChange('Organizations', 'A3', [['O2']]);
    await fake.fireChange('Organizations', 'B4', [['C']]);
    await live.idle();
    expect(fill('A2')).toBeUndefined();
    expect(fill('A3')).toBeUndefined();
    expect(fill('B4')).toBeUndefined();
    expect(results[results.length - 1]!.issues).toEqual([]);

    // The add-in's own writes (proposals, marks) never come back as changes.
    const before = sessions[0]!.updates.length;
    await applyProposals(fake, [{ sheet: 'Organizations', row: 5, col: 1, field: 'org_name', ruleId: 'T-TRIM', steps: ['T-TRIM'], from: 'D', to: 'Dee', toType: 'text' }]);
    await fake.idle();
    await live.idle();
    expect(sessions[0]!.updates.length).toBe(before);
    expect(fake.eventsEnabled).toBe(true);

    // Deleted rows shift numbers: the sheet is read again.
    await fake.fireEvent('Organizations', '3:3', 'RowDeleted');
    await live.idle();
    expect(sessions).toHaveLength(2);

    await live.stop();
    await fake.fireChange('Organizations', 'B2', [[null]]);
    await live.idle();
    expect(sessions[1]!.updates).toEqual([]);
  });
});
