/** @jest-environment jsdom */
import { MemoryCtms } from '../../testing/memory-ctms';
import { dryRunSubmission, submitPlan } from '../../src/app/submit';
import { defaultStandard } from '../../src/core/standard/load';
import { planTransfer } from '../../src/core/transfer';
import type { WorkbookData } from '../../src/core/model/sheet';
import { Identity } from '../../src/taskpane/identity';
import { undoLabel } from '../../src/taskpane/audit';

const std = defaultStandard();
const orgHeaders = std.entities.find((e) => e.sheet === 'Organizations')!.fields.map((f) => f.header);
const wb = (rows: (string | null)[][]): WorkbookData => ({ sheets: [{ name: 'Organizations', headers: orgHeaders, rows, rowNumbers: rows.map((_, i) => i + 2) }] });
const DUKE = ['ORG-1', 'Duke University Medical Center', 'Hospital', '40 Duke Medicine Cir', 'Durham', 'NC', '27710', 'US', '+19196845350'];
const MAYO = ['ORG-2', 'Mayo Clinic', 'Hospital', '200 First St SW', 'Rochester', 'MN', '55905', 'US', '+15072842511'];

describe('the dry run says what the result will say', () => {
  it('calls a record that already holds every sent value "unchanged", not "update"', async () => {
    const target = new MemoryCtms();
    const first = planTransfer(std, wb([DUKE, MAYO]), { acceptProposals: false });
    await submitPlan({ plan: first, target, targetUrl: 'mem://', who: 'dev', batchSize: 100, logs: { save: () => undefined } });
    // Mayo's city changes; Duke is sent as it is.
    const next = planTransfer(std, wb([DUKE, [...MAYO.slice(0, 4), 'Rochester MN', ...MAYO.slice(5)], ['ORG-3', 'Gustave Roussy', 'Hospital', null, 'Villejuif', null, '94805', 'FR', null]]), { acceptProposals: false });
    const [orgs] = await dryRunSubmission(next, target);
    expect(orgs).toMatchObject({ create: 1, update: 1, unchanged: 1 });
    const out = await submitPlan({ plan: next, target, targetUrl: 'mem://', who: 'dev', batchSize: 100, logs: { save: () => undefined } });
    const events = out.log.entities[0]!.records.map((r) => r.result?.event);
    expect(events.filter((e) => e === 'unchanged')).toHaveLength(1);
  });
});

describe('the name asked once', () => {
  it('asks only while a dialog can answer; a cancel stops the action; the answer is kept', async () => {
    const identity = new Identity(localStorage);
    localStorage.clear();
    expect(await identity.ensure()).toBe('');
    const detach = identity.attach();
    const declined = identity.ensure();
    expect(identity.getSnapshot().asking).toBe(true);
    identity.answer(null);
    expect(await declined).toBeNull();
    const named = identity.ensure();
    identity.answer('  Lee Park ');
    expect(await named).toBe('Lee Park');
    expect(await identity.ensure()).toBe('Lee Park');
    expect(identity.getSnapshot().asking).toBe(false);
    detach();
  });

  it('describes an undo step by what it changes', () => {
    expect(undoLabel([{ sheet: 'Sites' }, { sheet: 'Sites' }], 12)).toBe('12 changes on Sites');
    expect(undoLabel([{ sheet: 'Sites' }, { sheet: 'Organizations' }], 2)).toBe('2 changes on Sites and Organizations');
  });
});
