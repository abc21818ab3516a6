import { defaultStandard } from '../../src/core/standard';
import {
  checkProfileAgainstStandard, defaultTargetProfile, idParamFor, lookupColumn, parseTargetProfile,
  TargetProfileError, upsertKeysOf,
} from '../../src/core/target-profile';
import defaultJson from '../../src/core/target-profile/vault-ctms-v1.json';

const std = defaultStandard();
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests break the JSON at arbitrary paths
const clone = () => JSON.parse(JSON.stringify(defaultJson)) as Record<string, any>;

function problemsOf(json: unknown): string[] {
  try {
    parseTargetProfile(json, 'custom.json');
  } catch (e) {
    expect(e).toBeInstanceOf(TargetProfileError);
    expect((e as Error).message).toContain('custom.json is not valid');
    return (e as TargetProfileError).problems;
  }
  throw new Error('profile was accepted');
}

describe('default Vault CTMS profile', () => {
  const profile = defaultTargetProfile();

  it('covers every entity and every mapped field of the v1 standard, and nothing else', () => {
    expect(checkProfileAgainstStandard(profile, std)).toEqual([]);
    expect(Object.keys(profile.entities).sort()).toEqual(std.entities.map((e) => e.key).sort());
    for (const e of std.entities) {
      const mapped = e.fields.filter((f) => f.targetField).map((f) => f.key).sort();
      expect(Object.keys(profile.entities[e.key]!.fields).sort()).toEqual(mapped);
    }
  });

  it('sends picklists as value names, countries and roles as lookups, parents as record ids', () => {
    expect(profile.entities.study!.picklists.phase!['Phase 3']).toBe('phase_3__v');
    expect(profile.entities.site!.picklists.site_status!['Closed to Enrollment']).toBe('closed_to_enrollment__v');
    const country = profile.entities.site!.references.country!;
    expect(country.send === 'lookup' && lookupColumn(profile.entities.site!.fields.country!, country)).toBe('country__vr.name__v');
    const role = profile.entities.site_staff!.references.role!;
    expect(role.send === 'lookup' && lookupColumn('team_role__v', role)).toBe('team_role__vr.name__v');
    expect(profile.entities.site!.references.study_number).toEqual({ send: 'recordId' });
  });

  it('upserts every object on external_id__v unless told otherwise', () => {
    const keys = upsertKeysOf(profile);
    expect(keys).toEqual({ organization__v: 'external_id__v', study__v: 'external_id__v', site__v: 'external_id__v', person__sys: 'external_id__v', study_person__clin: 'external_id__v', study_country__v: 'external_id__v' });
    expect(idParamFor(undefined, 'site__v')).toBe('external_id__v');
    expect(idParamFor({ site__v: 'external_id__c' }, 'site__v')).toBe('external_id__c');
  });
});

describe('a customer profile', () => {
  it('is refused with the path and the problem', () => {
    const bad = clone();
    bad.entities.site.idParam = 42;
    bad.entities.study.picklists.phase['Phase 3'] = 'Phase 3';
    delete bad.entities.organization.object;
    const problems = problemsOf(bad);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^entities\.site\.idParam: .*string/i),
      expect.stringMatching(/^entities\.study\.picklists\.phase\.Phase 3: must be a Vault API name/),
      expect.stringMatching(/^entities\.organization\.object: /),
    ]));
  });

  it('refuses an unknown reference mode, a lookup without its unique field, and a key mapped twice', () => {
    const bad = clone();
    bad.entities.site.references.country = { send: 'text' };
    bad.entities.person.references.country = { send: 'lookup', object: 'country__v' };
    bad.entities.study.fields.nct_number = 'name__v';
    const problems = problemsOf(bad);
    expect(problems.some((p) => p.startsWith('entities.site.references.country'))).toBe(true);
    expect(problems.some((p) => p.startsWith('entities.person.references.country.uniqueField'))).toBe(true);
    expect(problems).toContain('entities.study.fields.nct_number: target field name__v is already taken by "study_number"');
  });

  it('refuses a picklist map or reference for a field it does not map', () => {
    const bad = clone();
    delete bad.entities.study.fields.phase;
    expect(problemsOf(bad)).toContain('entities.study.picklists.phase: "phase" has a picklist map but no entry in fields');
  });

  it('takes another upsert key per object', () => {
    const custom = clone();
    custom.entities.site.idParam = 'external_id__c';
    const keys = upsertKeysOf(parseTargetProfile(custom));
    expect(keys.site__v).toBe('external_id__c');
    expect(keys.study__v).toBe('external_id__v');
  });

  it('is checked against the standard in use: unknown entities, fields and labels are named', () => {
    const custom = clone();
    custom.entities.trial = custom.entities.study;
    custom.entities.study.fields.acronym = 'acronym__c';
    delete custom.entities.study.picklists.phase['Phase 4'];
    custom.entities.study.picklists.phase['Phase 5'] = 'phase_5__c';
    const problems = checkProfileAgainstStandard(parseTargetProfile(custom), std);
    expect(problems).toEqual(expect.arrayContaining([
      'entities.trial: not an entity of ctms-standard-v1',
      'entities.study.fields.acronym: not a field of study',
      'entities.study.picklists.phase: no value name for "Phase 4"',
      'entities.study.picklists.phase: "Phase 5" is not a value of study.phase',
    ]));
  });
});
