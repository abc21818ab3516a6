import { clean, cleanWith, d, findings, issuesOf, verify, wb, type Sheets } from '../../testing/builders/wb';
import { defaultStandard } from '../../src/core/standard/load';
import { tidyText, isBlank } from '../../src/core/transform/text';
import { parseDateText, isoFromSerial, serialFromIso } from '../../src/core/transform/dates';
import { applyProposals, selectProposals } from '../../src/core/transform/apply';
import { issueMessage, proposalMessage } from '../../src/core/verify/messages';
import type { VerifyResult } from '../../src/core/verify/engine';

/** Every T-* rule of the standard: what it proposes, and that accepted proposals clear. */

const one = (sheet: string, header: string, value: unknown, opts = {}) => {
  const r = verify(cleanWith(sheet, { [header]: value as never }), opts);
  return { r, p: r.proposals, errors: findings(r) };
};

describe('T-TRIM', () => {
  test.each([
    ['  Mayo  Clinic ', 'Mayo Clinic'],
    ['Mayo\u00a0Clinic\u00a0', 'Mayo Clinic'],
    ['Ma\u200byo Clinic', 'Mayo Clinic'],
    ['\ufeffMayo Clinic', 'Mayo Clinic'],
    ['Mayo\tClinic\n', 'Mayo Clinic'],
    ['Mayo\u2003Clinic', 'Mayo Clinic'],
    ['Mayo\u00adClinic', 'MayoClinic'],
  ])('%p → %p', (from, to) => {
    const { p, errors } = one('Organizations', 'Organization Name', from);
    expect(errors).toEqual([]);
    expect(p.map((x) => [x.ruleId, x.steps, x.from, x.to])).toEqual([['T-TRIM', ['T-TRIM'], from, to]]);
  });
  test('tidyText and isBlank: NBSP-only and zero-width-only are blank', () => {
    expect(isBlank('\u00a0')).toBe(true);
    expect(isBlank('\u200b\u200b ')).toBe(true);
    expect(isBlank(' x ')).toBe(false);
    expect(isBlank(0)).toBe(false);
    expect(tidyText('Iber,   Frank   L    MD')).toBe('Iber, Frank L MD');
    expect(tidyText('clean text')).toBe('clean text');
  });
  test('applies to picklists, emails, countries and ids, and then the value is checked', () => {
    const s = cleanWith('Organizations', { 'Organization Type': ' Hospital ', Country: 'US\u00a0', 'Organization ID': 'ORG-1 ' });
    const r = verify(s);
    expect(findings(r)).toEqual([]);
    expect(r.proposals.map((p) => [p.field, p.to])).toEqual([['org_id', 'ORG-1'], ['org_type', 'Hospital'], ['country', 'US']]);
  });
  test('a clean value gets no proposal', () => {
    expect(one('Organizations', 'Organization Name', 'Mayo Clinic').p).toEqual([]);
  });
});

describe('T-EMAIL', () => {
  test('lower-cases, after trimming', () => {
    const s = cleanWith('Investigators', { Email: ' Ann.Smith@Mayo.ORG ' });
    const r = verify(s);
    expect(findings(r)).toEqual([]);
    expect(r.proposals.map((p) => [p.ruleId, p.steps, p.to])).toEqual([['T-EMAIL', ['T-TRIM', 'T-EMAIL'], 'ann.smith@mayo.org']]);
  });
  test('applies to every email field (Sites PI email, Site Staff email)', () => {
    const s = cleanWith('Sites', { 'Principal Investigator Email': 'ANN.SMITH@MAYO.ORG' });
    s['Site Staff']![0]!.Email = 'Ann.Smith@mayo.org';
    expect(verify(s).proposals.map((p) => [p.sheet, p.to])).toEqual([['Sites', 'ann.smith@mayo.org'], ['Site Staff', 'ann.smith@mayo.org']]);
  });
});

describe('T-ROLE', () => {
  const std = defaultStandard();
  const map = std.transformations.find((t) => t.id === 'T-ROLE')!.map!;
  test.each(Object.entries(map))('listed spelling %p → %p', (from, to) => {
    const { p, errors } = one('Site Staff', 'Role', from);
    expect(p.map((x) => [x.ruleId, x.to])).toEqual([['T-ROLE', to]]);
    // Mapped to PI or not, the only finding left is R-PI-02 when the PI's row is no longer a PI row.
    expect(errors.filter((e) => !e.startsWith('R-PI-02'))).toEqual([]);
  });
  test.each([
    ['investigator', 'Sub Investigator'], ['SUB-I', 'Sub Investigator'], ['Sub I', 'Sub Investigator'], ['sub_investigator', 'Sub Investigator'],
    ['co investigator', 'Sub Investigator'], ['P.I.', 'Principal Investigator'], ['pi', 'Principal Investigator'], ['Principal Inv', 'Principal Investigator'],
    ['crc', 'Study Coordinator'], ['study coordinator (CRC)', 'Study Coordinator'], ['COORDINATOR', 'Study Coordinator'],
    ['principal investigator', 'Principal Investigator'], ['Sub-Investigator ', 'Sub Investigator'],
  ])('matching ignores case and punctuation: %p → %p', (from, to) => {
    expect(one('Site Staff', 'Role', from).p.map((x) => x.to)).toEqual([to]);
  });
  test('an unknown role is a picklist error, not a guess', () => {
    const { p, errors } = one('Site Staff', 'Role', 'Investigator Assistant');
    expect(p).toEqual([]);
    expect(errors).toContain('picklist@Site Staff!D2');
  });
});

describe('T-PHASE', () => {
  test.each([
    ['I', 'Phase 1'], ['1', 'Phase 1'], ['Ph 1', 'Phase 1'], ['Phase I', 'Phase 1'], ['phase i', 'Phase 1'], [1, 'Phase 1'],
    ['II', 'Phase 2'], ['2', 'Phase 2'], ['Ph 2', 'Phase 2'], ['Phase II', 'Phase 2'], [2, 'Phase 2'],
    ['III', 'Phase 3'], ['3', 'Phase 3'], ['Ph. 3', 'Phase 3'], ['Phase III', 'Phase 3'],
    ['IV', 'Phase 4'], ['4', 'Phase 4'], ['Ph 4', 'Phase 4'], ['Phase IV', 'Phase 4'],
    ['I/II', 'Phase 1/2'], ['1/2', 'Phase 1/2'], ['Phase 1/Phase 2', 'Phase 1/2'],
    ['II/III', 'Phase 2/3'], ['2/3', 'Phase 2/3'], ['Phase 2/Phase 3', 'Phase 2/3'],
    ['N/A', 'Not Applicable'], ['NA', 'Not Applicable'], ['n/a', 'Not Applicable'], ['not applicable', 'Not Applicable'],
  ])('%p → %p', (from, to) => {
    const { p, errors } = one('Studies', 'Phase', from);
    expect(errors).toEqual([]);
    expect(p.map((x) => [x.ruleId, x.to])).toEqual([['T-PHASE', to]]);
  });
  test.each(['Phase 5', 'Early Phase 1', 'V'])('%p is a picklist error', (v) => {
    expect(one('Studies', 'Phase', v).errors).toEqual(['picklist@Studies!C2']);
  });
});

describe('T-COUNTRY', () => {
  test.each([
    ['USA', 'US'], ['United States of America', 'US'], ['U.S.', 'US'], ['United States', 'US'], ['us', 'US'],
    ['Korea, Republic of', 'KR'], ['South Korea', 'KR'], ['UK', 'GB'], ['Great Britain', 'GB'], ['United Kingdom', 'GB'],
    ['DEU', 'DE'], ['germany', 'DE'], ['FRA', 'FR'], ['Netherlands, The', 'NL'], ['Russian Federation', 'RU'],
    ["Côte d'Ivoire", 'CI'], ['Viet Nam', 'VN'], ['Türkiye', 'TR'],
  ])('%p → %p', (from, to) => {
    const s = cleanWith('Organizations', { Country: from });
    s.Organizations![0]!.Phone = null;
    const r = verify(s);
    expect(r.proposals.map((p) => [p.ruleId, p.to])).toEqual([['T-COUNTRY', to]]);
    expect(findings(r).filter((f) => !f.startsWith('R-CTRY-01'))).toEqual([]);
  });
  test.each(['Atlantis', 'Deutschland', 'U', 'Europe', 'Korea'])('%p is never guessed (type error)', (v) => {
    const { p, errors } = one('Investigators', 'Country', v);
    expect(p).toEqual([]);
    expect(errors).toEqual(['type@Investigators!J2']);
  });
});

describe('T-DATE', () => {
  test.each([
    ['2021-03-04', '2021-03-04', undefined],
    ['2021-03-04T10:30:00Z', '2021-03-04', undefined],
    ['2021/3/4', '2021-03-04', undefined],
    ['March 4, 2021', '2021-03-04', undefined],
    ['4 Mar 2021', '2021-03-04', undefined],
    ['4-Mar-2021', '2021-03-04', undefined],
    ['Sept 4, 2021', '2021-09-04', undefined],
    ['August 24, 1981', '1981-08-24', undefined],
    ['July 2001', '2001-07-01', 'no day given: first of the month'],
    ['2021-07', '2021-07-01', 'no day given: first of the month'],
    ['13/04/2021', '2021-04-13', undefined],
    ['4/13/21', '2021-04-13', 'two-digit year read as 2021'],
    ['44259', '2021-03-04', 'Excel serial number'],
  ])('text %p → %p', (from, iso, note) => {
    const { p, errors } = one('Studies', 'CSR Due Date', from);
    expect(errors).toEqual([]);
    expect(p.map((x) => [x.ruleId, x.to, x.toType, x.reason])).toEqual([['T-DATE', iso, 'date', note]]);
    // The reason, when there is one, is the message's only parenthesis.
    expect(/\(([^)]*)\)/.exec(proposalMessage(p[0]!))?.[1]).toBe(note);
  });
  test('an Excel serial number cell → date', () => {
    const { p } = one('Sites', 'LSLV Date', 44259);
    expect(p.map((x) => [x.ruleId, x.to, x.reason])).toEqual([['T-DATE', '2021-03-04', 'Excel serial number']]);
    expect(isoFromSerial(60)).toBe('1900-02-28'); // 60 is Excel's fictitious 29 Feb 1900: the day count still lands sensibly after it
    expect(isoFromSerial(61)).toBe('1900-03-01');
    expect(serialFromIso('2021-03-04')).toBe(44259);
    expect(isoFromSerial(0)).toBeNull();
  });
  test('a real date cell needs nothing', () => {
    expect(one('Sites', 'LSLV Date', d('2021-03-04')).p).toEqual([]);
  });
  test('ambiguous 03/04/2021: a warning without a date order, a proposal with MDY or DMY', () => {
    expect(parseDateText('03/04/2021')).toEqual({ kind: 'ambiguous', a: '2021-03-04', b: '2021-04-03' });
    expect(one('Sites', 'LSLV Date', '03/04/2021').errors).toEqual(['ambiguousDate@Sites!I2']);
    expect(one('Sites', 'LSLV Date', '03/04/2021', { dateOrder: 'MDY' }).p.map((x) => x.to)).toEqual(['2021-03-04']);
    expect(one('Sites', 'LSLV Date', '03/04/2021', { dateOrder: 'DMY' }).p.map((x) => x.to)).toEqual(['2021-04-03']);
    expect(one('Sites', 'LSLV Date', '03.04.2021', { dateOrder: 'DMY' }).p.map((x) => x.to)).toEqual(['2021-04-03']);
  });
  test.each(['31/31/2021', '2021-13-01', 'yesterday', '1st of never', '12345678'])('%p is not a date', (v) => {
    expect(one('Sites', 'LSLV Date', v).errors).toEqual(['type@Sites!I2']);
  });
});

describe('T-PHONE', () => {
  test('a local number gets the row country code', () => {
    const r = verify(cleanWith('Organizations', { Phone: '(507) 284-2511' }));
    expect(r.proposals.map((p) => [p.ruleId, p.to])).toEqual([['T-PHONE', '+15072842511']]);
  });
  test('the row country is read after T-COUNTRY (GB spelled "United Kingdom")', () => {
    const r = verify(cleanWith('Investigators', { Country: 'United Kingdom', Phone: '020 7946 0000' }));
    expect(r.proposals.map((p) => [p.field, p.to])).toEqual([['country', 'GB'], ['phone', '+442079460000']]);
  });
  test('an international number keeps its own code whatever the row country', () => {
    expect(one('Organizations', 'Phone', '+44 20 7946 0000').p.map((x) => x.to)).toEqual(['+442079460000']);
    expect(one('Organizations', 'Phone', '0044 20 7946 0000').p.map((x) => x.to)).toEqual(['+442079460000']);
  });
  test('E.164 already: no proposal', () => {
    const { p, errors } = one('Organizations', 'Phone', '+442079460000');
    expect(p).toEqual([]);
    expect(errors).toEqual([]);
  });
  test('a phone typed as a number becomes E.164 text', () => {
    expect(one('Organizations', 'Phone', 5072842511).p.map((x) => [x.to, x.toType])).toEqual([['+15072842511', 'text']]);
  });
  test('an impossible number is a type error', () => {
    expect(one('Organizations', 'Phone', '+1 555').errors).toEqual(['type@Organizations!I2']);
  });
});

describe('T-SITE-STATUS', () => {
  test.each([
    ['Open', 'Enrolling'], ['Recruiting', 'Enrolling'], ['Active', 'Enrolling'], ['recruiting', 'Enrolling'],
    ['Closed-out', 'Closed'], ['Closed Out', 'Closed'], ['Not yet recruiting', 'Planned'], ['Withdrawn', 'Cancelled'],
    ['closed to enrollment', 'Closed to Enrollment'],
  ])('%p → %p', (from, to) => {
    const s = cleanWith('Sites', { 'Site Status': from, 'LSLV Date': d('2022-01-01'), 'Subjects Enrolled': 0, 'Subjects Completed': 0 });
    const r = verify(s);
    expect(r.proposals.map((p) => [p.ruleId, p.to])).toEqual([['T-SITE-STATUS', to]]);
    expect(issuesOf(r, 'picklist')).toEqual([]);
  });
  const derive = (changes: Record<string, unknown>) => {
    const r = verify(cleanWith('Sites', { 'Site Status': null, ...changes } as never));
    return { to: r.proposals.map((p) => [p.ruleId, p.to, p.reason]), errors: findings(r) };
  };
  test('blank with LSLV Date → Closed', () => {
    expect(derive({ 'LSLV Date': d('2022-01-01') })).toEqual({ to: [['T-SITE-STATUS', 'Closed', 'derived: lslv_date set']], errors: [] });
  });
  test('blank with FSFV Date → Enrolling', () => {
    expect(derive({}).to).toEqual([['T-SITE-STATUS', 'Enrolling', 'derived: fsfv_date set']]);
  });
  test('blank with enrolled subjects and no FSFV → Enrolling (and R-STAT-03 still warns)', () => {
    expect(derive({ 'FSFV Date': null })).toEqual({ to: [['T-SITE-STATUS', 'Enrolling', 'derived: subjects_enrolled set']], errors: ['R-STAT-03@Sites!H2'] });
  });
  test('blank with only an activation date → Initiated', () => {
    expect(derive({ 'FSFV Date': null, 'Subjects Enrolled': 0, 'Subjects Completed': 0 }).to).toEqual([['T-SITE-STATUS', 'Initiated', 'derived: activation_date set']]);
  });
  test('blank with nothing → Planned; the blank is never a required error', () => {
    const r = derive({ 'FSFV Date': null, 'Site Activation Date': null, 'Subjects Enrolled': null, 'Subjects Completed': null, 'Subjects Screened': null });
    expect(r).toEqual({ to: [['T-SITE-STATUS', 'Planned', 'derived: no dates or enrolment yet']], errors: [] });
  });
  test('the derived status is what business rules see (blank + LSLV → Closed: no R-STAT-02)', () => {
    expect(derive({ 'LSLV Date': d('2022-01-01') }).errors).toEqual([]);
  });
  test('an unmapped status is a picklist error', () => {
    expect(findings(verify(cleanWith('Sites', { 'Site Status': 'Suspended' })))).toEqual(['picklist@Sites!E2']);
  });
});

describe('T-FSFV', () => {
  test('an FSFV column with values is marked for review (info), never changed', () => {
    const r = verify(clean());
    const marks = issuesOf(r, 'T-FSFV');
    expect(marks.map((i) => [i.sheet, i.cells, i.severity])).toEqual([['Sites', ['H1'], 'info']]);
    expect(issueMessage(marks[0]!, 'FSFV Date')).toMatch(/FSFV Date.*review/);
    expect(r.proposals).toEqual([]);
  });
  test('on Studies too, and not when the column is empty', () => {
    const s = cleanWith('Studies', { 'FSFV Date': d('2021-01-01') });
    for (const x of s.Sites!) x['FSFV Date'] = null;
    s.Sites![0]!['Subjects Enrolled'] = 0;
    s.Sites![0]!['Subjects Completed'] = 0;
    expect(issuesOf(verify(s), 'T-FSFV').map((i) => [i.sheet, i.cells])).toEqual([['Studies', ['J1']]]);
  });
});

describe('accepting proposals', () => {
  function messy(): Sheets {
    const s = clean();
    s.Organizations![0]!.Country = 'USA';
    s.Organizations![0]!['Organization Name'] = ' Mayo  Clinic ';
    s.Organizations![1]!.Country = 'United States';
    s.Studies![0]!.Phase = 'Phase II';
    s.Sites![0]!['Site Status'] = 'Recruiting';
    s.Sites![0]!['LSLV Date'] = 'March 4, 2023';
    s.Investigators![0]!.Email = 'Ann.Smith@Mayo.org';
    s['Site Staff']![0]!.Role = 'PI';
    return s;
  }
  const cellsOf = (r: VerifyResult) => r.proposals.map((p) => `${p.sheet}!${p.col}:${p.row}`);

  test('all: nothing left to propose, nothing new wrong', () => {
    const w = wb(messy());
    const r = verify(w);
    expect(r.proposals).toHaveLength(8);
    const { workbook, changes } = applyProposals(w, selectProposals(r.proposals, { all: true }));
    expect(changes).toHaveLength(8);
    const again = verify(workbook);
    expect(again.proposals).toEqual([]);
    expect(findings(again)).toEqual(findings(r));
    // the input is untouched: the change list is the way back
    expect(verify(w).proposals).toHaveLength(8);
    expect(changes.find((c) => c.ruleId === 'T-DATE')).toMatchObject({ before: 'March 4, 2023', after: d('2023-03-04') });
  });
  test('one rule: only that rule\'s cells clear (steps count: T-TRIM is part of a trimmed country)', () => {
    const w = wb(messy());
    const r = verify(w);
    const chosen = selectProposals(r.proposals, { rules: ['T-COUNTRY'] });
    expect(chosen.map((p) => p.to)).toEqual(['US', 'US']);
    const again = verify(applyProposals(w, chosen).workbook);
    expect(again.proposals.filter((p) => p.ruleId === 'T-COUNTRY')).toEqual([]);
    expect(again.proposals).toHaveLength(6);
    const trimmed = selectProposals(r.proposals, { rules: ['T-TRIM'] });
    expect(trimmed.map((p) => p.field)).toEqual(['org_name']);
  });
  test('one cell ("Sheet!A1"): only that cell clears', () => {
    const w = wb(messy());
    const r = verify(w);
    const chosen = selectProposals(r.proposals, { cells: ['Site Staff!D2'] });
    expect(chosen.map((p) => p.to)).toEqual(['Principal Investigator']);
    const again = verify(applyProposals(w, chosen).workbook);
    expect(cellsOf(again)).toEqual(cellsOf(r).filter((c) => c !== 'Site Staff!3:2'));
  });
  test('a derived status, once accepted, is a real value', () => {
    const w = wb(cleanWith('Sites', { 'Site Status': null }));
    const r = verify(w);
    const again = verify(applyProposals(w, r.proposals).workbook);
    expect(again.proposals).toEqual([]);
    expect(findings(again)).toEqual([]);
  });
});

describe('columns and headers', () => {
  test('a missing required column is one issue per sheet (not one per row)', () => {
    const s = clean();
    s.Organizations!.push({ ...s.Organizations![1]!, 'Organization ID': 'ORG-3' });
    const headers = defaultStandard().entities[0]!.fields.map((f) => f.header).filter((h) => h !== 'City' && h !== 'Phone');
    const r = verify(wb(s, { headers: { Organizations: headers } }));
    const req = issuesOf(r, 'required');
    expect(req.map((i) => [i.sheet, i.row, i.field, i.cells])).toEqual([['Organizations', 1, 'city', ['H1']]]);
    expect(issueMessage(req[0]!, 'City')).toBe('The column "City" is missing from sheet Organizations. Add a column with this header (row 1); every row needs it.');
    expect(findings(r)).toEqual(['required@Organizations!H1']); // Phone is optional: no issue
  });
  test('each extra column is one info, kept', () => {
    const s = clean();
    s.Organizations![0]!.Notes = 'call first';
    s.Organizations![1]!['Legacy ID'] = 7;
    const r = verify(s);
    const extra = r.issues.filter((i) => i.ruleId === 'extraColumn');
    expect(extra.map((i) => [i.cells[0], i.value, i.severity])).toEqual([['J1', 'Notes', 'info'], ['K1', 'Legacy ID', 'info']]);
    expect(issueMessage(extra[0]!, '')).toBe('Column "Notes" is not part of the standard; it is kept but not checked or sent.');
    expect(findings(r)).toEqual([]);
  });
  test('header matching ignores case, spacing, punctuation and order; cells point at the columns as given', () => {
    const std = defaultStandard();
    const org = std.entities[0]!.fields.map((f) => f.header);
    const odd = ['country', 'ORGANIZATION  ID', 'organization_name', 'Organization-Type', 'address line 1', 'city', 'State / Province', 'postal code', ' Phone '];
    const s = cleanWith('Organizations', { 'Organization Type': 'Hospitl' });
    const w = wb(s);
    const sh = w.sheets.find((x) => x.name === 'Organizations')!;
    // Re-order columns: put Country first, as in `odd`.
    const order = [7, 0, 1, 2, 3, 4, 5, 6, 8];
    sh.headers = odd;
    sh.rows = sh.rows.map((row) => order.map((i) => row[i] ?? null));
    expect(order.map((i) => org[i])).toEqual(['Country', 'Organization ID', 'Organization Name', 'Organization Type', 'Address Line 1', 'City', 'State/Province', 'Postal Code', 'Phone']);
    const r = verify(w);
    expect(findings(r)).toEqual(['picklist@Organizations!D2']);
    expect(r.issues.filter((i) => i.sheet === 'Organizations' && i.severity === 'info')).toEqual([]);
  });
  test('a sheet name that differs only in case and spacing is found', () => {
    const s = clean();
    s['site staff'] = s['Site Staff']!;
    delete s['Site Staff'];
    const w = wb(s);
    w.sheets.find((x) => x.name === 'site staff')!.headers = defaultStandard().entities[4]!.fields.map((f) => f.header);
    expect(findings(verify(w))).toEqual([]);
  });
});
