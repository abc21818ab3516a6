import { createPaneServices } from '../../src/taskpane/context';
import { createExcelPort } from '../../src/excel/port';
import { memorySettings } from '../../src/taskpane/settings';
import { createFakeExcel } from '../../testing/fake-excel';
import { filledWorkbook } from './helpers';

/** An edit that arrives while a run is reading or painting is not lost: the run checks again. */
test('an edit during a validation triggers one more check', async () => {
  const fake = createFakeExcel(filledWorkbook({
    Investigators: [['ann@example.org', 'Ann', '王', null, null, null, 'ORG-1', null, null, 'US', null, null]],
    Organizations: [['ORG-1', 'General Hospital', 'Hospital', null, 'Boston', null, null, 'US', null]],
  }));
  const { validation } = createPaneServices(createExcelPort(fake), memorySettings());
  await validation.validate();
  expect(validation.getSnapshot().result!.summary.errors).toBe(1);

  // Start a second run and edit the flagged cell before it has finished.
  const run = validation.validate();
  await fake.fireChange('Investigators', 'C2', [['Wang']]);
  await run;
  await validation.liveIdle();
  const state = validation.getSnapshot();
  expect(state.notice).toMatch(/Cells changed while checking; checked again/);
  expect(state.result!.summary.errors).toBe(0);
});
