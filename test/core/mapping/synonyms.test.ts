import { defaultStandard } from '../../../src/core/standard';
import { mapWorkbook } from '../../../src/core/mapping';

/**
 * Headers partners really use, per field: each must map to its field or stay
 * unmapped (a question), never to another field. Several are not in the
 * standard's aliases verbatim (other punctuation, abbreviations, word order).
 */
const std = defaultStandard();
const CASES: [string, string, string][] = [
  ['site', 'Centre No', 'site_number'], ['site', 'Site Nr.', 'site_number'], ['site', 'SITEID', 'site_number'], ['site', 'Site #', 'site_number'],
  ['site', 'PI Mail', 'pi_email'], ['site', 'PI e-mail', 'pi_email'], ['site', 'SIV Date', 'activation_date'], ['site', 'First Patient In', 'fsfv_date'],
  ['site', 'FPI', 'fsfv_date'], ['site', 'LPO', 'lslv_date'], ['site', 'Centre Status', 'site_status'], ['site', 'No. Randomised', 'subjects_enrolled'],
  ['study', 'Trial ID', 'study_number'], ['study', 'STUDYID', 'study_number'], ['study', 'NCT ID', 'nct_number'], ['study', 'Brief Title', 'study_title'],
  ['study', 'Overall Status', 'study_status'], ['study', 'Enrolment', 'planned_enrollment'], ['study', 'Target enrolment', 'planned_enrollment'],
  ['study', 'FSFV', 'fsfv_date'], ['study', 'IND #', 'ind_number'], ['study', 'Therapy area', 'therapeutic_area'],
  ['organization', 'Organisation Name', 'org_name'], ['organization', 'Facility Name', 'org_name'], ['organization', 'Zip', 'postal_code'],
  ['organization', 'Postcode', 'postal_code'], ['organization', 'Cntry', 'country'], ['organization', 'Tel.', 'phone'], ['organization', 'Street Address', 'address_line1'],
  ['person', 'Surname', 'last_name'], ['person', 'Forename', 'first_name'], ['person', 'E-mail address', 'email'], ['person', 'GCP Cert. Date', 'gcp_training_date'],
  ['site_staff', 'Staff Role', 'role'], ['site_staff', 'Centre Number', 'site_number'], ['site_staff', 'Role Start Date', 'start_date'],
];

test('synonyms per field: found, never mapped to another field', () => {
  const wrong: string[] = [];
  let found = 0;
  for (const [entity, header, field] of CASES) {
    const m = mapWorkbook(std, { sheets: [{ name: 'Sheet1', rows: [[header, 'Other notes']], rowNumbers: [1] }] }, { entity });
    const got = m.sheets[0]!.columns.find((c) => c.source === header)?.field;
    if (got === field) found++;
    else if (got) wrong.push(`${entity}: ${header} → ${got}`);
  }
  expect(wrong).toEqual([]);
  process.stdout.write(`synonym table: found ${found}/${CASES.length}\n`);
  expect(found / CASES.length).toBeGreaterThanOrEqual(0.85);
});

test('no alias names two fields of one entity', () => {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9#]+/g, '');
  for (const e of std.entities) {
    const seen = new Map<string, string>();
    for (const f of e.fields) for (const n of [f.header, ...(f.aliases ?? [])]) {
      const prev = seen.get(norm(n));
      expect(prev === undefined || prev === f.key ? 'ok' : `${e.key}: "${n}" is ${prev} and ${f.key}`).toBe('ok');
      seen.set(norm(n), f.key);
    }
  }
});
