import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../../../testing/builders/csv';
import { defaultStandard } from '../../../src/core/standard';
import { mapWorkbook, type RawSheet, type WorkbookMapping } from '../../../src/core/mapping';

/**
 * Partner-shaped sheets built from real files no one here wrote
 * (../shared/data/real): ClinicalTrials.gov exports under their own column
 * names, and the FDA Clinical Investigator Inspection List under its headers.
 * Each case lists the mappings that are right; any other mapping is WRONG
 * (a wrong mapping counts worse than a missing one and must never happen).
 */
const REAL = '/work/shared/data/real';
const std = defaultStandard();

function sheetFromCsv(file: string, name: string, rename: Record<string, string> = {}, limit = 300): RawSheet {
  const rows = parseCsv(readFileSync(path.join(REAL, file), 'utf8')).filter((r) => r.some((v) => v !== ''));
  const head = rows[0]!.map((h) => rename[h] ?? h);
  const body = rows.slice(1, limit + 1).map((r) => r.map((v) => (v === '' ? null : v)));
  return { name, rows: [head, ...body], rowNumbers: [head, ...body].map((_, i) => i + 1) };
}

interface Case { title: string; sheet: RawSheet; entity: string; right: Record<string, string>; alsoRight?: Record<string, string> }

/** ClinicalTrials.gov's own display names (its CSV download) for the flattened columns. */
const CTGOV_DISPLAY: Record<string, string> = {
  nct_id: 'NCT Number', org_study_id: 'Other IDs', brief_title: 'Study Title', overall_status: 'Study Status', phase: 'Phases',
  enrollment: 'Enrollment', start_date: 'Start Date', primary_completion_date: 'Primary Completion Date', completion_date: 'Completion Date',
  lead_sponsor: 'Sponsor', study_type: 'Study Type', first_posted: 'First Posted', last_update_posted: 'Last Update Posted',
};

const CASES: Case[] = [
  { title: 'ctgov studies, raw column names, sheet "Trial List"', entity: 'study', sheet: sheetFromCsv('ctgov-flattened/studies.csv', 'Trial List'),
    right: { nct_id: 'nct_number', org_study_id: 'study_number', brief_title: 'study_title', overall_status: 'study_status', phase: 'phase', enrollment: 'planned_enrollment', start_date: 'fsfv_date', completion_date: 'lslv_date' },
    alsoRight: { lead_sponsor: 'sponsor_org_id' } },
  { title: 'ctgov studies, ClinicalTrials.gov display names, sheet "Sheet1"', entity: 'study', sheet: sheetFromCsv('ctgov-flattened/studies.csv', 'Sheet1', CTGOV_DISPLAY),
    right: { 'NCT Number': 'nct_number', 'Study Title': 'study_title', 'Study Status': 'study_status', Phases: 'phase', Enrollment: 'planned_enrollment', 'Start Date': 'fsfv_date', 'Completion Date': 'lslv_date' },
    alsoRight: { Sponsor: 'sponsor_org_id', 'Other IDs': 'study_number' } },
  { title: 'ctgov sites as a facility list', entity: 'organization', sheet: sheetFromCsv('ctgov-flattened/sites.csv', 'Facilities'),
    right: { facility_name: 'org_name', city: 'city', state: 'state_province', zip: 'postal_code', country: 'country' } },
  { title: 'ctgov people as an investigator list', entity: 'person', sheet: sheetFromCsv('ctgov-flattened/people.csv', 'Investigators'),
    right: { email: 'email', phone: 'phone' } },
  { title: 'FDA inspection list (DA)', entity: 'person', sheet: sheetFromCsv('fda-cliil-erblast/raw_clinical_investigator_inspection_da_jun19.csv', 'Clinical Investigators'),
    right: { City: 'city', State: 'state_province', Cntry: 'country' } },
  { title: 'FDA inspection list (FC) as sites of institutions', entity: 'organization', sheet: sheetFromCsv('fda-cliil-erblast/raw_clinical_investigator_inspection_fc_jun19.csv', 'Institutions'),
    right: { Location: 'org_name', Address: 'address_line1', City: 'city', State: 'state_province', Cntry: 'country', Zip: 'postal_code' } },
];

interface Tally { expected: number; found: number; wrong: string[] }

function score(c: Case, m: WorkbookMapping, t: Tally): void {
  const s = m.sheets.find((x) => x.source === c.sheet.name);
  t.expected += Object.keys(c.right).length;
  if (!s) return;
  if (s.entity !== c.entity) { t.wrong.push(`${c.title}: sheet → ${s.entity}`); return; }
  for (const col of s.columns) {
    const ok = c.right[col.source] === col.field || c.alsoRight?.[col.source] === col.field;
    if (!ok) t.wrong.push(`${c.title}: ${col.source} → ${col.field} (${col.how} ${col.confidence})`);
    else if (c.right[col.source]) t.found++;
  }
}

describe('mapping real partner-shaped sheets', () => {
  const total: Tally = { expected: 0, found: 0, wrong: [] };
  test.each(CASES.map((c) => [c.title, c] as const))('%s', (_, c) => {
    const t: Tally = { expected: 0, found: 0, wrong: [] };
    score(c, mapWorkbook(std, { sheets: [c.sheet] }), t);
    total.expected += t.expected; total.found += t.found; total.wrong.push(...t.wrong);
    expect(t.wrong).toEqual([]);
    // Most of what is right is found without help.
    expect(t.found / t.expected).toBeGreaterThanOrEqual(0.6);
  });

  test('all together in one workbook: each sheet finds its entity, no wrong mapping', () => {
    const pick = [CASES[0]!, CASES[2]!, CASES[3]!];
    const m = mapWorkbook(std, { sheets: pick.map((c) => c.sheet) });
    const t: Tally = { expected: 0, found: 0, wrong: [] };
    for (const c of pick) score(c, m, t);
    expect(t.wrong).toEqual([]);
    expect(t.found / t.expected).toBeGreaterThanOrEqual(0.75);
  });

  afterAll(() => {
    // Measured figures for the report.
    process.stdout.write(`mapping on real files: found ${total.found}/${total.expected} (${(100 * total.found / total.expected).toFixed(1)} %), wrong ${total.wrong.length}\n`);
  });
});
