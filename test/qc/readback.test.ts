/**
 * The QC sheet's target column in the sheet's words: picklist value names as labels and a
 * country sent through a lookup column as its code, so a reviewer compares like with like.
 */
import { defaultStandard } from '../../src/core/standard/load';
import { buildQcRows, targetValuesFromLog } from '../../src/core/qc/sheet';
import { drawSample, lotFromTransfer } from '../../src/core/qc';
import { planTransfer, readBackFor, startLog } from '../../src/core/transfer';
import { defaultTargetProfile } from '../../src/core/target-profile';
import { clean, wb, TODAY } from '../../testing/builders/wb';

const std = defaultStandard();

test('value names and lookup columns of a transfer are shown as the sheet writes them', () => {
  const data = wb(clean());
  const plan = planTransfer(std, data, { today: TODAY });
  const log = startLog(plan, { targetUrl: 'http://127.0.0.1:8787', who: 't' });
  for (const e of log.entities) for (const r of e.records) r.result = { ok: true, id: `id-${r.externalId}`, event: 'created', attempts: 1 };
  const sample = drawSample(lotFromTransfer(std, data, log), { kind: 'percent', percent: 100 }, { seed: 1 });
  const rows = (readBack?: ReturnType<typeof readBackFor>) => buildQcRows(std, data, sample, { targetValues: targetValuesFromLog(log), ...(readBack ? { readBack } : {}) });
  const cell = (rs: ReturnType<typeof rows>, sheet: string, field: string) => rs.find((r) => r.sheet === sheet && r.field === field)!;

  const shown = rows(readBackFor(defaultTargetProfile(), std));
  expect(cell(shown, 'Studies', 'Phase')).toMatchObject({ source: 'Phase 2', target: 'Phase 2' });
  expect(cell(shown, 'Sites', 'Site Status')).toMatchObject({ source: 'Enrolling', target: 'Enrolling' });
  expect(cell(shown, 'Sites', 'Country')).toMatchObject({ source: 'US', target: 'US' });
  // Without reading back, the reviewer would see the target's spelling.
  expect(cell(rows(), 'Studies', 'Phase').target).toBe('phase_2__v');
});
