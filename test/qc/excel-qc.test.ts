import { createFakeExcel } from '../../testing/fake-excel';
import { createExcelPort } from '../../src/excel/port';
import { prepareQc, readQcFindingsFrom, QC_HEADERS } from '../../src/core/qc';
import { QcConflictError } from '../../src/excel/qc';
import { defaultStandard } from '../../src/core/standard/load';
import { qcStaffWorkbook as workbook, qcColumn as col } from '../../testing/builders/qc-workbook';

const std = defaultStandard();


const opts = { method: { kind: 'iso2859' as const, aql: '1.0' }, seed: 11, stratify: false, scope: 'critical' as const, source: 'workbook', generatedAt: '2024-07-01T00:00:00.000Z', generatedBy: 'Rita' };

describe('QC sheets through Office.js (fake Excel)', () => {
  it('creates QC, Issues and Checklist with lists, open reviewer columns and locked structure; reads the findings back', async () => {
    const host = createFakeExcel(workbook());
    const port = createExcelPort(host);
    const prepared = prepareQc(std, await port.read(std), null, opts);
    // Lot 40 → D; AQL 1.0: ↓ → E, n = 13; Site Staff critical fields: Role, Start Date, End Date.
    expect(prepared.rows).toHaveLength(39);
    const out = await port.writeQcSheets!(prepared.model);
    expect(out.sheets).toEqual(['QC', 'Issues', 'Checklist']);

    const wb = host.workbook;
    const qc = wb.sheet('QC')!;
    expect(wb.sheet('QC Lists')!.visibility).toBe('VeryHidden');
    expect(wb.sheet('QC Plan')!.visibility).toBe('VeryHidden');
    expect(qc.protectedSheet).toBe(true);
    expect(qc.protectionOptions).toMatchObject({ allowInsertRows: false, allowDeleteRows: false, allowInsertColumns: false, allowDeleteColumns: false, allowAutoFilter: true });
    const verdict = await host.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('QC').getRange(`${col('Verdict')}2`);
      r.dataValidation.load('rule');
      r.format.protection.load('locked');
      const src = ctx.workbook.worksheets.getItem('QC').getRange(`${col('Source value')}2`);
      src.format.protection.load('locked');
      await ctx.sync();
      return { rule: r.dataValidation.rule, locked: r.format.protection.locked, sourceLocked: src.format.protection.locked };
    });
    expect(verdict).toEqual({ rule: { list: { inCellDropDown: true, source: "='QC Lists'!$A$2:$A$3" } }, locked: false, sourceLocked: true });

    // A reviewer fails one field with a cause and passes the rest.
    const rows = prepared.rows.length;
    await host.fireChange('QC', `${col('Verdict')}2:${col('Verdict')}${rows + 1}`, Array.from({ length: rows }, (_, i) => [i === 0 ? 'Fail' : 'Pass']));
    await host.fireChange('QC', `${col('Cause category')}2`, [['Manual entry']]);
    const sheets = await port.readQcSheets!();
    const reading = readQcFindingsFrom(std, sheets.qc, sheets.issues, sheets.planJson);
    expect(reading.problems).toEqual([]);
    expect(reading.kpis!.overall).toMatchObject({ checked: 39, failed: 1 });
    // One nonconforming record ≥ Re 1 (E at AQL 1.0: Ac 0, Re 1).
    expect(reading.kpis!.lot).toMatchObject({ nonconforming: 1, decision: 'rejected' });
    expect(reading.kpis!.causes.map((c) => c.key)).toEqual(['Manual entry']);
    expect(reading.plan).toMatchObject({ seed: 11, acceptance: 0, rejection: 1 });
  });

  it('never replaces QC sheets already in the workbook', async () => {
    const host = createFakeExcel(workbook());
    const port = createExcelPort(host);
    const prepared = prepareQc(std, await port.read(std), null, opts);
    await port.writeQcSheets!(prepared.model);
    await host.fireChange('QC', `${col('Verdict')}2`, [['Fail']]);
    await expect(port.writeQcSheets!(prepared.model)).rejects.toBeInstanceOf(QcConflictError);
    expect(host.workbook.sheet('QC')!.get(1, QC_HEADERS.indexOf('Verdict'))).toBe('Fail');
  });

  it('reports a QC sheet edited out of shape with the cell', async () => {
    const host = createFakeExcel(workbook());
    const port = createExcelPort(host);
    await port.writeQcSheets!(prepareQc(std, await port.read(std), null, opts).model);
    await host.fireChange('QC', `${col('Verdict')}3`, [['maybe']]);
    const s = await port.readQcSheets!();
    expect(readQcFindingsFrom(std, s.qc, s.issues, s.planJson).problems).toEqual([{ cell: `QC!${col('Verdict')}3`, message: 'verdict "maybe" is not one of Pass, Fail' }]);
  });
});
