import { d, wb, type Row } from '../../testing/builders/wb';
import { defaultStandard } from '../../src/core/standard/load';
import { createVerifySession } from '../../src/core/verify/engine';

/**
 * The engine keeps each column's effective values as numbers into a table of
 * the field's distinct values, and a row's own value past the table's bound
 * (50,000 distinct values). These tests hold set checks and the verified
 * values to the same answers on both sides of the bound, and on rows added
 * after the first verification (live re-validation).
 */

const site = (i: number, changes: Row = {}): Row => ({
  'Study Number': 'ABC-123', 'Site Number': String(i + 1).padStart(6, '0'), 'Organization ID': `ORG-${i}`,
  'Principal Investigator Email': `pi${i}@site.org`, 'Site Status': 'Enrolling', Country: 'US',
  'Site Activation Date': d('2021-01-04'), 'FSFV Date': d('2021-02-01'), 'Subjects Screened': 10, 'Subjects Enrolled': 8, 'Subjects Completed': 5,
  ...changes,
});

describe('past the bound on distinct values', () => {
  const N = 60_000;
  // Site numbers repeated from below and above the bound, each by one extra row.
  const repeated = [3, 49_999, 50_000, 55_555, 59_999];
  const unknownOrgs = new Set([7, 51_000, 59_998]);
  const rows = Array.from({ length: N }, (_, i) => site(i));
  repeated.forEach((i, k) => rows.push(site(N + k, { 'Site Number': rows[i]!['Site Number'] })));
  // Values past the bound that need a change: an upper-case address, a country spelt out, a text date.
  rows[58_000] = site(58_000, { 'Principal Investigator Email': 'PI58000@SITE.ORG', Country: 'USA', 'FSFV Date': '2021-02-03' });
  const orgs = new Set(rows.map((_, i) => `ORG-${i}`).filter((_, i) => !unknownOrgs.has(i)));
  const people = new Set(rows.map((_, i) => `pi${i}@site.org`));
  const session = createVerifySession(defaultStandard(), wb({ Sites: rows }), {
    targetKeys: { study: new Set(['ABC-123']), organization: orgs, person: people }, today: '2026-12-02',
  });
  const issues = session.result.issues;

  test('every repeated key is found, on both rows, wherever its first row lies', () => {
    const unique = issues.filter((i) => i.ruleId === 'unique').map((i) => i.row).sort((a, b) => a - b);
    const expected = repeated.flatMap((i, k) => [i + 2, N + k + 2]).sort((a, b) => a - b);
    expect(unique).toEqual(expected);
  });

  test('every unknown reference is found, and only those', () => {
    const refs = issues.filter((i) => i.ruleId === 'reference');
    expect(refs.map((i) => [i.row, i.value])).toEqual([...unknownOrgs].map((i) => [i + 2, `ORG-${i}`]));
  });

  test('a value past the bound reads as its transformation makes it', () => {
    const v = session.verifiedSheet('site')!;
    expect(v.value(58_000, 'pi_email')).toBe('pi58000@site.org');
    expect(v.value(58_000, 'country')).toBe('US');
    expect(v.value(58_000, 'fsfv_date')).toBe('2021-02-03');
    expect(v.value(N + 4, 'site_number')).toBe(rows[59_999]!['Site Number']);
    expect(v.value(N - 1, 'org_id')).toBe(`ORG-${N - 1}`);
    expect(v.value(N - 1, 'subjects_screened')).toBe(10);
    // The address resolves case-insensitively: no reference issue for it, only its proposal.
    expect(issues.filter((i) => i.row === 58_002)).toEqual([]);
    expect(session.result.proposals.filter((p) => p.row === 58_002).map((p) => p.field).sort()).toEqual(['country', 'fsfv_date', 'pi_email']);
  });

  test('nothing else is reported', () => {
    // Sheet-level notes (the other sheets missing, the FSFV column's recorded decision) sit on row 1.
    expect(issues.filter((i) => i.row > 1 && i.ruleId !== 'unique' && i.ruleId !== 'reference').map((i) => i.ruleId)).toEqual([]);
  });
});

describe('rows added after the first verification', () => {
  test('take their values and join the set checks', () => {
    const session = createVerifySession(defaultStandard(), wb({ Sites: [site(0), site(1)] }), { today: '2026-12-02' });
    const sheet = session.result;
    expect(sheet.issues.filter((i) => i.ruleId === 'unique')).toEqual([]);
    const headers = wb({ Sites: [site(0)] }).sheets[0]!.headers;
    const values = (r: Row) => headers.map((h) => r[h] ?? null);
    // Far more rows than the first verification had room for; the last repeats the first site.
    const added = Array.from({ length: 40 }, (_, k) => ({ rowNumber: 4 + k, values: values(site(2 + k, { Country: 'USA' })) }));
    added.push({ rowNumber: 44, values: values(site(0, { 'Subjects Completed': 9 })) });
    const res = session.updateRows('Sites', added);
    expect(res.issues.filter((i) => i.ruleId === 'unique').map((i) => i.row)).toEqual([2, 44]);
    expect(res.issues.filter((i) => i.ruleId === 'R-ENR-03').map((i) => i.row)).toEqual([44]);
    const v = session.verifiedSheet('site')!;
    expect(v.value(41, 'country')).toBe('US');
    expect(v.value(41, 'site_number')).toBe('000042');
    expect(v.value(42, 'subjects_completed')).toBe(9);
    expect(v.value(43, 'country')).toBeNull();
  });

  test('a changed row reads its new values', () => {
    const session = createVerifySession(defaultStandard(), wb({ Sites: [site(0), site(1)] }), { today: '2026-12-02' });
    const headers = wb({ Sites: [site(0)] }).sheets[0]!.headers;
    const res = session.updateRows('Sites', [{ rowNumber: 3, values: headers.map((h) => site(1, { 'Site Number': '000001', Country: null })[h] ?? null) }]);
    expect(res.issues.filter((i) => i.ruleId === 'unique').map((i) => i.row)).toEqual([2, 3]);
    expect(session.verifiedSheet('site')!.value(1, 'country')).toBeNull();
  });
});

describe('comparisons of fields with few values (compared by rank)', () => {
  test('find exactly the rows whose values break the rule, equal values passing', () => {
    // 200 rows of a few distinct counts and days: the comparison reads ranks, not values.
    const rows = Array.from({ length: 200 }, (_, i) => site(i, {
      'Subjects Screened': 10 + (i % 3), 'Subjects Enrolled': 8, 'Subjects Completed': i % 50 === 7 ? 9 : i % 50 === 8 ? 8 : 5,
      'FSFV Date': d('2021-02-01'), 'LSLV Date': i % 40 === 3 ? d('2021-01-31') : i % 40 === 4 ? d('2021-02-01') : d('2022-01-01'),
    }));
    const r = createVerifySession(defaultStandard(), wb({ Sites: rows }), { today: '2026-12-02' }).result;
    const rowsOf = (id: string) => r.issues.filter((i) => i.ruleId === id).map((i) => i.row);
    expect(rowsOf('R-ENR-03')).toEqual([7, 57, 107, 157].map((i) => i + 2));
    expect(rowsOf('R-DATE-02')).toEqual([3, 43, 83, 123, 163].map((i) => i + 2));
    expect(rowsOf('R-ENR-01')).toEqual([]);
  });
});

describe('the column pass reads a clean date or count seen before from its slot', () => {
  // Days and counts that repeat, beside their awkward neighbours: a time of day, an invalid date, a date
  // before 1900, counts past the slots, a fraction, a negative, text in number columns, serials in date columns.
  const awkward: Row[] = [
    { 'Site Activation Date': d('2021-01-04'), 'Subjects Screened': 10 },
    { 'Site Activation Date': new Date(Date.UTC(2021, 0, 4, 10, 30)), 'Subjects Screened': 4095 },
    { 'Site Activation Date': new Date(Number.NaN), 'Subjects Screened': 4096 },
    { 'Site Activation Date': new Date(Date.UTC(1899, 11, 29)), 'Subjects Screened': 2.5 },
    { 'Site Activation Date': 44200, 'Subjects Screened': -1 },
    { 'Site Activation Date': '2021-01-04', 'Subjects Screened': '12' },
    { 'Site Activation Date': '04/01/2021', 'Subjects Screened': 'ten' },
    { 'Site Activation Date': null, 'Subjects Screened': null },
  ];
  const rows = Array.from({ length: 400 }, (_, i) => site(i, awkward[i % awkward.length]!));
  const full = createVerifySession(defaultStandard(), wb({ Sites: rows }), { today: '2026-12-02' });

  test('and finds what the row-by-row pass finds, cell for cell', () => {
    // Re-verifying every row takes the row path (live re-validation), which never reads the slots.
    const again = createVerifySession(defaultStandard(), wb({ Sites: rows }), { today: '2026-12-02' });
    const { sheets: [sheet] } = wb({ Sites: rows });
    const byRow = again.updateRows('Sites', sheet!.rows.map((values, r) => ({ rowNumber: r + 2, values })));
    const key = (x: { row: number; col: number; ruleId: string }) => `${x.row}:${x.col}:${x.ruleId}`;
    const sorted = <T extends { row: number; col: number; ruleId: string }>(xs: T[]) => [...xs].sort((a, b) => key(a).localeCompare(key(b)));
    expect(sorted(full.result.issues)).toEqual(sorted(byRow.issues));
    expect(sorted(full.result.proposals)).toEqual(sorted(byRow.proposals));
    const a = full.verifiedSheet('site')!, b = again.verifiedSheet('site')!;
    for (let r = 0; r < rows.length; r++) {
      for (const f of ['activation_date', 'subjects_screened']) expect([r, f, a.value(r, f)]).toEqual([r, f, b.value(r, f)]);
    }
  });

  test('each awkward cell reads as its own analysis makes it', () => {
    const v = full.verifiedSheet('site')!;
    const at = (k: number, f: string) => v.value(k, f);
    // 04/01/2021 waits for the workbook's date order (day or month first): no value yet.
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((k) => at(k + 8, 'activation_date'))).toEqual(['2021-01-04', '2021-01-04', null, null, '2021-01-04', '2021-01-04', null, null]);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((k) => at(k + 8, 'subjects_screened'))).toEqual([10, 4095, 4096, null, null, 12, null, null]);
  });
});
