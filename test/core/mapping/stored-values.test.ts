import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../../../testing/builders/csv';
import { defaultStandard } from '../../../src/core/standard';
import { verifyWorkbook } from '../../../src/core/verify/engine';
import {
  applyValueMapping, bestProfile, CELL_CHUNK, decidedValues, mapWorkbook, MAPPING_SHEET, parseProfile, profileFromCells, ProfileError,
  profileToCells, storedProfileCells, toProfile, toWorkbookData, VALUE_MAPPING_STEP, valueWorklist, type MappingProfile, type RawSheet, type RawWorkbook,
} from '../../../src/core/mapping';

const REAL = '/work/shared/data/real';
const std = defaultStandard();

/** ClinicalTrials.gov studies under the registry's display names, a title row above, on a sheet named by the partner. */
const DISPLAY: Record<string, string> = {
  nct_id: 'NCT Number', org_study_id: 'Other IDs', brief_title: 'Study Title', overall_status: 'Overall Status', phase: 'Phases',
  enrollment: 'Enrollment', start_date: 'Start Date', completion_date: 'Completion Date', lead_sponsor: 'Sponsor',
};

function ctgovStudies(name = 'Trial List'): RawSheet {
  const rows = parseCsv(readFileSync(path.join(REAL, 'ctgov-flattened/studies.csv'), 'utf8')).filter((r) => r.some((v) => v !== ''));
  const head = rows[0]!.map((h) => DISPLAY[h] ?? h);
  const body = rows.slice(1).map((r) => r.map((v) => (v === '' ? null : v)));
  const all = [['Acme CRO — trials for hand-over'], head, ...body];
  return { name, rows: all, rowNumbers: all.map((_, i) => (i === 0 ? 1 : i + 2)) };
}

const ctgov = (): RawWorkbook => ({ sheets: [ctgovStudies()] });

describe('profile stored in the workbook', () => {
  const raw = ctgov();
  const profile = toProfile(std, mapWorkbook(std, raw));

  test('pieces of at most 30,000 characters, read back to the same profile', () => {
    // A profile of many sheets and columns grows past one cell.
    const big: MappingProfile = { ...profile, sheets: Array.from({ length: 40 }, (_, i) => ({ ...profile.sheets[0]!, source: `Sheet ${i} ${'x'.repeat(500)}` })) };
    const cells = profileToCells(big);
    expect(cells.length).toBeGreaterThan(1);
    expect(cells.every((c) => c.length <= CELL_CHUNK && c.length <= 32_767)).toBe(true);
    expect(profileFromCells(cells, std)).toEqual(big);
    // Read through a raw workbook as the CLI sees the very hidden sheet: column A from A1 down.
    const withSheet: RawWorkbook = { sheets: [...raw.sheets, { name: MAPPING_SHEET, rows: cells.map((c) => [c]), rowNumbers: cells.map((_, i) => i + 1) }] };
    expect(profileFromCells(storedProfileCells(withSheet)!, std)).toEqual(big);
    expect(storedProfileCells(raw)).toBeNull();
  });

  test('the mapping sheet is never taken for partner data', () => {
    const cells = profileToCells(profile);
    const m = mapWorkbook(std, { sheets: [...raw.sheets, { name: MAPPING_SHEET, rows: cells.map((c) => [c]), rowNumbers: cells.map((_, i) => i + 1) }] });
    expect(m.sheets.map((s) => s.source)).toEqual(['Trial List']);
    expect(m.ignoredSheets.map((s) => s.source)).toEqual([]);
  });

  test.each([
    ['malformed JSON', ['{"format": "ctms-collect-mapping", "vers'], /not valid JSON/],
    ['empty sheet', [null, ''], /\(top level\): the _ctms_mapping sheet holds no profile/],
    ['another standard', [JSON.stringify({ ...profile, standard: 'other-standard' })], /^standard: the profile is for other-standard/],
    ['unknown field', [JSON.stringify({ ...profile, sheets: [{ ...profile.sheets[0]!, columns: [{ source: 'X', column: 'B', field: 'warp_speed' }] }] })], /^sheets\.0\.columns\.0\.field: warp_speed is not a field of Studies/],
    ['bad column letter', [JSON.stringify({ ...profile, sheets: [{ ...profile.sheets[0]!, columns: [{ source: 'X', column: 'b2', field: null }] }] })], /^sheets\.0\.columns\.0\.column: must be a column letter/],
    ['value outside the picklist', [JSON.stringify({ ...profile, sheets: [{ ...profile.sheets[0]!, values: { phase: { 'Early Phase 1': 'Phase 0' } } }] })], /^sheets\.0\.values\.phase\.Early Phase 1: "Phase 0" is not one of Phase 1/],
    ['values for a field that is no picklist', [JSON.stringify({ ...profile, sheets: [{ ...profile.sheets[0]!, values: { study_title: { a: 'b' } } }] })], /^sheets\.0\.values\.study_title: study_title is not a picklist field of Studies/],
  ])('a bad stored profile is refused with its path and problem: %s', (_t, cells, msg) => {
    expect(() => profileFromCells(cells, std)).toThrow(ProfileError);
    expect(() => profileFromCells(cells, std)).toThrow(msg);
  });
});

describe('bestProfile', () => {
  const raw = ctgov();
  const right = toProfile(std, mapWorkbook(std, raw));
  const sites: RawWorkbook = { sheets: [{ name: 'Centres', rows: [['Centre No', 'Study No', 'Centre Name', 'PI Mail'], ['001', 'ABC', 'Clinic', 'a@b.org']], rowNumbers: [1, 2] }] };
  const other = toProfile(std, mapWorkbook(std, sites));

  test('picks the profile made from this partner\'s layout among several', () => {
    const best = bestProfile(std, [{ name: 'sites.json', profile: other }, { name: 'trials.json', profile: right }], raw);
    expect(best).toMatchObject({ name: 'trials.json', fits: 1, misfits: [] });
    expect(bestProfile(std, [{ name: 'sites.json', profile: other }], raw)).toBeNull();
  });

  test('says where the next hand-over no longer fits', () => {
    const moved = ctgov();
    const head = moved.sheets[0]!.rows[1]!;
    const at = head.indexOf('Phases');
    head[at] = 'Trial Phase';
    const best = bestProfile(std, [{ name: 'sites.json', profile: other }, { name: 'trials.json', profile: right }], moved)!;
    expect(best.name).toBe('trials.json');
    expect(best.fits).toBeLessThan(1);
    expect(best.fits).toBeGreaterThan(0.8);
    const letter = String.fromCharCode(65 + at);
    expect(best.misfits).toEqual([`Trial List!${letter}3: header is now 'Trial Phase', the profile has 'Phases'`]);
    const renamed: RawWorkbook = { sheets: [{ ...moved.sheets[0]!, name: 'Studies 2026' }] };
    expect(bestProfile(std, [{ name: 'trials.json', profile: right }], renamed)).toBeNull();
  });

  test('a profile for another standard is never chosen', () => {
    expect(bestProfile(std, [{ name: 'x.json', profile: { ...right, standard: 'other' } }], raw)).toBeNull();
  });
});

describe('value worklist', () => {
  const raw = ctgov();
  const mapping = mapWorkbook(std, raw);

  test('lists once each the status and phase spellings the engine cannot read, with counts and rows, exactly as validation flags them', () => {
    const list = valueWorklist(std, raw, mapping);
    expect(list.length).toBeGreaterThan(0);
    expect(new Set(list.map((i) => i.field))).toEqual(new Set(['phase', 'study_status']));
    // Independently: the picklist errors of a plain verification of the same mapped rows.
    const result = verifyWorkbook(std, toWorkbookData(std, raw, mapping));
    const flagged = new Map<string, number>();
    for (const i of result.issues) if (i.family === 'picklist') flagged.set(`${i.field}|${String(i.params.value)}`, (flagged.get(`${i.field}|${String(i.params.value)}`) ?? 0) + 1);
    expect(new Map(list.map((i) => [`${i.field}|${i.value}`, i.count]))).toEqual(flagged);
    // Registry spellings that the standard leaves to a person (spec: Early Phase 1, Suspended stay errors).
    const early = list.find((i) => i.field === 'phase' && i.value === 'Early Phase 1')!;
    expect(early).toMatchObject({ sheet: 'Trial List', entity: 'study', count: 7 });
    expect(early.rows).toHaveLength(7);
    expect(early.rows.every((r) => r >= 3)).toBe(true);
    expect(list.find((i) => i.value === 'Suspended')).toMatchObject({ field: 'study_status', count: 1 });
    // Nothing the transformations read is listed (RECRUITING, N/A, Phase 1|Phase 2).
    expect(list.some((i) => ['Recruiting', 'N/A', 'Phase 1|Phase 2', 'Not yet recruiting', 'COMPLETED'].includes(i.value))).toBe(false);
    const col = mapping.sheets[0]!.columns.find((c) => c.field === 'phase')!;
    expect(early.column).toBe(String.fromCharCode(65 + col.col));
  });

  test('a person maps a value once; every cell holding it gets a proposal, and the worklist marks it decided', () => {
    const decided = applyValueMapping(std, mapping, [{ entity: 'study', field: 'phase', value: 'Early Phase 1', to: 'Phase 1' }, { entity: 'Trial List', field: 'study_status', value: 'Suspended', to: 'Terminated' }]);
    expect(mapping.sheets[0]!.values).toEqual({});
    expect(decided.sheets[0]!.values).toEqual({ phase: { 'Early Phase 1': 'Phase 1' }, study_status: { Suspended: 'Terminated' } });
    const data = toWorkbookData(std, raw, decided);
    const before = verifyWorkbook(std, data);
    const after = verifyWorkbook(std, data, { values: decidedValues(decided) });
    const byValue = after.proposals.filter((p) => p.steps.includes(VALUE_MAPPING_STEP));
    expect(byValue.filter((p) => p.from === 'Early Phase 1' && p.to === 'Phase 1')).toHaveLength(7);
    expect(byValue.filter((p) => p.from === 'Suspended' && p.to === 'Terminated')).toHaveLength(1);
    expect(byValue).toHaveLength(8);
    expect(after.summary.errors).toBe(before.summary.errors - 8);
    const list = valueWorklist(std, raw, decided);
    expect(list.find((i) => i.value === 'Early Phase 1')!.decided).toBe('Phase 1');
    expect(valueWorklist(std, raw, decided, { openOnly: true }).some((i) => i.value === 'Early Phase 1')).toBe(false);
    // Taken back, and refused outside the picklist.
    expect(applyValueMapping(std, decided, [{ entity: 'study', field: 'phase', value: 'early phase 1', to: null }]).sheets[0]!.values).toEqual({ study_status: { Suspended: 'Terminated' } });
    expect(() => applyValueMapping(std, mapping, [{ entity: 'study', field: 'phase', value: 'X', to: 'Phase 9' }])).toThrow(/"Phase 9" is not one of/);
    // A profile carries the decisions and is read back with them.
    const p = parseProfile(JSON.stringify(toProfile(std, decided)), std);
    expect(p.sheets[0]!.values.phase).toEqual({ 'Early Phase 1': 'Phase 1' });
  });
});
