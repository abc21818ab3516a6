import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { runMain } from '../../testing/builders/cli-main';
import { tmpDir } from '../../testing/builders/cli';
import { parseCsv } from '../../testing/builders/csv';
import { MAPPING_SHEET, VALUE_MAPPING_STEP } from '../../src/core/mapping';


/**
 * ClinicalTrials.gov studies (../shared/data/real, 346 real records) as a
 * partner would hand them over: sheet "Trial List", a title row, the
 * registry's display names as headers, its own status and phase spellings.
 */
const DISPLAY: Record<string, string> = {
  nct_id: 'NCT Number', org_study_id: 'Other IDs', brief_title: 'Study Title', overall_status: 'Overall Status', phase: 'Phases',
  enrollment: 'Enrollment', start_date: 'Start Date', completion_date: 'Completion Date', lead_sponsor: 'Sponsor',
};
const KEEP = Object.keys(DISPLAY);

function ctgovRows(): string[][] {
  const rows = parseCsv(readFileSync('/work/shared/data/real/ctgov-flattened/studies.csv', 'utf8')).filter((r) => r.some((v) => v !== ''));
  const idx = KEEP.map((k) => rows[0]!.indexOf(k));
  return rows.map((r) => idx.map((i) => r[i] ?? ''));
}

async function partnerWorkbook(file: string, rename: Record<string, string> = {}): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Trial List');
  ws.addRow(['Acme CRO — trial list for hand-over']);
  const [head, ...body] = ctgovRows();
  ws.addRow(head!.map((h) => rename[DISPLAY[h]!] ?? DISPLAY[h]!));
  for (const r of body) ws.addRow(r.map((v) => (v === '' ? null : v)));
  await wb.xlsx.writeFile(file);
}

type Report = {
  issues: { sheet: string; ruleId: string; field: string; severity: string; cell: string }[];
  proposals: { sheet: string; cell: string; field: string; steps: string[]; from: unknown; to: unknown }[];
  mapping: { source: string; values?: { field: string; column: string; value: string; count: number; rows: number[]; decided?: string }[] }[];
  profile?: { from: string; name: string; fits: number; misfits: string[] };
};
const readJson = <T>(f: string) => JSON.parse(readFileSync(f, 'utf8')) as T;

test('map lists the picklist spellings to decide; the decisions become proposals in every cell, --fix writes them in the partner\'s cells', async () => {
  const t = tmpDir();
  try {
    const partner = path.join(t.dir, 'partner.xlsx');
    await partnerWorkbook(partner);
    const prof = path.join(t.dir, 'p.json');
    const m = await runMain('map', partner, '--out', prof);
    expect(m.err).toBe('');
    expect(m.out).toMatch(/Trial List → Studies \(header row 2\): \d+ columns mapped.*; \d+ picklist values to map \(\d+ cells\)/);
    expect(m.out).toMatch(/Trial List!\w+ phase: "Early Phase 1" × 7/);
    const p = readJson<{ sheets: { values: Record<string, Record<string, string>> }[] }>(prof);
    expect(p.sheets[0]!.values.phase!['Early Phase 1']).toBe('');
    expect(p.sheets[0]!.values.study_status!.Suspended).toBe('');
    // An open worklist is no decision: the profile applies as it is.
    const open = await runMain('validate', partner, '--mapping', prof, '--json', path.join(t.dir, 'open.json'), '--quiet');
    expect(open.err).toBe('');
    expect(readJson<Report>(path.join(t.dir, 'open.json')).proposals.some((x) => x.steps.includes(VALUE_MAPPING_STEP))).toBe(false);

    // A person fills two spellings in.
    p.sheets[0]!.values.phase!['Early Phase 1'] = 'Phase 1';
    p.sheets[0]!.values.study_status!.Suspended = 'Terminated';
    writeFileSync(prof, JSON.stringify(p));
    const fixed = path.join(t.dir, 'fixed.xlsx');
    const v = await runMain('validate', partner, '--mapping', prof, '--json', path.join(t.dir, 'r.json'), '--fix', fixed);
    expect(v.err).toBe('');
    expect(v.out).toMatch(/mapping: profile p\.json applied/);
    const r = readJson<Report>(path.join(t.dir, 'r.json'));
    const byPerson = r.proposals.filter((x) => x.steps.includes(VALUE_MAPPING_STEP));
    expect(byPerson.filter((x) => x.from === 'Early Phase 1' && x.to === 'Phase 1')).toHaveLength(7);
    expect(byPerson.filter((x) => x.from === 'Suspended' && x.to === 'Terminated')).toHaveLength(1);
    expect(byPerson.every((x) => x.sheet === 'Trial List')).toBe(true);
    expect(r.issues.some((i) => i.field === 'phase' && i.ruleId === 'picklist' && i.severity === 'error' && byPerson.some((x) => x.cell === i.cell))).toBe(false);
    const items = r.mapping[0]!.values!;
    expect(items.find((i) => i.value === 'Early Phase 1')).toMatchObject({ field: 'phase', count: 7, decided: 'Phase 1' });
    expect(items.filter((i) => i.decided === undefined).length).toBeGreaterThan(0);

    // The fixed copy holds the picklist value in each of the partner's cells.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(fixed);
    const ws = wb.getWorksheet('Trial List')!;
    for (const x of byPerson.filter((y) => y.from === 'Early Phase 1')) expect(ws.getCell(x.cell).value).toBe('Phase 1');
  } finally { t.cleanup(); }
});

test('a profile stored in the workbook is applied; a folder of profiles picks the one that fits and says where it no longer does', async () => {
  const t = tmpDir();
  try {
    const partner = path.join(t.dir, 'partner.xlsx');
    await partnerWorkbook(partner);
    const dir = path.join(t.dir, 'profiles');
    mkdirSync(dir);
    const saved = path.join(t.dir, 'saved.xlsx');
    const m = await runMain('map', partner, '--out', path.join(dir, 'acme.json'), '--save', saved);
    expect(m.err).toBe('');
    expect(m.out).toMatch(/profile stored in .*saved\.xlsx/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(saved);
    expect(wb.getWorksheet(MAPPING_SHEET)!.state).toBe('veryHidden');

    const a = await runMain('validate', partner, '--json', path.join(t.dir, 'a.json'), '--quiet');
    const b = await runMain('validate', saved, '--json', path.join(t.dir, 'b.json'));
    expect(b.err).toBe('');
    expect(b.out).toMatch(/mapping: the profile stored in the workbook applied/);
    const ra = readJson<Report>(path.join(t.dir, 'a.json'));
    const rb = readJson<Report>(path.join(t.dir, 'b.json'));
    expect(rb.profile).toMatchObject({ from: 'workbook', fits: 1, misfits: [] });
    // The stored sheet is not partner data: no issue names it, and the findings are the same.
    expect(rb.issues.some((i) => i.sheet === MAPPING_SHEET)).toBe(false);
    const problems = (r: Report) => r.issues.filter((i) => i.severity !== 'info').map((i) => `${i.cell}:${i.ruleId}`).sort();
    expect(problems(rb)).toEqual(problems(ra));
    expect(b.code).toBe(a.code);

    // Another partner's profile in the same folder.
    const other = path.join(t.dir, 'sites.xlsx');
    const owb = new ExcelJS.Workbook();
    owb.addWorksheet('Centres').addRows([['Centre No', 'Study No', 'Centre Name', 'PI Mail'], ['001', 'NCT00001177', 'Clinic', 'a@b.org']]);
    await owb.xlsx.writeFile(other);
    expect((await runMain('map', other, '--out', path.join(dir, 'beta.json'))).err).toBe('');

    // The next hand-over: one header renamed.
    const next = path.join(t.dir, 'next.xlsx');
    await partnerWorkbook(next, { Phases: 'Trial Phase' });
    const c = await runMain('validate', next, '--mapping', dir, '--json', path.join(t.dir, 'c.json'));
    expect(c.err).toBe('');
    expect(c.out).toMatch(/mapping: profile acme\.json applied where it still fits \(\d+ % of its headers\); no longer fits: Trial List!\w+2: header is now 'Trial Phase', the profile has 'Phases'/);
    const rc = readJson<Report>(path.join(t.dir, 'c.json'));
    expect(rc.profile).toMatchObject({ from: 'folder', name: 'acme.json' });
    expect(rc.profile!.misfits).toHaveLength(1);
  } finally { t.cleanup(); }
});

test('a bad profile stored in the workbook is refused with its path and problem', async () => {
  const t = tmpDir();
  try {
    const file = path.join(t.dir, 'bad.xlsx');
    await partnerWorkbook(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    wb.addWorksheet(MAPPING_SHEET, { state: 'veryHidden' }).getCell('A1').value = JSON.stringify({ format: 'ctms-collect-mapping', version: 1, standard: 'ctms-standard-v1', sheets: [{ source: 'Trial List', entity: 'spaceship', headerRow: 2, columns: [] }] });
    await wb.xlsx.writeFile(file);
    const r = await runMain('validate', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/The mapping profile stored in the workbook \(sheet _ctms_mapping\): sheets\.0\.entity: spaceship is not an entity of/);
  } finally { t.cleanup(); }
});
