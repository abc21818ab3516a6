import { defaultStandard } from '../../src/core/standard/load';
import { planTransfer, type TransferPlan } from '../../src/core/transfer';
import { makeOverride } from '../../src/core/verify/overrides';
import { cleanWith, TODAY, verify, wb } from '../../testing/builders/wb';

/** planTransfer with the pane's overrides: an overridden error no longer holds its row back; a changed one does again. */

const std = defaultStandard();
const site = (p: TransferPlan) => p.entities.find((e) => e.entity === 'site')!;

describe('planTransfer with overrides', () => {
  // Site 001 enrolled more than it screened (R-ENR-02): an error that holds the row back.
  const sheets = cleanWith('Sites', { 'Subjects Enrolled': 12 });
  const data = wb(sheets);
  const result = verify(data);
  const issue = result.issues.find((i) => i.ruleId === 'R-ENR-02')!;
  const o = makeOverride(std, issue, data, result.proposals, { reason: 'Screening log migrated separately', by: 'Dana Steward' });

  test('the overridden R-ENR row is sent, with its values as they are', () => {
    expect(site(planTransfer(std, wb(sheets), { today: TODAY })).heldBack).toEqual([expect.objectContaining({ row: 2, reason: 'errors: R-ENR-02' })]);
    const p = planTransfer(std, wb(sheets), { today: TODAY, overrides: [o] });
    expect(site(p).heldBack).toEqual([]);
    expect(site(p).records.map((r) => [r.row, r.fields.subjects_enrolled__v])).toEqual([[2, 12]]);
  });

  test('once the value changes, the error holds the row back again', () => {
    const p = planTransfer(std, wb(cleanWith('Sites', { 'Subjects Enrolled': 13 })), { today: TODAY, overrides: [o] });
    expect(site(p).heldBack.map((h) => h.reason)).toEqual(['errors: R-ENR-02']);
  });
});
