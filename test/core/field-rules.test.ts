import { clean, cleanWith, d, findings, issuesOf, verify, wb } from '../../testing/builders/wb';
import { defaultStandard, parseStandard } from '../../src/core/standard/load';
import { issueMessage } from '../../src/core/verify/messages';

/**
 * Single-field families and set-level families (unique, reference), each with
 * a positive and a negative case. Column letters follow the standard's order,
 * e.g. Sites: A Study Number … E Site Status, F Country, G Activation, H FSFV.
 */

test('the clean workbook has no errors, warnings or proposals', () => {
  const r = verify(clean());
  expect(findings(r)).toEqual([]);
  expect(r.proposals).toEqual([]);
  expect(r.summary).toMatchObject({ sheets: 5, rows: 6, errors: 0, warnings: 0, proposals: 0 });
});

describe('required', () => {
  test.each([
    ['blank', null],
    ['empty text', ''],
    ['spaces only', '   '],
    ['non-breaking space only', '\u00a0'],
    ['zero-width space only', '\u200b'],
  ])('%s in a required field is an error', (_, v) => {
    const r = verify(cleanWith('Organizations', { 'Organization Name': v }));
    expect(findings(r)).toEqual(['required@Organizations!B2']);
    expect(issueMessage(r.issues.find((i) => i.ruleId === 'required')!, 'Organization Name')).toBe('Organization Name is required. Fill it in.');
  });
  test('a blank optional field is fine', () => {
    expect(findings(verify(cleanWith('Organizations', { 'Postal Code': null, Phone: '  ' })))).toEqual([]);
  });
  test('a zero count is present, not blank', () => {
    expect(findings(verify(cleanWith('Sites', { 'Subjects Screened': 0, 'Subjects Enrolled': 0, 'Subjects Completed': 0, 'FSFV Date': null })))).toEqual([]);
  });
  test('every required field of every sheet is checked', () => {
    const std = defaultStandard();
    const sheets = clean();
    for (const e of std.entities) for (const f of e.fields) if (f.required) sheets[e.sheet]![0]![f.header] = null;
    const r = verify(sheets);
    const n = std.entities.reduce((k, e) => k + e.fields.filter((f) => f.required).length, 0);
    // Site Status is required but, when blank, derived (T-SITE-STATUS) and proposed instead.
    expect(issuesOf(r, 'required')).toHaveLength(n - 1);
    expect(r.proposals.filter((p) => p.ruleId === 'T-SITE-STATUS')).toHaveLength(1);
  });
});

describe('type', () => {
  test.each([
    ['Sites', 'Subjects Screened', 'ten', 'J2', 'is not a whole number'],
    ['Sites', 'Subjects Screened', 10.5, 'J2', 'is not a whole number'],
    ['Sites', 'Subjects Screened', -1, 'J2', 'is negative'],
    ['Sites', 'Subjects Screened', '-3', 'J2', 'is negative'],
    ['Sites', 'Site Activation Date', 'soon', 'G2', 'is not a date'],
    ['Sites', 'Site Activation Date', '2021-02-30', 'G2', 'no such day'],
    ['Investigators', 'Email', 'ann.smith@', 'A2', 'is not a valid email address'],
    ['Investigators', 'Email', 'ann smith@mayo.org', 'A2', 'is not a valid email address'],
    ['Organizations', 'Country', 'Atlantis', 'H2', 'is not a country we recognise'],
    ['Organizations', 'Country', 'XX', 'H2', 'is not a country we recognise'],
    ['Organizations', 'Phone', '12345', 'I2', 'is not a valid phone number'],
  ])('%s.%s %p is a type error', (sheet, header, value, cell, words) => {
    const s = cleanWith(sheet, { [header]: value });
    // Keep the PI reference intact when the investigator's email itself is what is wrong.
    if (header === 'Email') s.Sites![0]!['Principal Investigator Email'] = null;
    const r = verify(s);
    const t = issuesOf(r, 'type');
    expect(t).toHaveLength(1);
    expect(t[0]!.cells[0]).toBe(cell);
    expect(t[0]!.severity).toBe('error');
    expect(issueMessage(t[0]!, header)).toContain(words);
  });
  test('a phone with no country code and no valid row country says so', () => {
    const r = verify(cleanWith('Organizations', { Country: 'Atlantis', Phone: '(507) 284-2511' }));
    const t = issuesOf(r, 'type').find((i) => i.field === 'phone')!;
    expect(t.params.detail).toBe('noCountry');
    expect(issueMessage(t, 'Phone')).toContain('has no country code');
  });
  test.each([
    ['a whole number stored as text', '12'],
    ['a count with a thousands separator', '1,200'],
    ['a real number that is whole', 12],
  ])('%s is a valid int', (_, v) => {
    const r = verify(cleanWith('Studies', { 'Planned Enrollment': v }));
    expect(issuesOf(r, 'type')).toEqual([]);
  });
  test('a text cell in a date field that reads as a date is a proposal, not an error', () => {
    const r = verify(cleanWith('Sites', { 'LSLV Date': '2022-05-01' }));
    expect(findings(r)).toEqual([]);
    expect(r.proposals.map((p) => [p.ruleId, p.to])).toEqual([['T-DATE', '2022-05-01']]);
  });
  test('an invalid Date object is a type error, not a crash', () => {
    const r = verify(cleanWith('Sites', { 'LSLV Date': new Date('nonsense') }));
    expect(findings(r)).toEqual(['type@Sites!I2']);
  });
  test('Excel error values (#N/A) are flagged where they stand', () => {
    const r = verify(cleanWith('Sites', { 'Subjects Screened': '#N/A', Country: '#N/A' }));
    expect(findings(r)).toEqual(['excelError@Sites!F2', 'excelError@Sites!J2']);
  });
});

describe('maxLength', () => {
  test('40 characters fit an Organization ID, 41 do not', () => {
    const ok = 'X'.repeat(40);
    const s = clean();
    s.Organizations![0]!['Organization ID'] = ok;
    s.Sites![0]!['Organization ID'] = ok;
    s.Investigators![0]!['Organization ID'] = ok;
    expect(findings(verify(s))).toEqual([]);
    const long = 'X'.repeat(41);
    const r = verify(cleanWith('Organizations', { 'Organization ID': long }));
    const m = issuesOf(r, 'maxLength');
    expect(m.map((i) => i.cells[0])).toEqual(['A2']);
    expect(m[0]!.params).toMatchObject({ length: 41, max: 40 });
    expect(issueMessage(m[0]!, 'Organization ID')).toBe('Organization ID is 41 characters long; at most 40 are allowed. Shorten it.');
  });
  test('length is counted after tidying (padding does not count)', () => {
    const r = verify(cleanWith('Organizations', { City: `  ${'a'.repeat(100)}  ` }));
    expect(issuesOf(r, 'maxLength')).toEqual([]);
    expect(r.proposals.map((p) => p.ruleId)).toEqual(['T-TRIM']);
  });
  test('a 32,767-character cell (Excel maximum) is a maxLength error with a short value in the message', () => {
    const r = verify(cleanWith('Studies', { 'Study Title': 'a'.repeat(32767) }));
    const m = issuesOf(r, 'maxLength')[0]!;
    expect(m.params.length).toBe(32767);
    expect(String(m.params.value).length).toBeLessThanOrEqual(60);
  });
});

describe('pattern', () => {
  test.each([
    ['Study Number', 'abc-123', true],
    ['Study Number', 'AB', true],
    ['Study Number', '-ABC', true],
    ['Study Number', 'ABC_123', true],
    ['Study Number', 'ABC', false],
    ['NCT Number', 'NCT1234567', true],
    ['NCT Number', 'nct01234567', true],
    ['NCT Number', 'NCT01234567', false],
    ['IND Number', '1234', true],
    ['IND Number', '1234567', true],
    ['IND Number', '12345', false],
    ['IND Number', 123456, false],
  ])('Studies.%s %p → pattern error: %p', (header, value, bad) => {
    const s = cleanWith('Studies', { [header]: value });
    if (header === 'Study Number') { s.Sites![0]!['Study Number'] = value; s['Site Staff']![0]!['Study Number'] = value; }
    const r = verify(s);
    expect(issuesOf(r, 'pattern').map((i) => issueMessage(i, header))).toEqual(bad ? [expect.stringContaining('does not have the expected form')] : []);
  });
});

describe('picklist', () => {
  test('a value outside the list with no mapping is an error naming the allowed values', () => {
    const r = verify(cleanWith('Organizations', { 'Organization Type': 'Hospitl' }));
    const p = issuesOf(r, 'picklist');
    expect(p.map((i) => i.cells[0])).toEqual(['C2']);
    expect(issueMessage(p[0]!, 'Organization Type')).toContain('Hospital, Clinic, University');
  });
  test('every listed value is accepted as is', () => {
    const std = defaultStandard();
    for (const v of std.entities[0]!.fields.find((f) => f.key === 'org_type')!.picklist!) {
      expect(findings(verify(cleanWith('Organizations', { 'Organization Type': v })))).toEqual([]);
    }
  });
  test('Title and Study Status are checked too', () => {
    const s = cleanWith('Investigators', { Title: 'Doctor' });
    s.Studies![0]!['Study Status'] = 'Ongoing';
    expect(findings(verify(s))).toEqual(['picklist@Studies!D2', 'picklist@Investigators!E2']);
  });
});

describe('unique', () => {
  test('a repeated Organization ID flags every occurrence', () => {
    const s = clean();
    s.Organizations!.push({ ...s.Organizations![0]!, 'Organization Name': 'Other' });
    const r = verify(s);
    expect(findings(r)).toEqual(['unique@Organizations!A2', 'unique@Organizations!A4']);
    expect(issueMessage(issuesOf(r, 'unique')[0]!, 'Organization ID')).toContain('appears 2 times in this sheet (rows 2, 4)');
  });
  test('Investigator emails are unique case-insensitively', () => {
    const s = clean();
    s.Investigators!.push({ ...s.Investigators![0]!, Email: 'ANN.SMITH@MAYO.ORG', 'First Name': 'Annie' });
    const r = verify(s);
    expect(findings(r)).toEqual(['unique@Investigators!A2', 'unique@Investigators!A3']);
  });
  test('Sites are unique by (study, site): same site number in another study is fine', () => {
    const s = clean();
    s.Studies!.push({ ...s.Studies![0]!, 'Study Number': 'XYZ-9', 'NCT Number': null });
    s.Sites!.push({ ...s.Sites![0]!, 'Study Number': 'XYZ-9' });
    s['Site Staff']!.push({ ...s['Site Staff']![0]!, 'Study Number': 'XYZ-9' });
    expect(findings(verify(s))).toEqual([]);
    s.Sites!.push({ ...s.Sites![0]! });
    const r = verify(s);
    const u = issuesOf(r, 'unique');
    expect(u.map((i) => i.cells)).toEqual([['B2', 'A2'], ['B4', 'A4']]);
    expect(u[0]!.value).toBe('ABC-123 / 001');
  });
  test('blank NCT Numbers do not collide; repeated ones do', () => {
    const s = clean();
    s.Studies![0]!['NCT Number'] = null;
    s.Studies!.push({ ...s.Studies![0]!, 'Study Number': 'XYZ-9' });
    expect(issuesOf(verify(s), 'unique')).toEqual([]);
    s.Studies![0]!['NCT Number'] = 'NCT00000001';
    s.Studies![1]!['NCT Number'] = ' NCT00000001 ';
    expect(issuesOf(verify(s), 'unique').map((i) => i.cells[0])).toEqual(['F2', 'F3']);
  });
});

describe('reference', () => {
  test('an unknown sponsor is a reference error on that cell', () => {
    const r = verify(cleanWith('Studies', { 'Sponsor Organization ID': 'ORG-NOPE' }));
    expect(findings(r)).toEqual(['reference@Studies!E2']);
    expect(issueMessage(issuesOf(r, 'reference')[0]!, 'Sponsor Organization ID')).toBe('Sponsor Organization ID "ORG-NOPE" is not on the Organizations sheet. Add it there or correct this value.');
  });
  test('a site reference in Site Staff is composite: (study, site) must exist together', () => {
    const s = clean();
    s.Studies!.push({ ...s.Studies![0]!, 'Study Number': 'XYZ-9', 'NCT Number': null });
    // Site 001 exists for ABC-123 only; XYZ-9 / 001 is not a site.
    s['Site Staff']!.push({ ...s['Site Staff']![0]!, 'Study Number': 'XYZ-9', Role: 'Study Coordinator' });
    const r = verify(s);
    const ref = issuesOf(r, 'reference');
    expect(ref.map((i) => [i.field, i.cells])).toEqual([['site_number', ['B3', 'A3']]]);
    expect(ref[0]!.value).toBe('XYZ-9 / 001');
  });
  test('email references compare case-insensitively (even without T-EMAIL lower-casing)', () => {
    const raw = JSON.parse(JSON.stringify(defaultStandard()));
    raw.transformations = raw.transformations.filter((t: { id: string }) => t.id !== 'T-EMAIL');
    const std = parseStandard(raw);
    const s = cleanWith('Sites', { 'Principal Investigator Email': 'Ann.Smith@Mayo.ORG' });
    s['Site Staff']![0]!.Email = 'ANN.SMITH@mayo.org';
    expect(issuesOf(verify(s, { std }), 'reference')).toEqual([]);
    expect(issuesOf(verify(s), 'reference')).toEqual([]);
    s['Site Staff']![0]!.Email = 'bob@mayo.org';
    expect(findings(verify(s, { std }))).toContain('reference@Site Staff!C2');
  });
  test('a key already in the target CTMS satisfies the reference', () => {
    const s = cleanWith('Studies', { 'Sponsor Organization ID': 'ORG-TARGET' });
    expect(findings(verify(s, { targetKeys: { organization: new Set(['ORG-TARGET']) } }))).toEqual([]);
    const r = verify(s, { targetKeys: { organization: new Set(['ORG-OTHER']) } });
    expect(issueMessage(issuesOf(r, 'reference')[0]!, 'Sponsor Organization ID')).toContain('nor in the target CTMS');
  });
  test('a reference to a sheet that is absent is an error (nothing to point at)', () => {
    const s = clean();
    delete s.Organizations;
    const r = verify(s);
    expect(issuesOf(r, 'reference').length).toBe(3);
    expect(r.issues.find((i) => i.ruleId === 'missingSheet')).toMatchObject({ sheet: 'Organizations', severity: 'info' });
  });
  test('references are compared after tidying and mapping (padded ids match)', () => {
    expect(findings(verify(cleanWith('Sites', { 'Organization ID': ' ORG-1\u00a0' })))).toEqual([]);
  });
});

describe('charset', () => {
  test.each([
    ['王', 'Chinese (Han)'],
    ['さくら', 'Japanese (kana)'],
    ['サクラ', 'Japanese (kana)'],
    ['김민준', 'Korean (Hangul)'],
    ['Иван', 'Cyrillic'],
    ['Ivan Петров', 'Cyrillic'],
  ])('%p in a Latin-only field is a charset error (%s)', (name, script) => {
    const r = verify(cleanWith('Investigators', { 'First Name': name }));
    const c = issuesOf(r, 'charset');
    expect(c.map((i) => i.cells[0])).toEqual(['B2']);
    expect(c[0]!.params.script).toBe(script);
    expect(issueMessage(c[0]!, 'First Name')).toContain('the target stores Latin script only');
  });
  test.each(['José', 'Müller-Lüdenscheidt', 'Łukasz Żółć', 'Ørsted', 'Françoise d’Aubigné', 'Nguyễn', 'Dvořák'])('accented Latin %p is fine', (name) => {
    expect(findings(verify(cleanWith('Investigators', { 'First Name': name, 'Last Name': name })))).toEqual([]);
  });
  test('fields that are not Latin-only accept other scripts', () => {
    expect(findings(verify(cleanWith('Investigators', { Degree: '医学博士', 'Middle Name': 'Иванович' })))).toEqual([]);
  });
  test('organization names and cities are Latin-only', () => {
    expect(findings(verify(cleanWith('Organizations', { 'Organization Name': '北京协和医院', City: '北京' })))).toEqual(['charset@Organizations!B2', 'charset@Organizations!E2']);
  });
});

describe('ambiguousDate', () => {
  test('03/04/2021 without a date order is a warning naming both readings', () => {
    const r = verify(cleanWith('Sites', { 'LSLV Date': '03/04/2022' }));
    const a = issuesOf(r, 'ambiguousDate');
    expect(a.map((i) => [i.cells[0], i.severity])).toEqual([['I2', 'warning']]);
    expect(a[0]!.params).toMatchObject({ optionA: '2022-03-04', optionB: '2022-04-03' });
    expect(issueMessage(a[0]!, 'LSLV Date')).toContain('could be 2022-03-04 or 2022-04-03');
    expect(r.proposals).toEqual([]);
    expect(r.summary.errors).toBe(0);
  });
  test.each([
    ['MDY', '2022-03-04'],
    ['DMY', '2022-04-03'],
  ] as const)('with --date-order %s it is a proposal', (order, iso) => {
    const r = verify(cleanWith('Sites', { 'LSLV Date': '03/04/2022' }), { dateOrder: order });
    expect(issuesOf(r, 'ambiguousDate')).toEqual([]);
    expect(r.proposals.map((p) => [p.ruleId, p.to])).toEqual([['T-DATE', iso]]);
  });
  test('a date that reads only one way (13/04/2022, 04/04/2022) is not ambiguous', () => {
    const r = verify(cleanWith('Sites', { 'LSLV Date': '13/04/2022' }));
    expect(issuesOf(r, 'ambiguousDate')).toEqual([]);
    expect(r.proposals.map((p) => p.to)).toEqual(['2022-04-13']);
    expect(verify(cleanWith('Sites', { 'LSLV Date': '04/04/2022' })).proposals.map((p) => p.to)).toEqual(['2022-04-04']);
  });
  test('with a date order, a date invalid in that order is a type error', () => {
    const r = verify(cleanWith('Sites', { 'LSLV Date': '13/04/2022' }), { dateOrder: 'MDY' });
    expect(findings(r)).toEqual(['type@Sites!I2']);
  });
  test('an ambiguous date takes no part in business rules (it is not known yet)', () => {
    const r = verify(cleanWith('Sites', { 'Site Activation Date': '03/04/2021', 'FSFV Date': d('2021-03-10') }));
    expect(findings(r)).toEqual(['ambiguousDate@Sites!G2']);
  });
});

test('WorkbookData from the builder puts extra columns after the standard ones', () => {
  const w = wb({ Sites: [{ 'Study Number': 'A', Notes: 'x' }] });
  expect(w.sheets[0]!.headers.slice(-2)).toEqual(['Subjects Completed', 'Notes']);
  expect(w.sheets[0]!.rows[0]![w.sheets[0]!.headers.length - 1]).toBe('x');
});

describe('int parsing edge cases', () => {
  test.each([',', '1,2', '12,34', '1,,000', '-'])('%p is not a whole number', (v) => {
    expect(findings(verify(cleanWith('Studies', { 'Planned Enrollment': v })))).toEqual(['type@Studies!I2']);
  });
  test.each([['1,200', 1200], ['12,345,678', 12345678], ['0', 0], ['7.0', 7]])('%p reads as %p', (v, n) => {
    const r = verify(cleanWith('Sites', { 'Subjects Screened': v, 'Subjects Enrolled': n + 1, 'Subjects Completed': 0 }));
    expect(findings(r)).toEqual(['R-ENR-02@Sites!K2']);
    expect(issuesOf(r, 'R-ENR-02')[0]!.params).toMatchObject({ left: n + 1, right: n });
  });
});
