import type { Proposal } from '../../src/core/model/issue';
import { applyProposals, revertValues, selectCell } from '../../src/excel';
import { cellKey, createFakeExcel, FakeWorkbook, isoToSerial } from '../../testing/fake-excel';

const p = (row: number, col: number, from: Proposal['from'], to: string | number, toType: Proposal['toType'] = 'text'): Proposal =>
  ({ sheet: 'Organizations', row, col, field: 'f', ruleId: 'T', steps: ['T'], from, to, toType });

describe('applyProposals / revertValues / selectCell', () => {
  function setup() {
    const wb = new FakeWorkbook();
    wb.addSheet('Organizations').load([
      ['Organization ID', 'Postal Code', 'Phone', 'Country', 'Date', 'Name'],
      ['O1', 123, '020 7946 0000', 'USA', '03/04/2021', '  Acme  '],
      ['O2', '123', '555', 'UK', 'x', '=SUM(1)'],
    ]);
    return { wb, s: wb.sheet('Organizations')!, fake: createFakeExcel(wb) };
  }

  it('keeps E.164 phones, leading-zero codes and formula-like text as text, writes dates as dates, and can undo', async () => {
    const { s, fake } = setup();
    const res = await applyProposals(fake, [
      p(2, 1, 123, '00123'), p(2, 2, '020 7946 0000', '+442079460000'), p(2, 3, 'USA', 'US'),
      p(2, 4, '03/04/2021', '2021-03-04', 'date'), p(2, 5, '  Acme  ', 'Acme'),
      p(3, 5, 'something else', 'nope'), // value changed since: skipped
    ]);
    expect(res.applied).toBe(5);
    expect(res.skipped).toEqual([{ sheet: 'Organizations', address: 'F3', reason: 'the cell changed since the proposal was made' }]);
    expect(s.get(1, 1)).toBe('00123');
    expect(s.numberFormat(1, 1)).toBe('@');
    expect(s.get(1, 2)).toBe('+442079460000');
    expect(s.get(1, 3)).toBe('US');
    expect(s.numberFormat(1, 3)).toBe('General'); // plain text needs no text format
    expect(s.get(1, 4)).toBe(isoToSerial('2021-03-04'));
    expect(s.numberFormat(1, 4)).toBe('yyyy-mm-dd');
    expect(s.get(2, 5)).toBe('=SUM(1)'); // skipped: untouched
    expect(res.undo).toContainEqual({ sheet: 'Organizations', address: 'B2', before: 123, beforeFormat: 'General' });
    expect(fake.stats.syncCount).toBeLessThanOrEqual(3);
    expect(fake.eventsEnabled).toBe(true);

    await revertValues(fake, res.undo);
    expect(s.get(1, 1)).toBe(123);
    expect(s.numberFormat(1, 1)).toBe('General');
    expect(s.get(1, 2)).toBe('020 7946 0000');
    expect(s.get(1, 4)).toBe('03/04/2021');
    expect(s.get(1, 5)).toBe('  Acme  ');
  });

  it('writes text after "@" so Excel does not parse it, formula-like text included', async () => {
    const { s, fake } = setup();
    await applyProposals(fake, [p(3, 2, '555', '=cmd'), p(3, 3, 'UK', '-GB'), p(3, 1, '123', '0044')]);
    expect(s.get(2, 2)).toBe('=cmd');
    expect(s.formulas.get(cellKey(2, 2))).toBeUndefined();
    expect(s.get(2, 3)).toBe('-GB');
    expect(s.get(2, 1)).toBe('0044');
  });

  it('selects a cell on its sheet', async () => {
    const { wb, fake } = setup();
    wb.addSheet('Other');
    wb.activeSheetId = wb.sheet('Other')!.id;
    await selectCell(fake, 'Organizations', 'D3');
    expect(wb.activeSheetId).toBe(wb.sheet('Organizations')!.id);
    expect(wb.sheet('Organizations')!.selection).toBe('D3');
    await selectCell(fake, 'Organizations', "'Organizations'!B2");
    expect(wb.sheet('Organizations')!.selection).toBe('B2');
  });
});
