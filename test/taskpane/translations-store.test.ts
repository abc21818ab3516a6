/** @jest-environment jsdom */
import { createFakeExcel } from '../../testing/fake-excel';
import { createExcelPort, readAudit } from '../../src/excel';
import { memorySettings } from '../../src/taskpane/settings';
import { SettingsStore } from '../../src/taskpane/settings-store';
import { Auditor } from '../../src/taskpane/audit';
import { ValidationStore } from '../../src/taskpane/store';
import { TranslationsStore } from '../../src/taskpane/translations/store';
import { NAME_DECLINED } from '../../src/taskpane/identity';
import { decisionsFromTrail, specDecisions } from '../../src/core/audit';
import { filledWorkbook } from './helpers';

/**
 * The Translations sheet from the pane, on the real adapter and the fake
 * Excel: the worklist written, filled by a translator, read back as
 * proposals; the approvals and the accepts recorded in the audit trail.
 */

const PUMCH = '北京协和医院';
const PUMCH_EN = 'Peking Union Medical College Hospital';
// Organizations: ID, Name, Type, Address, City, State, Postal, Country, Phone
const ORGS = [
  ['ORG-1', PUMCH, 'Hospital', null, '北京', null, '100730', 'CN', null],
  ['ORG-2', PUMCH, 'Hospital', null, '北京', null, '100730', 'CN', null],
  ['ORG-3', 'Mayo Clinic', 'Hospital', null, 'Rochester', null, '55905', 'US', null],
];

function setup(identify: () => Promise<string | null> = async () => 'Tess Translator') {
  const fake = createFakeExcel(filledWorkbook({ Organizations: ORGS }));
  const port = createExcelPort(fake);
  const auditor = new Auditor(port, () => 'Tess Translator');
  const settings = new SettingsStore(memorySettings());
  const validation = new ValidationStore(port, settings, auditor.audit, identify);
  const translations = new TranslationsStore({ port, settings, validation, audit: auditor.audit, identify });
  return { fake, validation, translations };
}

/** The translator's work: the English typed into the sheet next to a source text. */
function fill(fake: ReturnType<typeof createFakeExcel>, source: string, english: string) {
  const s = fake.workbook.sheet('Translations')!;
  const row = s.rows.findIndex((r) => r?.[0] === source);
  expect(row).toBeGreaterThan(0);
  s.set(row, 5, english);
}

it('writes the worklist, reads the approved English back as proposals, and records the approval and each accept', async () => {
  const { fake, validation, translations } = setup();
  await validation.validate();
  await translations.writeSheet();
  expect(translations.getSnapshot().notice).toBe('Translations sheet written: 2 texts, 0 already translated. Fill the Approved English column, then choose "Use approved translations".');
  const sheet = fake.workbook.sheet('Translations')!;
  expect(sheet.rows.slice(1).map((r) => [r[0], r[2], r[3], r[4]])).toEqual([
    ['北京', 'Organizations!E2 (City); Organizations!E3 (City)', '2', 'Bei Jing'],
    [PUMCH, 'Organizations!B2 (Organization Name); Organizations!B3 (Organization Name)', '2', 'Bei Jing Xie He Yi Yuan'],
  ]);

  fill(fake, PUMCH, PUMCH_EN);
  await translations.useApproved();
  expect(translations.getSnapshot()).toMatchObject({ phase: 'idle', error: null,
    notice: '1 approved translation read (1 new in the audit trail); 2 cells can take it: accept them under Proposed changes.' });
  const proposed = validation.getSnapshot().result!.proposals.filter((p) => p.to === PUMCH_EN);
  expect(proposed.map((p) => `${p.sheet}!${p.row}`)).toEqual(['Organizations!2', 'Organizations!3']);

  // The approval is a decision in the trail, and in the mapping specification's decisions.
  let { trail, check } = await readAudit(fake);
  expect(check.ok).toBe(true);
  const decision = trail.entries().filter((e) => e.kind === 'decision');
  expect(decision.map((e) => [e.who, e.ruleId, e.before, e.after])).toEqual([['Tess Translator', 'T-TRANSLATE', PUMCH, PUMCH_EN]]);
  expect(specDecisions(decisionsFromTrail(trail.entries())).map((d) => [d.what, d.decision])).toEqual([[`T-TRANSLATE: ${PUMCH}`, PUMCH_EN]]);

  // Accepting writes the English into both cells, each recorded with before and after.
  await validation.accept(proposed);
  expect([fake.workbook.sheet('Organizations')!.get(1, 1), fake.workbook.sheet('Organizations')!.get(2, 1)]).toEqual([PUMCH_EN, PUMCH_EN]);
  ({ trail, check } = await readAudit(fake));
  expect(check.ok).toBe(true);
  const accepted = trail.entries().filter((e) => e.kind === 'transformation');
  expect(accepted.map((e) => [e.cell, e.ruleId, e.before, e.after, e.details.reason])).toEqual([
    ['B2', 'T-TRANSLATE', PUMCH, PUMCH_EN, 'the approved translation in the glossary'],
    ['B3', 'T-TRANSLATE', PUMCH, PUMCH_EN, 'the approved translation in the glossary'],
  ]);

  // Read again: the same approval is not recorded twice.
  await translations.useApproved();
  ({ trail } = await readAudit(fake));
  expect(trail.entries().filter((e) => e.kind === 'decision')).toHaveLength(1);
  expect(translations.getSnapshot().notice).toMatch(/^1 approved translation read \(0 new in the audit trail\); 0 cells/);

  // Rewritten after the accept: the approval stays in the sheet though its text is gone from the workbook.
  await translations.writeSheet();
  const rows = fake.workbook.sheet('Translations')!.rows.slice(1).map((r) => [r[0], r[2], r[3], r[5]]);
  expect(rows).toEqual([
    ['北京', 'Organizations!E2 (City); Organizations!E3 (City)', '2', undefined],
    [PUMCH, 'not in this workbook (kept from an earlier worklist)', '0', PUMCH_EN],
  ]);
});

it('a corrected translation is recorded again, with the new English', async () => {
  const { fake, validation, translations } = setup();
  await validation.validate();
  await translations.writeSheet();
  fill(fake, '北京', 'Peking');
  await translations.useApproved();
  fill(fake, '北京', 'Beijing');
  await translations.useApproved();
  const { trail } = await readAudit(fake);
  expect(trail.entries().filter((e) => e.kind === 'decision').map((e) => e.after)).toEqual(['Peking', 'Beijing']);
  expect(validation.getSnapshot().result!.proposals.filter((p) => p.field === 'city').map((p) => p.to)).toEqual(['Beijing', 'Beijing']);
});

it('says what to do when there is no sheet, no English yet, or a sheet of that name that is the user\'s own', async () => {
  const { fake, validation, translations } = setup();
  await validation.validate();
  await translations.useApproved();
  expect(translations.getSnapshot().error).toBe('This workbook has no Translations sheet yet: choose "Write Translations sheet" first.');
  await translations.writeSheet();
  await translations.useApproved();
  expect(translations.getSnapshot().notice).toBe('The Translations sheet has no approved English yet: fill the Approved English column first.');
  expect((await readAudit(fake)).trail.entries()).toHaveLength(0);

  fake.workbook.sheets.splice(fake.workbook.sheets.indexOf(fake.workbook.sheet('Translations')!), 1);
  fake.workbook.addSheet('Translations').load([['Word', 'Meaning'], ['医院', 'hospital']]);
  await translations.writeSheet();
  expect(translations.getSnapshot().error).toBe('This workbook has a sheet named "Translations" that is not a translation worklist. Rename it to write the worklist; nothing was changed.');
  expect(fake.workbook.sheet('Translations')!.rows).toEqual([['Word', 'Meaning'], ['医院', 'hospital']]);
  // Validation is not stopped by the user's own sheet: it just proposes no translation.
  expect((await validation.validate())!.proposals.filter((p) => p.ruleId === 'T-TRANSLATE')).toEqual([]);
});

it('records nothing and proposes nothing when the user declines to give a name', async () => {
  const { fake, validation, translations } = setup(async () => null);
  await validation.validate();
  await translations.writeSheet();
  fill(fake, PUMCH, PUMCH_EN);
  await translations.useApproved();
  expect(translations.getSnapshot().notice).toBe(NAME_DECLINED);
  expect((await readAudit(fake)).trail.entries()).toHaveLength(0);
});

it('nothing to translate writes no sheet', async () => {
  const fake = createFakeExcel(filledWorkbook({ Organizations: [ORGS[2]!] }));
  const port = createExcelPort(fake);
  const settings = new SettingsStore(memorySettings());
  const validation = new ValidationStore(port, settings);
  const translations = new TranslationsStore({ port, settings, validation });
  await translations.writeSheet();
  expect(translations.getSnapshot().notice).toBe('Nothing to translate: there is no text in another script where the target needs Latin script.');
  expect(fake.workbook.sheet('Translations')).toBeUndefined();
});
