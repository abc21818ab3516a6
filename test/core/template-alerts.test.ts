import { defaultStandard } from '../../src/core/standard/load';
import type { Standard } from '../../src/core/standard/schema';
import { alertStyleFor, errorAlert } from '../../src/core/template/alerts';
import { buildTemplatePlan } from '../../src/core/template/plan';

/** The error alert's style is data from the standard: a transformation that proposes a fix makes it a warning. */

const base = defaultStandard();
const field = (std: Standard, entity: string, key: string) => {
  const e = std.entities.find((x) => x.key === entity)!;
  return { e, f: e.fields.find((x) => x.key === key)! };
};
const styleOf = (std: Standard, entity: string, key: string) => {
  const { e, f } = field(std, entity, key);
  return alertStyleFor(std, e, f);
};

test('the shipped standard: text dates, roles, phases and names warn; plain picklists and counts stop', () => {
  expect(styleOf(base, 'site', 'fsfv_date')).toBe('warning');
  expect(styleOf(base, 'site_staff', 'role')).toBe('warning');
  expect(styleOf(base, 'study', 'phase')).toBe('warning');
  expect(styleOf(base, 'person', 'first_name')).toBe('warning');
  const plan = buildTemplatePlan(base);
  const columns = plan.sheets.flatMap((s) => s.columns);
  expect(columns.filter((c) => c.validation?.kind === 'wholeNumber').every((c) => c.errorAlert?.style === 'stop')).toBe(true);
  expect(columns.some((c) => c.validation?.kind === 'list' && c.errorAlert?.style === 'stop')).toBe(true);
  expect(columns.filter((c) => !c.validation).every((c) => c.errorAlert === null)).toBe(true);
});

test('tidying alone (spaces, case, formula guard) does not soften the alert', () => {
  const tidyOnly: Standard = { ...base, transformations: base.transformations.filter((t) => ['trim', 'lowercase', 'inert'].includes(t.kind)) };
  expect(styleOf(tidyOnly, 'site', 'fsfv_date')).toBe('stop');
  expect(styleOf(tidyOnly, 'study', 'phase')).toBe('stop');
});

test('adding a transformation to a field in the standard turns its alert into a warning, in the plan both templates render', () => {
  const std: Standard = {
    ...base,
    transformations: [...base.transformations, { ...base.transformations.find((t) => t.kind === 'map')!, id: 'T-ENROLLED', appliesTo: { fields: ['site.subjects_enrolled'] } }],
  };
  const before = buildTemplatePlan(base).sheets.find((s) => s.entity === 'site')!.columns.find((c) => c.key === 'subjects_enrolled');
  const after = buildTemplatePlan(std).sheets.find((s) => s.entity === 'site')!.columns.find((c) => c.key === 'subjects_enrolled');
  expect(before?.errorAlert?.style).toBe('stop');
  expect(after?.errorAlert?.style).toBe('warning');
  expect(after?.errorAlert?.message).toMatch(/Choose Yes to keep it/);
});

test('Excel\'s limits hold for long lists: title ≤ 32, message ≤ 255, the warning\'s last sentence kept', () => {
  const a = errorAlert('warning', 'A header far longer than thirty-two characters', `Pick a value from the list: ${'x, '.repeat(200)}`);
  expect(a.title.length).toBeLessThanOrEqual(32);
  expect(a.message.length).toBeLessThanOrEqual(255);
  expect(a.message).toMatch(/Validate will propose the fix\.$/);
  expect(errorAlert('stop', 'H', 'Enter a whole number of 0 or more.').message).toBe('Enter a whole number of 0 or more.');
});
