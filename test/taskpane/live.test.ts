import { createPaneServices } from '../../src/taskpane/context';
import { createExcelPort } from '../../src/excel/port';
import { applyProposals } from '../../src/excel';
import { memorySettings } from '../../src/taskpane/settings';
import { MARK_COLORS } from '../../src/core/verify/messages';
import { cellKey, createFakeExcel } from '../../testing/fake-excel';
import { filledWorkbook } from './helpers';

/**
 * Live re-validation has one path: the Validate store watching the workbook
 * through its port. On the fake Excel (ExcelApi 1.18 with notes, 1.10 with
 * comments) it re-checks only the edited rows, repaints what depends on
 * them (a duplicate id flags the untouched row too), ignores the add-in's
 * own writes and reads the sheet again when rows move.
 */
const org = (id: string, name: string | null) => [id, name, 'Hospital', '1 Main St', 'Boston', 'MA', '02114', 'US', null];

describe.each(['1.18', '1.10'])('live re-validation on ExcelApi %s', (apiVersion) => {
  it('re-checks only the changed rows, repaints what depends on them, and ignores its own writes', async () => {
    const wb = filledWorkbook({ Organizations: [org('O1', 'A'), org('O2', 'B'), org('O3', null), org('O4', 'D')] });
    const s = wb.sheet('Organizations')!;
    const fake = createFakeExcel(wb, { apiVersion });
    const port = createExcelPort(fake);
    const readRows: number[][] = [];
    const reads = { full: 0 };
    const counted = {
      ...port,
      read: (...a: Parameters<typeof port.read>) => { reads.full++; return port.read(...a); },
      readRows: (...a: Parameters<NonNullable<typeof port.readRows>>) => { readRows.push(a[2]); return port.readRows!(...a); },
    };
    const { validation } = createPaneServices(counted, memorySettings());
    await validation.validate();
    const fill = (a1: string) => s.fills.get(cellKey(Number(a1.slice(1)) - 1, a1.charCodeAt(0) - 65))?.color;
    expect(fill('B4')).toBe(MARK_COLORS.error);
    expect(fill('A2')).toBeUndefined();

    // A duplicate id typed in row 3 also flags row 2, which was not edited.
    fake.resetStats();
    await fake.fireChange('Organizations', 'A3', [['O1']]);
    await validation.liveIdle();
    expect(readRows).toEqual([[3]]);
    expect(fill('A2')).toBe(MARK_COLORS.error);
    expect(fill('A3')).toBe(MARK_COLORS.error);
    expect(fake.stats.syncCount).toBeLessThanOrEqual(12);

    // Fixing it clears both; filling the name clears B4.
    await fake.fireChange('Organizations', 'A3', [['O2b']]);
    await fake.fireChange('Organizations', 'B4', [['C']]);
    await validation.liveIdle();
    expect(fill('A2')).toBeUndefined();
    expect(fill('A3')).toBeUndefined();
    expect(fill('B4')).toBeUndefined();
    expect(validation.getSnapshot().result!.summary.errors).toBe(0);

    // The add-in's own writes (proposals, marks) never come back as changes.
    const before = readRows.length;
    await applyProposals(fake, [{ sheet: 'Organizations', row: 5, col: 1, field: 'org_name', ruleId: 'T-TRIM', steps: ['T-TRIM'], from: 'D', to: 'Dee', toType: 'text' }]);
    await fake.idle();
    await validation.liveIdle();
    expect(readRows.length).toBe(before);
    expect(fake.eventsEnabled).toBe(true);

    // Deleted rows shift numbers: the sheet is read again.
    const fullReads = reads.full;
    await fake.fireEvent('Organizations', '3:3', 'RowDeleted');
    await validation.liveIdle();
    expect(reads.full).toBe(fullReads + 1);

    await validation.stopWatching();
    await fake.fireChange('Organizations', 'B2', [[null]]);
    await validation.liveIdle();
    expect(readRows.length).toBe(before);
  });
});
