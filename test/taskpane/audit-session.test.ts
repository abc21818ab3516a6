/** @jest-environment jsdom */
import { createFakeExcel } from '../../testing/fake-excel';
import { MemoryCtms } from '../../testing/memory-ctms';
import { createExcelPort, readAudit } from '../../src/excel';
import { defaultStandard } from '../../src/core/standard/load';
import { memorySettings } from '../../src/taskpane/settings';
import { SettingsStore } from '../../src/taskpane/settings-store';
import { Auditor } from '../../src/taskpane/audit';
import { Identity } from '../../src/taskpane/identity';
import { ValidationStore } from '../../src/taskpane/store';
import { DuplicatesStore } from '../../src/taskpane/duplicates/store';
import { SubmitStore } from '../../src/taskpane/submit/store';
import { memoryUrl } from '../../src/taskpane/submit/env';
import { filledWorkbook } from './helpers';

/**
 * A steward's session replayed on the real adapter and the fake Excel, through
 * the pane's own stores and its one audit queue: accept (twice), undo both
 * (multi-level), accept again, override a warning, merge a duplicate, submit to
 * the in-memory CTMS, roll back. Every entry of the trail is checked in order:
 * its kind, who, and the cells; and the hash chain holds.
 */

const std = defaultStandard();
// Organizations: ID, Name, Type, Address, City, State, Postal, Country, Phone — "USA" in H2 and H3 is proposed as "US".
const ORGS = [
  ['ORG-1', 'Duke University Medical Center', 'Hospital', '40 Duke Medicine Cir', 'Durham', 'NC', '27710', 'USA', '+19196845350'],
  ['ORG-2', 'Mayo Clinic', 'Hospital', '200 First St SW', 'Rochester', 'MN', '55905', 'USA', '+15072842511'],
];
// Investigators: Email, First, Last, Middle, Title, Degree, Org, City, State, Country, Phone, GCP
const PEOPLE = [
  // 01/04/2020 reads as 4 January or 1 April: a warning, overridden with a reason.
  ['thomas.ortel@duke.edu', 'Thomas', 'Ortel', null, 'Dr.', 'MD', 'ORG-1', 'Durham', null, 'US', null, '01/04/2020'],
  ['ann.smith@mayo.org', 'Ann', 'Smith', null, 'Dr.', null, 'ORG-2', 'Rochester', null, 'US', '+15072842511', null],
  ['ann.smyth@mayo.org', 'Ann', 'Smyth', null, null, null, 'ORG-2', 'Rochester', null, 'US', null, null],
];

beforeEach(() => localStorage.clear());

it('records every action of a scripted session, in order, under the name asked once, with the chain intact', async () => {
  const fake = createFakeExcel(filledWorkbook({ Organizations: ORGS, Investigators: PEOPLE }));
  const port = createExcelPort(fake);
  const identity = new Identity(localStorage);
  const detach = identity.attach(); // the pane's name dialog is on screen
  let asked = 0;
  // The user types a name into the dialog when it opens.
  identity.subscribe(() => { if (identity.getSnapshot().asking) { asked++; queueMicrotask(() => identity.answer('Ann Steward')); } });
  const auditor = new Auditor(port, () => identity.current());
  const identify = () => identity.ensure();
  const settings = new SettingsStore(memorySettings());
  const validation = new ValidationStore(port, settings, auditor.audit, identify);

  const first = await validation.validate();
  const country = first!.proposals.filter((p) => p.sheet === 'Organizations' && p.to === 'US');
  expect(country.map((p) => p.row)).toEqual([2, 3]);
  // Validating records nothing, so nobody is asked yet.
  expect(asked).toBe(0);

  // Accept H2, then H3: two steps on the undo stack, each saying what it changes.
  await validation.accept([country[0]!]);
  expect(asked).toBe(1);
  await validation.accept([country[1]!]);
  expect(validation.getSnapshot().undoStack!.map((s) => s.label)).toEqual(['1 change on Organizations', '1 change on Organizations']);
  // Undo both, newest first: multi-level.
  await validation.undoLast();
  expect(fake.workbook.sheet('Organizations')!.get(2, 7)).toBe('USA');
  expect(fake.workbook.sheet('Organizations')!.get(1, 7)).toBe('US');
  await validation.undoLast();
  expect(fake.workbook.sheet('Organizations')!.get(1, 7)).toBe('USA');
  expect(validation.getSnapshot().undo).toBeNull();
  // Accept both again in one step.
  const again = validation.getSnapshot().result!.proposals.filter((p) => p.sheet === 'Organizations' && p.to === 'US');
  await validation.accept(again);
  expect(validation.getSnapshot().undo!.label).toBe('2 changes on Organizations');

  // Override the ambiguous date.
  const warning = validation.getSnapshot().result!.issues.find((i) => i.sheet === 'Investigators' && i.cells[0] === 'L2')!;
  expect(await validation.override(warning, 'Confirmed 4 April with the site')).toBe(true);

  // Merge the two Anns.
  const dups = new DuplicatesStore(port, auditor.audit, identity.current());
  await dups.find(std);
  const anns = dups.getSnapshot().open.find((c) => c.sheet === 'Investigators' && c.rows.includes(3) && c.rows.includes(4))!;
  expect(await dups.decide(anns, 'merge', 3)).toBe(true);

  // Submit to the in-memory CTMS, then roll back.
  const target = new MemoryCtms();
  const submit = new SubmitStore(port, { createClient: () => target, urls: memoryUrl() }, auditor.audit, identify);
  expect(await submit.signIn('ctms.account', 'secret')).toBe(true);
  const ctx = { std, dateOrder: null };
  await submit.dryRun(ctx);
  const log = await submit.submit(ctx);
  expect(log).not.toBeNull();
  expect(submit.getSnapshot().error).toBeNull();
  // The plan went out: it cannot be sent again without a new dry run.
  expect(submit.getSnapshot().dryRun!.sentAs).toBe(log!.transferId);
  expect(await submit.submit(ctx)).toBeNull();
  await submit.rollback(submit.getSnapshot().transfers.find((l) => l.transferId === log!.transferId)!);
  expect(submit.getSnapshot().error).toBeNull();

  expect(asked).toBe(1);
  detach();

  const { trail, check } = await readAudit(fake);
  expect(check.ok).toBe(true);
  const entries = trail.entries();
  for (const e of entries) expect(e.who).toBe('Ann Steward');
  const at = (e: (typeof entries)[number]) => [e.kind, e.sheet, e.cell, e.before, e.after];
  expect(entries.slice(0, 8).map(at)).toEqual([
    ['transformation', 'Organizations', 'H2', 'USA', 'US'],
    ['transformation', 'Organizations', 'H3', 'USA', 'US'],
    ['undo', 'Organizations', 'H3', 'US', 'USA'],
    ['undo', 'Organizations', 'H2', 'US', 'USA'],
    ['transformation', 'Organizations', 'H2', 'USA', 'US'],
    ['transformation', 'Organizations', 'H3', 'USA', 'US'],
    ['override', 'Investigators', 'L2', expect.stringMatching(/^warning /), 'overridden: Confirmed 4 April with the site'],
    ['decision', 'Investigators', null, '3, 4', 'merge into row 3'],
  ]);
  expect(entries[2]!.details).toEqual({ undoes: 'transformation', step: '1 change on Organizations' });
  const transfer = entries.slice(8, -1);
  expect(transfer.every((e) => e.kind === 'transfer' && e.details.transferId === log!.transferId && e.details.account === 'ctms.account')).toBe(true);
  expect(transfer[0]!.details.phase).toBe('summary');
  // One record entry per row of the plan, each naming its sheet and row.
  const records = transfer.filter((e) => e.details.phase === 'record');
  expect(records.length).toBe(log!.entities.reduce((n, e) => n + e.records.length + e.heldBack.length, 0));
  expect(records.map((e) => `${e.sheet}!${e.row}`)).toEqual(expect.arrayContaining(['Organizations!2', 'Organizations!3']));
  expect(entries[entries.length - 1]).toMatchObject({ kind: 'rollback', details: expect.objectContaining({ transferId: log!.transferId, dryRun: false }) });
  // seq has no gaps: nothing was dropped between the queue and the sheet.
  expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
});
