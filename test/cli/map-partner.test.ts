import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { runMain } from '../../testing/builders/cli-main';
import { tmpDir, xlsxOf, writeXlsx } from '../../testing/builders/cli';
import { defaultStandard } from '../../src/core/standard';
import { parseProfile, ProfileError } from '../../src/core/mapping';
import { decodeCsv } from '../../src/cli/partner-read';


const STUDIES = [
  { 'Study Number': 'ABC-101', 'Study Title': 'Trial one', Phase: 'Phase 9', 'Study Status': 'Active', 'NCT Number': 'NCT0000001', 'Planned Enrollment': 'many' },
  { 'Study Number': 'ABC-102', 'Study Title': 'Trial two', Phase: 'Phase 2', 'Study Status': 'Completed', 'NCT Number': 'NCT00000002', 'Planned Enrollment': 40 },
];
/** The partner's words for the same columns, in another order, with a title row above and an extra column. */
const RENAMED: Record<string, string> = {
  'Study Number': 'Protocol No', 'Study Title': 'Brief Title', Phase: 'Trial Phase', 'Study Status': 'Overall Status', 'NCT Number': 'NCT ID', 'Planned Enrollment': 'Enrolment',
  'Sponsor Organization ID': 'Sponsor', 'IND Number': 'IND', 'Therapeutic Area': 'Therapy Area', 'FSFV Date': 'FPI', 'LSLV Date': 'LPO', 'CSR Due Date': 'CSR Due',
};

async function partnerCopy(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Trial List');
  ws.addRow(['Acme CRO — trial list for hand-over']);
  ws.addRow([]);
  const order = ['Study Title', 'Study Number', 'NCT Number', 'Phase', 'Study Status', 'Planned Enrollment', 'Sponsor Organization ID', 'IND Number', 'Therapeutic Area', 'FSFV Date', 'LSLV Date', 'CSR Due Date'];
  ws.addRow(['Comments', ...order.map((h) => RENAMED[h])]);
  for (const s of STUDIES) ws.addRow(['see mail', ...order.map((h) => (s as Record<string, unknown>)[h] as ExcelJS.CellValue)]);
  await wb.xlsx.writeFile(file);
}

type Rep = { issues: { sheet: string; entity: string | null; cell: string; ruleId: string; field: string; severity: string }[]; mapping: { source: string; headerRow: number; columns: { source: string; field: string }[] }[] };

test('renamed sheet, own headers, a title row and an extra column: same problems as the template, in the partner\'s cells', async () => {
  const t = tmpDir();
  try {
    const tpl = await writeXlsx(xlsxOf({ Studies: STUDIES }), path.join(t.dir, 'tpl.xlsx'));
    const partner = path.join(t.dir, 'partner.xlsx');
    await partnerCopy(partner);
    const a = await runMain('validate', tpl, '--json', path.join(t.dir, 'a.json'), '--quiet');
    const b = await runMain('validate', partner, '--json', path.join(t.dir, 'b.json'), '--quiet');
    expect(a.err).toBe('');
    expect(b.err).toBe('');
    const ra = JSON.parse(readFileSync(path.join(t.dir, 'a.json'), 'utf8')) as Rep;
    const rb = JSON.parse(readFileSync(path.join(t.dir, 'b.json'), 'utf8')) as Rep;
    const problems = (r: Rep) => r.issues.filter((i) => i.severity !== 'info').map((i) => `${i.field}:${i.ruleId}`).sort();
    expect(problems(ra).length).toBeGreaterThan(0);
    expect(problems(rb)).toEqual(problems(ra));
    expect(b.code).toBe(a.code);
    // Named in the partner's layout: sheet "Trial List", data from row 4, Phase in column E.
    const phase = rb.issues.find((i) => i.field === 'phase' && i.severity === 'error')!;
    expect(phase).toMatchObject({ sheet: 'Trial List', entity: 'study', cell: 'E4' });
    expect(rb.mapping[0]).toMatchObject({ source: 'Trial List', headerRow: 3 });
    expect(rb.mapping[0]!.columns.map((c) => `${c.source}=${c.field}`).sort()).toEqual(
      ['Brief Title=study_title', 'CSR Due=csr_due_date', 'Enrolment=planned_enrollment', 'FPI=fsfv_date', 'IND=ind_number', 'LPO=lslv_date', 'NCT ID=nct_number',
        'Overall Status=study_status', 'Protocol No=study_number', 'Sponsor=sponsor_org_id', 'Therapy Area=therapeutic_area', 'Trial Phase=phase']);
    expect(rb.issues.some((i) => i.ruleId === 'headerRow' && i.sheet === 'Trial List')).toBe(true);

    // map writes a profile; applied again it maps with no questions, and a changed layout is refused with the cell.
    const prof = path.join(t.dir, 'p.json');
    const m = await runMain('map', partner, '--out', prof);
    expect(m.err).toBe('');
    const again = await runMain('validate', partner, '--mapping', prof, '--json', path.join(t.dir, 'c.json'), '--quiet');
    expect(again.err).toBe('');
    const rc = JSON.parse(readFileSync(path.join(t.dir, 'c.json'), 'utf8')) as Rep;
    expect(problems(rc)).toEqual(problems(ra));
    const p = JSON.parse(readFileSync(prof, 'utf8'));
    p.sheets[0].columns.find((c: { source: string }) => c.source === 'Protocol No').source = 'Protocol Number';
    writeFileSync(prof, JSON.stringify(p));
    const bad = await runMain('validate', partner, '--mapping', prof);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/sheet "Trial List" C3: expected header "Protocol Number", found "Protocol No"/);
  } finally { t.cleanup(); }
});

test('a CSV in Windows-1252 with --entity validates and states its encoding', async () => {
  const t = tmpDir();
  try {
    const csv = 'Org Code;Organisation Name;Town;Cntry\nORG-1;Hôpital Saint-Éloi;Montpellier;France\nORG-2;Charité;Berlin;Germany\n';
    const file = path.join(t.dir, 'orgs.csv');
    writeFileSync(file, Buffer.from(csv, 'latin1'));
    const r = await runMain('validate', file, '--entity', 'organization', '--json', path.join(t.dir, 'o.json'), '--quiet');
    expect(r.err).toBe('');
    const rep = JSON.parse(readFileSync(path.join(t.dir, 'o.json'), 'utf8')) as Rep & { encoding: string };
    expect(rep.encoding).toBe('windows-1252');
    expect(rep.mapping[0]!.columns.map((c) => c.field).sort()).toEqual(['city', 'country', 'org_id', 'org_name']);
  } finally { t.cleanup(); }
});

test('encodings: UTF-8 with and without BOM, UTF-16LE, Windows-1252', () => {
  const text = 'Name,City\nCharité,Zürich\n';
  expect(decodeCsv(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'UTF-8' });
  expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toEqual({ text, encoding: 'UTF-8 (BOM)' });
  expect(decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual({ text, encoding: 'UTF-16LE' });
  expect(decodeCsv(Buffer.from(text, 'utf16le'))).toEqual({ text, encoding: 'UTF-16LE' });
  expect(decodeCsv(Buffer.from(text, 'latin1'))).toEqual({ text, encoding: 'windows-1252' });
});

describe('bad profiles are refused with the path and the problem', () => {
  const std = defaultStandard();
  const ok = { format: 'ctms-collect-mapping', version: 1, standard: std.id, sheets: [{ source: 'S', entity: 'study', headerRow: 1, columns: [{ source: 'Trial ID', column: 'A', field: 'study_number' }] }] };
  const cases: [string, string, RegExp][] = [
    ['malformed JSON', '{"format": ', /not valid JSON/],
    ['unknown field', JSON.stringify({ ...ok, extra: 1 }), /\(top level\).*extra/],
    ['unknown field in a column', JSON.stringify({ ...ok, sheets: [{ ...ok.sheets[0], columns: [{ source: 'x', column: 'A', field: 'study_number', colour: 'red' }] }] }), /sheets\.0\.columns\.0/],
    ['another standard', JSON.stringify({ ...ok, standard: 'other-std' }), /^standard: the profile is for other-std/],
    ['a field the entity lacks', JSON.stringify({ ...ok, sheets: [{ ...ok.sheets[0], columns: [{ source: 'x', column: 'A', field: 'pi_email' }] }] }), /sheets\.0\.columns\.0\.field: pi_email is not a field of Studies/],
  ];
  test.each(cases)('%s', (_, text, msg) => {
    expect(() => parseProfile(text, std)).toThrow(ProfileError);
    expect(() => parseProfile(text, std)).toThrow(msg);
  });
});
