import { defaultStandard } from '../../src/core/standard/load';
import type { WorkbookData } from '../../src/core/model/sheet';
import {
  applyOverrides, canOverride, encodeOverrides, makeOverride, overrideDecision, overrideKey, parseOverrides, whyNotOverridable,
  withOverriddenIssues, withOverride, withoutOverride, type FlagOverride,
} from '../../src/core/verify/overrides';
import type { Issue } from '../../src/core/model/issue';
import { computeKpis } from '../../src/core/kpi';
import { clean, cleanWith, verify, wb, type Sheets } from '../../testing/builders/wb';

/** Manual overrides of flags: which may be overridden, stable keys, applying, staleness, storage. */

const std = defaultStandard();
const AT = new Date('2024-06-30T12:00:00Z');

/** clean() with site 001 enrolling more than it screened (R-ENR-02, an error) and a second, clean site 002. */
function enrolment(): Sheets {
  const s = cleanWith('Sites', { 'Subjects Enrolled': 12, 'Subjects Completed': 5 });
  s.Sites!.push({ ...s.Sites![0]!, 'Site Number': '002', 'Subjects Enrolled': 8 });
  return s;
}

function run(sheets: Sheets) {
  const data = wb(sheets);
  return { data, result: verify(data) };
}

const enr = (r: { issues: Issue[] }) => r.issues.filter((i) => i.ruleId === 'R-ENR-02');

function overrideOf(sheets: Sheets, pick: (i: Issue) => boolean, reason = 'Screening log incomplete; confirmed with the site') {
  const { data, result } = run(sheets);
  const issue = result.issues.find(pick)!;
  return makeOverride(std, issue, data, result.proposals, { reason, by: 'Dana Steward', at: AT });
}

/** Insert a row at the top of a sheet, pushing the others down (as Excel's "Insert row" does). */
function insertTop(data: WorkbookData, sheet: string, values: (string | number | null)[]): WorkbookData {
  return {
    sheets: data.sheets.map((s) => (s.name !== sheet ? s : { ...s, rows: [values, ...s.rows], rowNumbers: [2, ...s.rowNumbers.map((n) => n + 1)] })),
  };
}

describe('what may be overridden', () => {
  const base: Pick<Issue, 'row'> = { row: 5 };
  test.each([
    ['warning', 'crossField', true], ['warning', 'ambiguousDate', true],
    ['error', 'crossField', true], ['error', 'reference', true], ['error', 'unique', true], ['error', 'charset', true],
    ['error', 'required', false], ['error', 'type', false], ['error', 'picklist', false], ['error', 'maxLength', false], ['error', 'pattern', false],
    ['info', 'crossField', false], ['info', 'structure', false],
  ] as const)('%s %s → %s', (severity, family, ok) => {
    expect(canOverride({ ...base, severity, family })).toBe(ok);
  });

  test('a missing column (row 1) cannot be overridden, and the refusal says what to do instead', () => {
    expect(whyNotOverridable({ row: 1, severity: 'error', family: 'required' })).toMatch(/add the column/);
    expect(whyNotOverridable({ row: 4, severity: 'error', family: 'type' })).toMatch(/target would reject/);
  });

  test('makeOverride refuses a required error, a blank reason and an unnamed author', () => {
    const s = cleanWith('Investigators', { 'Last Name': null });
    const { data, result } = run(s);
    const required = result.issues.find((i) => i.family === 'required')!;
    expect(() => makeOverride(std, required, data, [], { reason: 'x', by: 'Dana' })).toThrow(/cannot be overridden/);
    const { data: d2, result: r2 } = run(enrolment());
    expect(() => makeOverride(std, enr(r2)[0]!, d2, [], { reason: '   ', by: 'Dana' })).toThrow(/needs a reason/);
    expect(() => makeOverride(std, enr(r2)[0]!, d2, [], { reason: 'ok', by: ' ' })).toThrow(/who made it/);
  });
});

describe('stable keys', () => {
  test('made of sheet, rule, field and the external-id values, not the row number', () => {
    const { data, result } = run(enrolment());
    const issue = enr(result)[0]!;
    expect(overrideKey(std, issue, data)).toBe(JSON.stringify(['Sites', 'R-ENR-02', issue.field, 'abc-123', '001']));
  });

  test('survive a row inserted above, and accepting a transformation of an id field', () => {
    const o = overrideOf(enrolment(), (i) => i.ruleId === 'R-ENR-02');
    const { data } = run(enrolment());
    const moved = insertTop(data, 'Sites', ['ABC-123', '000', 'ORG-1', 'ann.smith@mayo.org', 'Enrolling', 'US']);
    const r = verify(moved);
    expect(enr(r).map((i) => i.row)).toEqual([3]);
    expect(overrideKey(std, enr(r)[0]!, moved, r.proposals)).toBe(o.key);
    const applied = applyOverrides(r, [o], std, moved);
    expect(applied.overridden.map((i) => [i.row, i.ruleId])).toEqual([[3, 'R-ENR-02']]);
    expect(applied.stale).toEqual([]);

    // Site Staff's id includes role and start date: a pending T-DATE proposal reads as the date it will write.
    const staff = clean();
    staff['Site Staff']![0]!['Start Date'] = '4 Jan 2021';
    staff['Site Staff']![0]!.Email = 'ANN.SMITH@mayo.org ';
    const { data: before, result: rb } = run(staff);
    const issue: Issue = { ...enr(run(enrolment()).result)[0]!, sheet: 'Site Staff', row: 2, field: 'role', ruleId: 'R-PI-01' };
    expect(rb.proposals.some((p) => p.sheet === 'Site Staff' && p.to === '2021-01-04')).toBe(true);
    expect(overrideKey(std, issue, before, rb.proposals)).toBe(overrideKey(std, issue, wb(clean())));
  });

  test('a row without a complete id is known by its number', () => {
    const s = enrolment();
    s.Sites![0]!['Site Number'] = null;
    const { data, result } = run(s);
    expect(overrideKey(std, enr(result)[0]!, data)).toBe(JSON.stringify(['Sites', 'R-ENR-02', 'subjects_enrolled', '#2']));
  });
});

describe('applyOverrides', () => {
  test('takes the overridden issue out of the list and the counts, and lists it apart', () => {
    const { data, result } = run(enrolment());
    const o = overrideOf(enrolment(), (i) => i.ruleId === 'R-ENR-02');
    const out = applyOverrides(result, [o], std, data);
    expect(enr(out.result)).toEqual([]);
    expect(out.result.summary.errors).toBe(result.summary.errors - 1);
    expect(out.result.summary.warnings).toBe(result.summary.warnings);
    expect(out.overridden).toHaveLength(1);
    expect(out.overridden[0]).toMatchObject({ ruleId: 'R-ENR-02', row: 2, override: { reason: o.reason, by: 'Dana Steward', at: AT.toISOString() } });
    expect(out.result.issues.length + out.overridden.length).toBe(result.issues.length);
    // No overrides: the very same result.
    expect(applyOverrides(result, [], std, data).result).toBe(result);
    expect(withOverriddenIssues(out.result, out.overridden).summary).toEqual(result.summary);
  });

  test('a warning can be overridden too', () => {
    const s = cleanWith('Sites', { 'FSFV Date': null }); // R-STAT-03: enrolled but no FSFV date
    const { data, result } = run(s);
    const w = result.issues.find((i) => i.ruleId === 'R-STAT-03')!;
    expect(w.severity).toBe('warning');
    const o = makeOverride(std, w, data, result.proposals, { reason: 'FSFV not yet reported by the site', by: 'Dana', at: AT });
    const out = applyOverrides(result, [o], std, data);
    expect(out.result.summary.warnings).toBe(result.summary.warnings - 1);
  });

  test('an override whose flag is fixed, or whose value changed, is reported stale and covers nothing', () => {
    const o = overrideOf(enrolment(), (i) => i.ruleId === 'R-ENR-02');
    const fixed = cleanWith('Sites', { 'Subjects Enrolled': 8 });
    const { data: d1, result: r1 } = run(fixed);
    expect(applyOverrides(r1, [o], std, d1)).toMatchObject({ overridden: [], stale: [{ why: 'gone' }] });

    const other = cleanWith('Sites', { 'Subjects Enrolled': 15 });
    const { data: d2, result: r2 } = run(other);
    const out = applyOverrides(r2, [o], std, d2);
    expect(out.overridden).toEqual([]);
    expect(out.stale).toMatchObject([{ why: 'changed', now: { ruleId: 'R-ENR-02', value: 15 } }]);
    expect(out.result.summary.errors).toBe(r2.summary.errors);
  });

  test('rows with equal ids (a uniqueness flag on both copies): each override claims one, nearest its row', () => {
    const s = clean();
    s.Organizations!.push({ ...s.Organizations![0]! });
    const { data, result } = run(s);
    const dupes = result.issues.filter((i) => i.family === 'unique' && i.sheet === 'Organizations');
    expect(dupes.map((i) => i.row)).toEqual([2, 4]);
    const second = makeOverride(std, dupes[1]!, data, result.proposals, { reason: 'Two legal entities, same id in the source', by: 'Dana', at: AT });
    expect(second.key).toBe(overrideKey(std, dupes[0]!, data));
    const one = applyOverrides(result, [second], std, data);
    expect(one.overridden.map((i) => i.row)).toEqual([4]);
    const first = makeOverride(std, dupes[0]!, data, result.proposals, { reason: 'idem', by: 'Dana', at: AT });
    const both = applyOverrides(result, withOverride([second], first), std, data);
    expect(both.overridden.map((i) => i.row).sort()).toEqual([2, 4]);
  });

  test('the KPIs count an applied override as overridden, not as an error', () => {
    const { data, result } = run(enrolment());
    const o = overrideOf(enrolment(), (i) => i.ruleId === 'R-ENR-02');
    const out = applyOverrides(result, [o], std, data);
    const plain = computeKpis(std, data, result);
    const k = computeKpis(std, data, withOverriddenIssues(out.result, out.overridden), { decisions: out.overridden.map((i) => overrideDecision(i, i.override)) });
    expect(k.qc.overridden).toBe(1);
    expect(k.qc.errors).toBe(plain.qc.errors - 1);
    expect(k.accuracy.records.passed).toBe(plain.accuracy.records.passed + 1);
  });
});

describe('storing overrides', () => {
  const o: FlagOverride = {
    key: '["Sites","R-ENR-02","subjects_enrolled","abc-123","001"]', sheet: 'Sites', row: 2, cells: ['K2', 'J2'], ruleId: 'R-ENR-02',
    severity: 'error', value: 12, reason: 'Confirmed with the site', by: 'Dana Steward', at: AT.toISOString(),
  };

  test('round-trips, and add / remove keep one override per flag and row', () => {
    expect(parseOverrides(encodeOverrides([o]))).toEqual([o]);
    const again = { ...o, reason: 'Better reason', at: '2024-07-01T00:00:00.000Z' };
    expect(withOverride([o], again)).toEqual([again]);
    expect(withOverride([o], { ...o, row: 3 })).toHaveLength(2);
    expect(withoutOverride([o, { ...o, row: 3 }], o)).toEqual([{ ...o, row: 3 }]);
  });

  test('malformed or foreign values are dropped, never trusted', () => {
    expect(parseOverrides('{not json')).toEqual([]);
    expect(parseOverrides(JSON.stringify([o]))).toEqual([]);
    expect(parseOverrides(JSON.stringify({ v: 2, overrides: [o] }))).toEqual([]);
    expect(parseOverrides(JSON.stringify({ v: 1, overrides: [{ ...o, reason: ' ' }, { ...o, severity: 'fatal' }, { ...o, row: 'two' }, o] }))).toEqual([o]);
    expect(parseOverrides({ v: 1, overrides: [o] })).toEqual([o]);
  });
});
