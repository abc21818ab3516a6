import { readCsvObjects } from '../../testing/builders/csv';
import { clean, findings, issuesOf, verify, type Row } from '../../testing/builders/wb';
import { isBlank, tidyText } from '../../src/core/transform/text';

/**
 * FDA Clinical Investigator Inspection List (test/fixtures/fda-cliil-erblast).
 * The source files are .xls (BIFF8, an OLE compound file): ExcelJS reads only
 * .xlsx, so the CLI refuses them (exit 2, "password-protected or an old .xls
 * file") and these tests use the CSV conversion shipped with them.
 */

const da = readCsvObjects('fda-cliil-erblast/raw_clinical_investigator_inspection_da_jun19.csv');
const fc = readCsvObjects('fda-cliil-erblast/raw_clinical_investigator_inspection_fc_jun19.csv');

test('the fixtures are the expected files', () => {
  expect(da).toHaveLength(2500);
  expect(fc).toHaveLength(1748);
});

test('cells holding only a non-breaking space are blank', () => {
  const nbspOnly = (rows: Record<string, string>[]) => rows.flatMap((r) => Object.values(r)).filter((v) => v !== '' && v.trim() === '' && v.includes('\u00a0'));
  const a = nbspOnly(da);
  const f = nbspOnly(fc);
  // SOURCE.md counts 665 DA and 542 FC such cells; the trailing deficiency-code column accounts for the rest.
  expect(a.length).toBeGreaterThanOrEqual(665);
  expect(f.length).toBeGreaterThanOrEqual(542);
  for (const v of [...a, ...f]) expect(isBlank(v)).toBe(true);
  expect(da.filter((r) => isBlank(r['Insp. Date'])).length).toBeGreaterThanOrEqual(47);
});

test('padded names are trimmed and inner runs of spaces collapsed', () => {
  expect(tidyText(da[0]!.Name!)).toBe('Iber, Frank L MD');
  const padded = [...da, ...fc].filter((r) => /\s{2,}|^\s|\s$/.test(r.Name!));
  expect(padded.length).toBeGreaterThan(1000);
  for (const r of padded) expect(tidyText(r.Name!)).toMatch(/^\S+(?: \S+)*$/);
});

test('an Investigators sheet built from the list: NBSP-only cells are required errors, padded names are T-TRIM proposals', () => {
  const sheets = clean();
  const rows: Row[] = da.slice(0, 300).map((r, i) => {
    const [last, rest] = r.Name!.split(',');
    return {
      Email: `inv${i}@fda-list.example.org`, 'Last Name': last ?? null, 'First Name': rest ?? null, 'Middle Name': null,
      'Organization ID': 'ORG-1', City: r.City, 'State/Province': r.State, Country: r.Cntry,
    };
  });
  // Two rows as the list really has them: a name cell that is only a non-breaking space
  rows.push({ ...rows[0]!, Email: 'nbsp1@fda-list.example.org', 'Last Name': '\u00a0' });
  rows.push({ ...rows[0]!, Email: 'nbsp2@fda-list.example.org', 'Last Name': 'Doe', City: '\u00a0', Country: '\u00a0' });
  sheets.Investigators!.push(...rows);
  const r = verify(sheets);
  const req = issuesOf(r, 'required').filter((i) => i.sheet === 'Investigators');
  expect(req.map((i) => `${i.field}@${i.row}`)).toEqual(['last_name@303', 'country@304']);
  const trims = r.proposals.filter((p) => p.sheet === 'Investigators' && p.steps.includes('T-TRIM'));
  expect(trims.length).toBeGreaterThan(300);
  const iber = r.proposals.find((p) => p.row === 3 && p.field === 'first_name')!;
  expect([iber.from, iber.to]).toEqual(['   Frank   L    MD', 'Frank L MD']);
  // USA → US for every row: alpha-3 codes are T-COUNTRY proposals, not errors
  expect(r.proposals.filter((p) => p.field === 'country' && p.to === 'US').length).toBeGreaterThan(250);
  expect(findings(r).filter((f) => f.startsWith('type@') || f.startsWith('charset@'))).toEqual([]);
});
