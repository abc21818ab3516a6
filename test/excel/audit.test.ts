import { AUDIT_HEADERS, transformationEntries, type AuditInput } from '../../src/core/audit';
import { AUDIT_HEAD_SETTING, appendAudit, readAudit } from '../../src/excel';
import { createFakeExcel, FakeWorkbook } from '../../testing/fake-excel';

const at = (s: number) => () => new Date(Date.UTC(2024, 5, 30, 12, 0, s));

function setup() {
  const wb = new FakeWorkbook();
  wb.addSheet('Sites').load([['Site Number', 'Country'], ['001', 'USA']]);
  return { wb, fake: createFakeExcel(wb) };
}

const change = (row: number, before: string, after: string): AuditInput =>
  transformationEntries([{ sheet: 'Sites', row, col: 1, before, after, ruleId: 'T-COUNTRY' }])[0]!;

describe('audit trail in the workbook', () => {
  it('creates a hidden, protected Audit sheet with the headers, appends entries as text and remembers the head', async () => {
    const { wb, fake } = setup();
    const res = await appendAudit(fake, [change(2, 'USA', 'US'), { kind: 'override', sheet: 'Sites', row: 3, cell: 'B3', ruleId: 'F-X', before: '=1+1', after: '=1+1' }], { who: 'Ann Lee', now: at(1) });
    expect(res.warning).toBeNull();
    expect(res.head.seq).toBe(2);
    const s = wb.sheet('Audit')!;
    expect(s.visibility).toBe('VeryHidden');
    expect(s.protectedSheet).toBe(true);
    expect(AUDIT_HEADERS.map((_, c) => s.get(0, c))).toEqual([...AUDIT_HEADERS]);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((c) => s.get(1, c))).toEqual([1, '2024-06-30T12:00:01.000Z', 'Ann Lee', 'transformation', 'Sites', 2, 'B2', 'USA', 'US', 'T-COUNTRY']);
    // "=1+1" stays text: no formula in the audit sheet.
    expect(s.get(2, 7)).toBe('=1+1');
    expect(s.formulas.size).toBe(0);
    expect(JSON.parse(String(wb.settings.get(AUDIT_HEAD_SETTING)))).toEqual(res.head);
    expect(wb.sheet('Sites')!.get(1, 1)).toBe('USA');
  });

  it('appends after what is there, in at most four syncs, never rewriting an earlier row', async () => {
    const { wb, fake } = setup();
    await appendAudit(fake, [change(2, 'USA', 'US')], { who: 'Ann Lee', now: at(1) });
    const firstRow = JSON.stringify(wb.sheet('Audit')!.rows[1]);
    fake.resetStats();
    const res = await appendAudit(fake, [change(3, 'Korea', 'KR'), change(4, 'U.K.', 'GB')], { who: 'Bo Chen', now: at(2) });
    expect(fake.stats.syncCount).toBeLessThanOrEqual(4);
    expect(res.entries.map((e) => e.seq)).toEqual([2, 3]);
    expect(res.entries[0]!.prevHash).toBe(JSON.parse(firstRow)[12]);
    expect(JSON.stringify(wb.sheet('Audit')!.rows[1])).toBe(firstRow);
    expect(wb.sheet('Audit')!.protectedSheet).toBe(true);

    const read = await readAudit(fake);
    expect(read.check).toEqual({ ok: true, checked: 3, problems: [] });
    expect(read.trail.entries().map((e) => [e.seq, e.who, e.cell, e.before, e.after, e.ruleId])).toEqual([
      [1, 'Ann Lee', 'B2', 'USA', 'US', 'T-COUNTRY'], [2, 'Bo Chen', 'B3', 'Korea', 'KR', 'T-COUNTRY'], [3, 'Bo Chen', 'B4', 'U.K.', 'GB', 'T-COUNTRY'],
    ]);
  });

  it('the sheet refuses edits while protected (as Excel does)', async () => {
    const { fake } = setup();
    await appendAudit(fake, [change(2, 'USA', 'US')], { who: 'Ann Lee' });
    await expect(fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Audit').getRange('H2').values = [['edited']];
      await ctx.sync();
    })).rejects.toThrow(/protected/);
  });

  it('detects an entry edited by hand and rows removed from the end; a later append still chains to what is there', async () => {
    const { wb, fake } = setup();
    await appendAudit(fake, [change(2, 'USA', 'US'), change(3, 'Korea', 'KR'), change(4, 'U.K.', 'GB')], { who: 'Ann Lee', now: at(1) });
    const s = wb.sheet('Audit')!;
    s.set(1, 8, 'CA');
    s.rows.splice(3, 1);
    const read = await readAudit(fake);
    expect(read.check.ok).toBe(false);
    expect(read.check.problems.map((p) => p.problem).sort()).toEqual(['edited', 'truncated']);

    const res = await appendAudit(fake, [change(5, 'Deutschland', 'DE')], { who: 'Ann Lee', now: at(2) });
    expect(res.warning).toMatch(/changed outside CTMS Collect/);
    expect(res.entries[0]!.seq).toBe(3);
  });

  it('needs a name for who', async () => {
    const { fake, wb } = setup();
    await expect(appendAudit(fake, [change(2, 'USA', 'US')])).rejects.toThrow(/who/);
    expect(wb.sheet('Audit')).toBeUndefined();
  });

  it('reads an empty trail when there is none', async () => {
    const { fake } = setup();
    const read = await readAudit(fake);
    expect(read.trail.length).toBe(0);
    expect(read.check.ok).toBe(true);
  });
});
