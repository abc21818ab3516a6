import { defaultStandard, parseStandard, parseStandardJson, StandardError } from '../../src/core/standard/load';
import type { StandardInput } from '../../src/core/standard/schema';
import { cleanWith, findings, verify } from '../../testing/builders/wb';

/** A customer's standard is data: checked with paths in every message, and used without code changes. */

const copy = (): StandardInput => JSON.parse(JSON.stringify(defaultStandard())) as StandardInput;
const problems = (input: unknown): string[] => {
  try { parseStandard(input); } catch (e) { if (e instanceof StandardError) return e.problems; throw e; }
  return [];
};

test('the shipped standard parses', () => {
  expect(problems(copy())).toEqual([]);
});

test('a bad field type names its path', () => {
  const s = copy();
  (s.entities[0]!.fields[2] as { type: string }).type = 'picklist';
  const p = problems(s);
  expect(p).toHaveLength(1);
  expect(p[0]).toMatch(/^entities\[0\]\.fields\[2\]\.type: /);
});

test.each([
  ['missing id', (s: StandardInput) => { delete (s as Partial<StandardInput>).id; }, /^id: /],
  ['a key that is not lower_snake_case', (s: StandardInput) => { s.entities[1]!.fields[0]!.key = 'StudyNumber'; }, /^entities\[1\]\.fields\[0\]\.key: must be lower_snake_case/],
  ['a pick field without a picklist', (s: StandardInput) => { delete s.entities[0]!.fields[2]!.picklist; }, /^entities\[0\]\.fields\[2\]\.picklist: a pick field needs a non-empty picklist/],
  ['a bad regular expression', (s: StandardInput) => { s.entities[1]!.fields[0]!.pattern = '^[A-Z'; }, /^entities\[1\]\.fields\[0\]\.pattern: is not a valid regular expression/],
  ['a sheet name over 31 characters', (s: StandardInput) => { s.entities[0]!.sheet = 'O'.repeat(32); }, /^entities\[0\]\.sheet: /],
  ['a badly named rule', (s: StandardInput) => { s.rules![0]!.id = 'ENR1'; }, /^rules\[0\]\.id: must look like R-XXX-01/],
  ['an unknown rule kind', (s: StandardInput) => { (s.rules![0] as { kind: string }).kind = 'sum'; }, /^rules\[0\]\.kind: /],
  ['a bad alias code', (s: StandardInput) => { s.countryAliases!.Neverland = 'nl'; }, /^countryAliases\.Neverland: /],
])('%s is refused with its path', (_, change, re) => {
  const s = copy();
  change(s);
  const p = problems(s);
  expect(p.length).toBeGreaterThan(0);
  expect(p.some((x) => re.test(x))).toBe(true);
});

test('unknown references and fields in rules are named', () => {
  const s = copy();
  s.entities[1]!.fields[4]!.reference = { entity: 'sponsor', fields: ['org_id'] };
  s.entities[2]!.fields[0]!.reference = { entity: 'study', fields: ['protocol_no'] };
  s.rules![0] = { ...s.rules![0]!, left: 'subjects_done' } as never;
  s.rules![13] = { ...s.rules![13]!, in: 'staff' } as never;
  s.transformations![2]!.appliesTo = { fields: ['site_staff.job'] };
  s.entities[2]!.uniqueKeys = [['study_number', 'site_no']];
  s.submitOrder = ['organization', 'trial'];
  expect(problems(s)).toEqual([
    'entities[1].fields[4].reference.entity: unknown entity "sponsor"',
    'entities[2].fields[0].reference.fields: "protocol_no" is not a field of study',
    'entities[2].uniqueKeys[0]: "site_no" is not a field of site',
    'rules[0] (R-ENR-01).left: "subjects_done" is not a field of site',
    'rules[13] (R-PI-02).in: unknown entity "staff"',
    'transformations[2] (T-ROLE).appliesTo.fields: "site_staff.job" is not a field of the standard',
    'submitOrder[1]: unknown entity "trial"',
  ]);
});

test('JSON that does not parse is refused in one line', () => {
  expect(() => parseStandardJson('{ "id": ')).toThrow(StandardError);
  expect(() => parseStandardJson('{ "id": ')).toThrow(/\(file\): not valid JSON/);
});

test('adding a picklist value to the JSON needs no code change', () => {
  const s = copy();
  expect(findings(verify(cleanWith('Organizations', { 'Organization Type': 'Biobank' })))).toEqual(['picklist@Organizations!C2']);
  s.entities[0]!.fields[2]!.picklist!.push('Biobank');
  const std = parseStandardJson(JSON.stringify(s));
  expect(findings(verify(cleanWith('Organizations', { 'Organization Type': 'Biobank' }), { std }))).toEqual([]);
});

test('a new map entry, a new alias and a new rule of a supported kind work from the JSON alone', () => {
  const s = copy();
  s.transformations!.find((t) => t.id === 'T-ROLE')!.map!.Investigador = 'Sub Investigator';
  s.countryAliases!.Deutschland = 'DE';
  s.rules!.push({ id: 'R-ENR-04', entity: 'study', kind: 'compare', left: 'planned_enrollment', op: '<=', right: 'planned_enrollment', description: 'trivially true' });
  s.rules!.push({ id: 'R-ORG-01', entity: 'organization', kind: 'forbid', when: [{ field: 'org_type', in: ['Pharmacy'] }], flag: ['org_type'], description: 'No pharmacies in this migration.' });
  const std = parseStandard(s);
  const w = cleanWith('Site Staff', { Role: 'Investigador' });
  w.Organizations![0]!.Country = 'Deutschland';
  w.Organizations![1]!['Organization Type'] = 'Pharmacy';
  w.Sites![0]!.Country = 'DE';
  w.Organizations![0]!.Phone = null;
  const r = verify(w, { std });
  expect(r.proposals.map((p) => [p.ruleId, p.to])).toEqual([['T-COUNTRY', 'DE'], ['T-ROLE', 'Sub Investigator']]);
  expect(findings(r)).toEqual(['R-ORG-01@Organizations!C3', 'R-PI-02@Sites!D2']);
  expect(r.issues.find((i) => i.ruleId === 'R-ORG-01')!.params.description).toBe('No pharmacies in this migration.');
});
