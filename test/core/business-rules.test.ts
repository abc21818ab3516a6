import { clean, cleanWith, d, findings, issuesOf, verify, type Sheets } from '../../testing/builders/wb';
import { defaultStandard, parseStandard } from '../../src/core/standard/load';
import type { StandardInput } from '../../src/core/standard/schema';
import { issueMessage } from '../../src/core/verify/messages';

/**
 * The 13 business rules of ctms-standard-v1 (R-ENR-01..03, R-DATE-01..04,
 * R-STAT-01..03, R-PI-01..02, R-CTRY-01), each with negative and positive
 * cases and edge cases (equal values, zeros, blanks). Sites columns:
 * A Study, B Site, C Org, D PI Email, E Status, F Country, G Activation,
 * H FSFV, I LSLV, J Screened, K Enrolled, L Completed.
 */

const crossField = (s: Sheets, opts = {}) => findings(verify(s, opts)).filter((f) => f.startsWith('R-'));
const site = (changes: Record<string, unknown>) => crossField(cleanWith('Sites', changes as never));

describe('R-ENR: enrolment counts', () => {
  test('R-ENR-01 completed > screened (also above enrolled, so R-ENR-03 too)', () => {
    const r = verify(cleanWith('Sites', { 'Subjects Screened': 30, 'Subjects Enrolled': 35, 'Subjects Completed': 35 }));
    const i = issuesOf(r, 'R-ENR-01')[0]!;
    expect(i.cells).toEqual(['L2', 'J2']);
    expect(i.value).toBe(35);
    expect(issueMessage(i, 'Subjects Completed')).toBe('Subjects Completed (35) is greater than Subjects Screened (30). Correct one of the counts.');
  });
  test('R-ENR-02 enrolled > screened', () => {
    expect(site({ 'Subjects Screened': 5, 'Subjects Enrolled': 6, 'Subjects Completed': 5 })).toEqual(['R-ENR-02@Sites!K2']);
  });
  test('R-ENR-03 completed > enrolled', () => {
    expect(site({ 'Subjects Screened': 10, 'Subjects Enrolled': 4, 'Subjects Completed': 5 })).toEqual(['R-ENR-03@Sites!L2']);
  });
  test('equal counts are fine', () => {
    expect(site({ 'Subjects Screened': 7, 'Subjects Enrolled': 7, 'Subjects Completed': 7 })).toEqual([]);
  });
  test('zero counts are fine and compared (0 enrolled, 1 completed is R-ENR-03)', () => {
    expect(site({ 'Subjects Screened': 0, 'Subjects Enrolled': 0, 'Subjects Completed': 0, 'FSFV Date': null })).toEqual([]);
    expect(site({ 'Subjects Screened': 3, 'Subjects Enrolled': 0, 'Subjects Completed': 1, 'FSFV Date': null })).toEqual(['R-ENR-03@Sites!L2']);
  });
  test('a blank count is not compared', () => {
    expect(site({ 'Subjects Screened': null, 'Subjects Enrolled': 50, 'Subjects Completed': 40 })).toEqual([]);
  });
  test('counts typed as text are compared as numbers ("9" < "10")', () => {
    expect(site({ 'Subjects Screened': '10', 'Subjects Enrolled': '9', 'Subjects Completed': 9 })).toEqual([]);
  });
});

describe('R-DATE: date order', () => {
  test('R-DATE-01 activation after FSFV is an error on both cells', () => {
    const r = verify(cleanWith('Sites', { 'Site Activation Date': d('2021-03-01'), 'FSFV Date': d('2021-02-01') }));
    expect(issuesOf(r, 'R-DATE-01').map((i) => i.cells)).toEqual([['G2', 'H2']]);
    expect(issueMessage(issuesOf(r, 'R-DATE-01')[0]!, 'Site Activation Date')).toContain('(2021-03-01) is not before FSFV Date (2021-02-01)');
  });
  test('R-DATE-01 is strict: activation on the FSFV day is an error', () => {
    expect(site({ 'Site Activation Date': d('2021-02-01'), 'FSFV Date': d('2021-02-01') })).toEqual(['R-DATE-01@Sites!G2']);
  });
  test('R-DATE-01 blank activation or blank FSFV is not checked', () => {
    expect(site({ 'Site Activation Date': null })).toEqual([]);
    expect(site({ 'FSFV Date': null, 'Subjects Enrolled': 0, 'Subjects Completed': 0 })).toEqual([]);
  });
  test('R-DATE-01 compares text dates after T-DATE (text and real dates mixed)', () => {
    expect(site({ 'Site Activation Date': 'March 1, 2021', 'FSFV Date': d('2021-02-01') })).toEqual(['R-DATE-01@Sites!G2']);
    expect(site({ 'Site Activation Date': '44197', 'FSFV Date': '2021-02-01' })).toEqual([]); // 44197 = 2021-01-01
  });
  test('R-DATE-02 on Sites: FSFV after LSLV; equal is fine', () => {
    expect(site({ 'LSLV Date': d('2021-01-31'), 'Site Status': 'Closed' })).toEqual(['R-DATE-02@Sites!H2']);
    expect(site({ 'LSLV Date': d('2021-02-01'), 'Site Status': 'Closed' })).toEqual([]);
  });
  test('R-DATE-02 on Studies', () => {
    const s = cleanWith('Studies', { 'FSFV Date': d('2022-01-01'), 'LSLV Date': d('2021-12-31') });
    expect(crossField(s)).toEqual(['R-DATE-02@Studies!J2']);
    expect(crossField(cleanWith('Studies', { 'FSFV Date': d('2022-01-01'), 'LSLV Date': d('2022-01-01') }))).toEqual([]);
  });
  test('R-DATE-03 start after end; equal and open-ended are fine', () => {
    const ss = (end: unknown) => crossField(cleanWith('Site Staff', { 'Start Date': d('2021-01-04'), 'End Date': end as Date }));
    expect(ss(d('2021-01-03'))).toEqual(['R-DATE-03@Site Staff!E2']);
    expect(ss(d('2021-01-04'))).toEqual([]);
    expect(ss(null)).toEqual([]);
  });
  test('R-DATE-04 GCP training in the future (today is fixed for the test)', () => {
    const gcp = (v: Date) => verify(cleanWith('Investigators', { 'GCP Training Date': v }), { today: '2024-06-30' });
    const r = gcp(d('2024-07-01'));
    expect(findings(r)).toEqual(['R-DATE-04@Investigators!L2']);
    expect(issueMessage(issuesOf(r, 'R-DATE-04')[0]!, 'GCP Training Date')).toContain('is in the future (today is 2024-06-30)');
    expect(findings(gcp(d('2024-06-30')))).toEqual([]);
    expect(findings(verify(cleanWith('Investigators', { 'GCP Training Date': null })))).toEqual([]);
  });
  test('R-DATE-04 defaults to the real today', () => {
    const r = verify(cleanWith('Investigators', { 'GCP Training Date': d('2150-01-01') }), { today: undefined });
    expect(issuesOf(r, 'R-DATE-04')).toHaveLength(1);
  });
});

describe('R-STAT: status against dates and counts', () => {
  test.each(['Planned', 'Selected', 'Cancelled'])('R-STAT-01 %s with enrolled subjects', (status) => {
    const r = verify(cleanWith('Sites', { 'Site Status': status }));
    const i = issuesOf(r, 'R-STAT-01');
    expect(i.map((x) => x.cells)).toEqual([['E2', 'K2']]);
    expect(issueMessage(i[0]!, 'Site Status')).toBe(`Site Status is ${status} but Subjects Enrolled is 8; a ${status} site cannot have enrolled subjects. Correct the status or the count.`);
  });
  test('R-STAT-01 zero enrolled is fine; so are other statuses', () => {
    expect(site({ 'Site Status': 'Planned', 'Subjects Enrolled': 0, 'Subjects Completed': 0 })).toEqual([]);
    expect(site({ 'Site Status': 'Initiated' })).toEqual([]);
  });
  test('R-STAT-01 applies to mapped statuses ("Not yet recruiting" → Planned)', () => {
    expect(site({ 'Site Status': 'Not yet recruiting' })).toEqual(['R-STAT-01@Sites!E2']);
  });
  test('R-STAT-02 Closed site without LSLV; with LSLV fine', () => {
    expect(site({ 'Site Status': 'Closed' })).toEqual(['R-STAT-02@Sites!E2']);
    expect(site({ 'Site Status': 'Closed-out' })).toEqual(['R-STAT-02@Sites!E2']);
    expect(site({ 'Site Status': 'Closed', 'LSLV Date': d('2022-01-01') })).toEqual([]);
    expect(site({ 'Site Status': 'Closed to Enrollment' })).toEqual([]);
  });
  test('R-STAT-02 Completed study without LSLV', () => {
    const r = verify(cleanWith('Studies', { 'Study Status': 'Completed' }));
    expect(issuesOf(r, 'R-STAT-02').map((i) => i.cells)).toEqual([['D2', 'K2']]);
    expect(crossField(cleanWith('Studies', { 'Study Status': 'Completed', 'LSLV Date': d('2023-01-01') }))).toEqual([]);
  });
  test('R-STAT-03 enrolled subjects without FSFV is a warning; zero enrolled is fine', () => {
    const r = verify(cleanWith('Sites', { 'FSFV Date': null }));
    const i = issuesOf(r, 'R-STAT-03');
    expect(i.map((x) => [x.severity, x.cells])).toEqual([['warning', ['H2', 'K2']]]);
    expect(r.summary.errors).toBe(0);
    expect(site({ 'FSFV Date': null, 'Subjects Enrolled': 0, 'Subjects Completed': 0 })).toEqual([]);
    expect(site({ 'FSFV Date': null, 'Subjects Enrolled': null, 'Subjects Completed': null })).toEqual([]);
  });
});

describe('R-PI-01: one Principal Investigator at a time', () => {
  const pi = (start: string, end: string | null, extra: Record<string, unknown> = {}) => ({
    'Study Number': 'ABC-123', 'Site Number': '001', Email: 'ann.smith@mayo.org', Role: 'Principal Investigator',
    'Start Date': d(start), 'End Date': end ? d(end) : null, ...extra,
  });
  const staff = (...rows: ReturnType<typeof pi>[]) => {
    const s = clean();
    s.Investigators!.push({ ...s.Investigators![0]!, Email: 'bob@mayo.org', 'First Name': 'Bob' });
    s['Site Staff'] = rows as never;
    return verify(s);
  };
  test('an open assignment overlaps a later one: every such row is flagged', () => {
    const r = staff(pi('2021-01-04', null), pi('2022-01-01', null, { Email: 'bob@mayo.org' }));
    const i = issuesOf(r, 'R-PI-01');
    expect(i.map((x) => x.cells)).toEqual([['D2', 'E2', 'F2'], ['D3', 'E3', 'F3']]);
    expect(issueMessage(i[0]!, 'Role')).toBe('Site 001 of study ABC-123 has overlapping Principal Investigator assignments (rows 2, 3). End one assignment before the next starts, or change a role.');
  });
  test('closed periods that overlap are flagged; the row order does not matter', () => {
    const r = staff(pi('2021-06-01', '2021-12-31', { Email: 'bob@mayo.org' }), pi('2021-01-04', '2021-06-30'));
    expect(issuesOf(r, 'R-PI-01').map((x) => x.row)).toEqual([2, 3]);
  });
  test('a hand-over on the same day overlaps (periods are inclusive)', () => {
    expect(issuesOf(staff(pi('2021-01-04', '2021-06-30'), pi('2021-06-30', null, { Email: 'bob@mayo.org' })), 'R-PI-01')).toHaveLength(2);
  });
  test('consecutive periods do not overlap', () => {
    expect(issuesOf(staff(pi('2021-01-04', '2021-06-30'), pi('2021-07-01', null, { Email: 'bob@mayo.org' })), 'R-PI-01')).toEqual([]);
  });
  test('only the overlapping rows of three are flagged', () => {
    const r = staff(pi('2021-01-04', '2021-03-31'), pi('2021-04-01', null, { Email: 'bob@mayo.org' }), pi('2022-01-01', null));
    expect(issuesOf(r, 'R-PI-01').map((x) => x.row)).toEqual([3, 4]);
  });
  test('other roles, other sites and other studies do not count', () => {
    const s = clean();
    s.Studies!.push({ ...s.Studies![0]!, 'Study Number': 'XYZ-9', 'NCT Number': null });
    s.Sites!.push({ ...s.Sites![0]!, 'Site Number': '002' }, { ...s.Sites![0]!, 'Study Number': 'XYZ-9' });
    s['Site Staff'] = [
      pi('2021-01-04', null), pi('2021-01-04', null, { Role: 'Sub Investigator' }),
      pi('2021-01-04', null, { 'Site Number': '002' }), pi('2021-01-04', null, { 'Study Number': 'XYZ-9' }),
    ] as never;
    expect(issuesOf(verify(s), 'R-PI-01')).toEqual([]);
  });
  test('a role mapped to Principal Investigator ("PI") counts', () => {
    expect(issuesOf(staff(pi('2021-01-04', null), pi('2021-02-01', null, { Role: 'PI', Email: 'bob@mayo.org' })), 'R-PI-01')).toHaveLength(2);
  });
});

describe('R-PI-02: the site PI has a PI assignment', () => {
  test('no Site Staff row for the PI is a warning on the PI Email', () => {
    const s = clean();
    s['Site Staff'] = [];
    const r = verify(s);
    const i = issuesOf(r, 'R-PI-02');
    expect(i.map((x) => [x.severity, x.cells])).toEqual([['warning', ['D2']]]);
    expect(issueMessage(i[0]!, 'Principal Investigator Email')).toBe('Principal Investigator "ann.smith@mayo.org" has no Principal Investigator row in Site Staff for study ABC-123, site 001. Add the assignment.');
  });
  test('a row with another role does not count', () => {
    expect(crossField(cleanWith('Site Staff', { Role: 'Sub Investigator' }))).toEqual(['R-PI-02@Sites!D2']);
  });
  test('a PI row at another site does not count', () => {
    const s = cleanWith('Site Staff', { 'Site Number': '002' });
    s.Sites!.push({ ...s.Sites![0]!, 'Site Number': '002', 'Principal Investigator Email': 'ann.smith@mayo.org' });
    expect(crossField(s)).toEqual(['R-PI-02@Sites!D2']);
  });
  test('emails match whatever their case', () => {
    const s = cleanWith('Sites', { 'Principal Investigator Email': 'Ann.Smith@MAYO.org' });
    expect(crossField(s)).toEqual([]);
  });
});

describe('R-CTRY-01: site country equals its organization\'s', () => {
  test('a different country is a warning on Country and Organization ID', () => {
    const r = verify(cleanWith('Sites', { Country: 'GB' }));
    const i = issuesOf(r, 'R-CTRY-01');
    expect(i.map((x) => [x.severity, x.cells])).toEqual([['warning', ['F2', 'C2']]]);
    expect(issueMessage(i[0]!, 'Country')).toBe('Site country GB differs from the country of organization ORG-1 (US). Check which is right.');
  });
  test('USA on the site and US on the organization are the same after T-COUNTRY', () => {
    const r = verify(cleanWith('Sites', { Country: 'USA' }));
    expect(issuesOf(r, 'R-CTRY-01')).toEqual([]);
    expect(r.proposals.map((p) => [p.ruleId, p.to])).toEqual([['T-COUNTRY', 'US']]);
    const s = cleanWith('Sites', { Country: 'United Kingdom' });
    s.Organizations![0]!.Country = 'UK';
    expect(crossField(s)).toEqual([]);
  });
  test('an unknown organization or blank country is not compared', () => {
    expect(crossField(cleanWith('Sites', { Country: null }))).toEqual([]);
    // ORG-2 is missing: the reference rule reports it, R-CTRY-01 stays silent.
    expect(findings(verify(cleanWith('Sites', { 'Organization ID': 'ORG-2', Country: 'GB' })))).toEqual(['reference@Sites!C2']);
  });
});

/** One workbook that breaks every business rule at least once. */
function violations(): Sheets {
  const s = clean();
  const base = s.Sites![0]!;
  s.Sites = [
    { ...base, 'Site Number': '001', 'Subjects Screened': 10, 'Subjects Enrolled': 12, 'Subjects Completed': 11, 'Site Activation Date': d('2021-03-01') }, // ENR-01, ENR-02, DATE-01
    { ...base, 'Site Number': '002', 'Subjects Enrolled': 5, 'Subjects Completed': 6, 'LSLV Date': d('2021-01-15'), 'Site Activation Date': null }, // ENR-03, DATE-02
    { ...base, 'Site Number': '003', 'Site Status': 'Closed' }, // STAT-02
    { ...base, 'Site Number': '004', 'Site Status': 'Planned' }, // STAT-01
    { ...base, 'Site Number': '005', 'FSFV Date': null, Country: 'GB', 'Principal Investigator Email': 'bob@mayo.org' }, // STAT-03, CTRY-01, PI-02
  ];
  s.Studies = [
    { ...s.Studies![0]!, 'FSFV Date': d('2022-01-01'), 'LSLV Date': d('2021-01-01') }, // DATE-02 (study)
    { ...s.Studies![0]!, 'Study Number': 'XYZ-9', 'NCT Number': null, 'Study Status': 'Completed' }, // STAT-02 (study)
  ];
  s.Investigators!.push({ ...s.Investigators![0]!, Email: 'bob@mayo.org', 'GCP Training Date': d('2030-01-01') }); // DATE-04
  const st = s['Site Staff']![0]!;
  s['Site Staff'] = ['001', '002', '003', '004'].map((n) => ({ ...st, 'Site Number': n }));
  s['Site Staff'].push({ ...st, 'Site Number': '001', Email: 'bob@mayo.org' }); // PI-01 with row 2
  s['Site Staff'].push({ ...st, 'Site Number': '002', Role: 'Monitor', 'End Date': d('2020-01-01') }); // DATE-03
  return s;
}

const RULE_IDS = ['R-ENR-01', 'R-ENR-02', 'R-ENR-03', 'R-DATE-01', 'R-DATE-02', 'R-DATE-03', 'R-DATE-04', 'R-STAT-01', 'R-STAT-02', 'R-STAT-03', 'R-PI-01', 'R-PI-02', 'R-CTRY-01'];

describe('each rule comes from ctms-standard-v1.json', () => {
  const std = defaultStandard();
  const all = verify(violations());
  const sheetOf = (entity: string) => std.entities.find((e) => e.key === entity)!.sheet;

  test('the violations workbook triggers all 13 rules (on every sheet each applies to)', () => {
    expect([...new Set(all.issues.filter((i) => i.family === 'crossField').map((i) => i.ruleId))].sort()).toEqual([...RULE_IDS].sort());
    for (const r of std.rules) expect(all.issues.some((i) => i.ruleId === r.id && i.sheet === sheetOf(r.entity))).toBe(true);
    // Every other finding is a business rule: the workbook tests only them.
    expect(all.issues.filter((i) => i.severity !== 'info' && i.family !== 'crossField')).toEqual([]);
  });

  test.each(std.rules.map((r, i) => [`${r.id} on ${sheetOf(r.entity)}`, i] as const))('removing %s from a copy of the standard removes its findings, and only those', (_, index) => {
    const raw = JSON.parse(JSON.stringify(std)) as StandardInput;
    const [removed] = raw.rules!.splice(index, 1);
    const without = verify(violations(), { std: parseStandard(raw) });
    const sheet = sheetOf(removed!.entity);
    const key = (i: { ruleId: string; sheet: string; cells: string[] }) => `${i.ruleId}@${i.sheet}!${i.cells.join(',')}`;
    const before = all.issues.map(key);
    const after = without.issues.map(key);
    const gone = before.filter((k) => !after.includes(k));
    expect(gone.length).toBeGreaterThan(0);
    expect(gone.every((k) => k.startsWith(`${removed!.id}@${sheet}!`))).toBe(true);
    expect(after.filter((k) => k.startsWith(`${removed!.id}@${sheet}!`))).toEqual([]);
  });
});
