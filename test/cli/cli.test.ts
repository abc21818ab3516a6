import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { cli, cliAsync, readXlsx, tmpDir, writeXlsx, xlsxOf, type CliRun } from '../../testing/builders/cli';
import { clean, d } from '../../testing/builders/wb';
import { defaultStandard } from '../../src/core/standard/load';
import { MARK_COLORS } from '../../src/core/verify/messages';
import type { ValidationReport } from '../../src/core/report/json';

/**
 * The command line as users and pipelines run it: `node bin/ctms-collect.js`
 * in a child process, on .xlsx files built with ExcelJS in a temporary folder.
 */

const std = defaultStandard();
const t = tmpDir();
const at = (f: string) => path.join(t.dir, f);
afterAll(() => t.cleanup());

const argb = (hex: string) => `FF${hex.slice(1).toUpperCase()}`;

/** A workbook with one of each kind of finding: errors, a warning, proposals. */
function messy(): ExcelJS.Workbook {
  const s = clean();
  s.Organizations![0]!.Country = 'USA'; // proposal T-COUNTRY
  s.Organizations![1]!.Phone = '020 7946 0000';
  s.Organizations![1]!.Country = 'GB';
  s.Organizations![1]!['Postal Code'] = '00123';
  s.Sites![0]!['Subjects Completed'] = 35; // R-ENR-01 + R-ENR-03 errors
  s.Sites![0]!['Subjects Screened'] = 30;
  s.Sites![0]!['Subjects Enrolled'] = 20;
  s.Sites![0]!['LSLV Date'] = 'March 4, 2023'; // proposal T-DATE
  s['Site Staff']![0]!.Role = 'PI'; // proposal T-ROLE
  s.Investigators![0]!['First Name'] = 'Иван'; // charset error
  s.Investigators![0]!.Phone = '+442079460000';
  s.Studies![0]!['Study Status'] = 'Completed'; // R-STAT-02 error
  s.Sites![0]!['FSFV Date'] = null; // R-STAT-03 warning
  return xlsxOf(s as never);
}

describe('template', () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    const r = cli(['template', '--out', 't.xlsx'], t.dir);
    expect(r.code).toBe(0);
    wb = await readXlsx(at('t.xlsx'));
  });

  test('validate on the empty template exits 0 with no errors', () => {
    const r = cli(['validate', 't.xlsx'], t.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0 errors, 0 warnings, 0 proposals/);
  });

  test('the five sheets with exact headers, an Instructions sheet and a hidden Lists sheet', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Instructions', 'Organizations', 'Studies', 'Sites', 'Investigators', 'Site Staff', 'Lists']);
    for (const e of std.entities) {
      const ws = wb.getWorksheet(e.sheet)!;
      const row = ws.getRow(1).values as unknown[];
      expect(row.slice(1)).toEqual(e.fields.map((f) => f.header));
    }
    expect(wb.getWorksheet('Lists')!.state).toBe('hidden');
    expect(String(wb.getWorksheet('Instructions')!.getCell('A1').value)).toContain('collection template');
  });

  test('list validation on every picklist column, date formats, input messages, frozen header, header notes', () => {
    for (const e of std.entities) {
      const ws = wb.getWorksheet(e.sheet)!;
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      const dv = (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation & { prompt?: string; promptTitle?: string }> } }).dataValidations.model;
      e.fields.forEach((f, i) => {
        // One rule per column, on the whole column below the header (it used to stop at row 2,001).
        const addr = `${String.fromCharCode(65 + i)}2:${String.fromCharCode(65 + i)}1048576`;
        const v = dv[addr];
        expect(v).toBeDefined();
        expect(v!.prompt).toBeTruthy();
        expect(v!.promptTitle).toBe(f.header.slice(0, 32));
        expect(v!.type === 'list').toBe(f.type === 'pick');
        expect(f.type !== 'pick' || /^'Lists'!\$[A-Z]+\$2:\$[A-Z]+\$\d+$/.test(String(v!.formulae[0]))).toBe(true);
        expect(ws.getColumn(i + 1).numFmt).toBe(f.type === 'date' ? 'yyyy-mm-dd' : f.type === 'int' ? '0' : '@');
        expect(ws.getCell(1, i + 1).note).toBeTruthy();
      });
    }
    // The Lists sheet holds every picklist's values
    const lists = wb.getWorksheet('Lists')!;
    const picks = std.entities.flatMap((e) => e.fields.filter((f) => f.type === 'pick').map((f) => f.picklist!));
    picks.forEach((values, c) => values.forEach((v, r) => expect(lists.getCell(r + 2, c + 1).value).toBe(v)));
  });
});

describe('validate', () => {
  let report: ValidationReport;
  let run: ReturnType<typeof cli>;
  beforeAll(async () => {
    await writeXlsx(messy(), at('messy.xlsx'));
    run = cli(['validate', 'messy.xlsx', '--json', 'report.json', '--annotate', 'annotated.xlsx', '--fix', 'fixed.xlsx'], t.dir);
    report = JSON.parse(readFileSync(at('report.json'), 'utf8')) as ValidationReport;
  });

  test('errors found → exit 1 and a one-line summary', () => {
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^messy\.xlsx: 5 sheets, 6 rows, \d+ cells — 4 errors, 1 warnings, 5 proposals \(crossField 4, charset 1\)\nfixed copy fixed\.xlsx: 5 proposals applied; re-validated: 3 errors, 1 warnings, 0 proposals left\n$/);
  });

  test('the --json report matches the contract', () => {
    expect(report.standard).toBe('ctms-standard-v1');
    expect(report.file).toBe('messy.xlsx');
    expect(report.summary).toEqual({ sheets: 5, rows: 6, cells: expect.any(Number), errors: 4, warnings: 1, proposals: 5 }); // T-ROMANIZE proposes Ivan for the Cyrillic first name
    for (const i of report.issues) {
      expect(Object.keys(i).sort()).toEqual(['cell', 'cells', 'entity', 'family', 'field', 'header', 'message', 'row', 'ruleId', 'severity', 'sheet', 'value'].sort());
      expect(i.cells[0]).toBe(i.cell);
    }
    const enr = report.issues.find((i) => i.ruleId === 'R-ENR-01')!;
    expect(enr).toEqual({
      sheet: 'Sites', entity: 'site', row: 2, cell: 'L2', cells: ['L2', 'J2'], field: 'subjects_completed', header: 'Subjects Completed',
      ruleId: 'R-ENR-01', family: 'crossField', severity: 'error',
      message: 'Subjects Completed (35) is greater than Subjects Screened (30). Correct one of the counts.', value: 35,
    });
    expect(report.issues.find((i) => i.ruleId === 'charset')).toMatchObject({ sheet: 'Investigators', cell: 'B2', family: 'charset', ruleId: 'charset', value: 'Иван' });
    expect(report.proposals.find((p) => p.ruleId === 'T-ROMANIZE')).toMatchObject({ cell: 'B2', from: 'Иван', to: 'Ivan', reason: 'ICAO Doc 9303 (machine-readable passports); confidence high' });
    expect(report.issues.find((i) => i.ruleId === 'R-STAT-03')).toMatchObject({ severity: 'warning', cells: ['H2', 'K2'] });
    const date = report.proposals.find((p) => p.ruleId === 'T-DATE')!;
    expect(date).toMatchObject({ sheet: 'Sites', row: 2, cell: 'I2', field: 'lslv_date', header: 'LSLV Date', from: 'March 4, 2023', to: '2023-03-04' });
    expect(report.proposals.find((p) => p.ruleId === 'T-ROLE')).toMatchObject({ cell: 'D2', from: 'PI', to: 'Principal Investigator' });
  });

  test('--annotate colours errors, warnings and proposals differently and explains each in a note', async () => {
    const wb = await readXlsx(at('annotated.xlsx'));
    const fill = (sheet: string, a: string) => ((wb.getWorksheet(sheet)!.getCell(a).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb);
    const note = (sheet: string, a: string) => {
      const n = wb.getWorksheet(sheet)!.getCell(a).note;
      return typeof n === 'string' ? n : (n?.texts ?? []).map((x) => x.text).join('');
    };
    expect(fill('Sites', 'L2')).toBe(argb(MARK_COLORS.error));
    expect(fill('Sites', 'H2')).toBe(argb(MARK_COLORS.warning));
    expect(fill('Sites', 'I2')).toBe(argb(MARK_COLORS.proposal));
    expect(new Set([MARK_COLORS.error, MARK_COLORS.warning, MARK_COLORS.proposal]).size).toBe(3);
    expect(note('Sites', 'L2')).toContain('Error (R-ENR-01): Subjects Completed (35) is greater than Subjects Screened (30)');
    expect(note('Sites', 'H2')).toContain('Warning (R-STAT-03)');
    expect(note('Sites', 'I2')).toContain('Proposed T-DATE: March 4, 2023 → 2023-03-04');
    expect(note('Investigators', 'B2')).toContain('Cyrillic');
    // the values are not changed by annotating
    expect(wb.getWorksheet('Sites')!.getCell('I2').value).toBe('March 4, 2023');
  });

  test('--fix: re-validates with no proposals left; phones and postal codes stay text', async () => {
    const again = cli(['validate', 'fixed.xlsx', '--json', 'fixed.json'], t.dir);
    const r = JSON.parse(readFileSync(at('fixed.json'), 'utf8')) as ValidationReport;
    expect(again.code).toBe(1);
    expect(r.proposals).toEqual([]);
    expect(r.summary.errors).toBe(3); // the Cyrillic first name was romanized (T-ROMANIZE)
    const wb = await readXlsx(at('fixed.xlsx'));
    const org = wb.getWorksheet('Organizations')!;
    expect(org.getCell('H2').value).toBe('US');
    expect(org.getCell('I3').value).toBe('+442079460000');
    expect(org.getCell('G3').value).toBe('00123');
    expect(wb.getWorksheet('Investigators')!.getCell('K2').value).toBe('+442079460000');
    const lslv = wb.getWorksheet('Sites')!.getCell('I2');
    expect(lslv.value).toEqual(d('2023-03-04'));
    expect(lslv.numFmt).toBe('yyyy-mm-dd');
    expect(wb.getWorksheet('Site Staff')!.getCell('D2').value).toBe('Principal Investigator');
  });

  test('--date-order DMY reads 03/04/2021 as 3 April', async () => {
    const s = clean();
    s.Sites![0]!['LSLV Date'] = '03/04/2022';
    await writeXlsx(xlsxOf(s as never), at('dates.xlsx'));
    const plain = cli(['validate', 'dates.xlsx', '--json', 'd0.json'], t.dir);
    expect(plain.code).toBe(0);
    const r0 = JSON.parse(readFileSync(at('d0.json'), 'utf8')) as ValidationReport;
    expect(r0.issues.filter((i) => i.ruleId === 'ambiguousDate').map((i) => i.cell)).toEqual(['I2']);
    const dmy = cli(['validate', 'dates.xlsx', '--date-order', 'DMY', '--json', 'd1.json'], t.dir);
    expect(dmy.code).toBe(0);
    const r1 = JSON.parse(readFileSync(at('d1.json'), 'utf8')) as ValidationReport;
    expect(r1.proposals.map((p) => [p.cell, p.from, p.to])).toEqual([['I2', '03/04/2022', '2022-04-03']]);
  });
});

test('spec --out mapping.md contains every rule id and T-* id', () => {
  const r = cli(['spec', '--out', 'mapping.md'], t.dir);
  expect(r.code).toBe(0);
  const md = readFileSync(at('mapping.md'), 'utf8');
  for (const rule of std.rules) expect(md).toContain(`| ${rule.id} |`);
  for (const tr of std.transformations) expect(md).toContain(`### ${tr.id} — `);
  for (const e of std.entities) for (const f of e.fields) expect(md).toContain(`| ${f.header} | \`${f.key}\``);
});

describe('unusable input → exit 2, one clear line on stderr, no output file left', () => {
  const outs = ['--json', 'out.json', '--annotate', 'out-a.xlsx', '--fix', 'out-f.xlsx'];
  const onlyStd = () => { const wb = new ExcelJS.Workbook(); wb.addWorksheet('Sheet1').addRow(['a', 'b']); return wb; };
  const merged = () => { const wb = xlsxOf(clean() as never); wb.getWorksheet('Sites')!.mergeCells('A1:B1'); return wb; };
  const badStd = JSON.parse(JSON.stringify(std));
  badStd.entities[0].fields[2].type = 'picklist';
  /** name → how to fill the folder, the arguments, what stderr says. */
  const cases: Record<string, { prepare: (dir: string) => Promise<unknown> | void; args: string[]; re: RegExp }> = {
    'missing file': { prepare: () => undefined, args: ['validate', 'nope.xlsx', ...outs], re: /File not found: .*nope\.xlsx/ },
    'not a workbook (a .txt renamed)': { prepare: (dir) => writeFileSync(path.join(dir, 'in.xlsx'), 'Organization ID,Organization Name\nORG-1,Mayo\n'), args: ['validate', 'in.xlsx', ...outs], re: /is not an \.xlsx workbook/ },
    'password-protected (OLE/CFB header)': { prepare: (dir) => writeFileSync(path.join(dir, 'in.xlsx'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)])), args: ['validate', 'in.xlsx', ...outs], re: /password-protected or an old \.xls file/ },
    'empty file': { prepare: (dir) => writeFileSync(path.join(dir, 'in.xlsx'), ''), args: ['validate', 'in.xlsx', ...outs], re: /empty or too short/ },
    'corrupt xlsx (truncated zip)': {
      prepare: async (dir) => { const buf = Buffer.from(await xlsxOf(clean() as never).xlsx.writeBuffer()); writeFileSync(path.join(dir, 'in.xlsx'), buf.subarray(0, Math.floor(buf.length / 2))); },
      args: ['validate', 'in.xlsx', ...outs], re: /could not be read as an \.xlsx workbook \(corrupt or incomplete/,
    },
    "none of the standard's sheets": { prepare: (dir) => writeXlsx(onlyStd(), path.join(dir, 'in.xlsx')), args: ['validate', 'in.xlsx', ...outs], re: /no sheet could be matched to the standard's sheets \(Organizations, Studies, Sites, Investigators, Site Staff\); found: Sheet1/ },
    'merged header cells': { prepare: (dir) => writeXlsx(merged(), path.join(dir, 'in.xlsx')), args: ['validate', 'in.xlsx', ...outs], re: /Sheet Sites has merged header cells \(A1:B1\)/ },
    'bad --date-order': { prepare: (dir) => writeXlsx(xlsxOf(clean() as never), path.join(dir, 'in.xlsx')), args: ['validate', 'in.xlsx', '--date-order', 'DDMM', ...outs], re: /--date-order.*DDMM/ },
    'malformed --standard': {
      prepare: async (dir) => { writeFileSync(path.join(dir, 'std.json'), JSON.stringify(badStd)); await writeXlsx(xlsxOf(clean() as never), path.join(dir, 'in.xlsx')); },
      args: ['validate', 'in.xlsx', '--standard', 'std.json', ...outs], re: /std\.json is not a valid standard: entities\[0\]\.fields\[2\]\.type: /,
    },
    'template --out into a folder that does not exist': { prepare: () => undefined, args: ['template', '--out', 'no-such-folder/t.xlsx'], re: /Folder does not exist/ },
  };
  const results = new Map<string, { r: CliRun; before: string[]; after: string[] }>();
  beforeAll(async () => {
    // Run the refusals two at a time (two CPU cores): each is its own process in its own folder.
    const names = Object.keys(cases);
    const runOne = async (name: string) => {
      const sub = tmpDir();
      try {
        await cases[name]!.prepare(sub.dir);
        const before = sub.files();
        const r = await cliAsync(cases[name]!.args, sub.dir);
        results.set(name, { r, before, after: sub.files() });
      } finally {
        sub.cleanup();
      }
    };
    for (let i = 0; i < names.length; i += 2) await Promise.all(names.slice(i, i + 2).map(runOne));
  });

  test.each(Object.keys(cases))('%s', (name) => {
    const { r, before, after } = results.get(name)!;
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(cases[name]!.re);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(r.stdout).toBe('');
    expect(after).toEqual(before);
  });
});

describe('awkward cells are read, not crashed on', () => {
  let report: ValidationReport;
  beforeAll(async () => {
    const s = clean();
    const wb = xlsxOf(s as never);
    const sites = wb.getWorksheet('Sites')!;
    // formula with a cached value: the cached value is used
    sites.getCell('J2').value = { formula: 'SUM(5,5)', result: 10 } as ExcelJS.CellFormulaValue;
    // error value
    sites.getCell('K2').value = { error: '#N/A' } as ExcelJS.CellErrorValue;
    // a formula whose cached result is an error
    sites.getCell('L2').value = { formula: 'NA()', result: { error: '#N/A' } } as unknown as ExcelJS.CellFormulaValue;
    const inv = wb.getWorksheet('Investigators')!;
    // rich text and a hyperlink: their text is used
    inv.getCell('B2').value = { richText: [{ text: 'An', font: { bold: true } }, { text: 'n' }] };
    inv.getCell('A2').value = { text: 'ann.smith@mayo.org', hyperlink: 'mailto:ann.smith@mayo.org' };
    // a 32,767-character cell
    const studies = wb.getWorksheet('Studies')!;
    studies.getCell('B2').value = 'x'.repeat(32767);
    // hidden rows and columns are still validated
    const orgs = wb.getWorksheet('Organizations')!;
    orgs.getCell('C3').value = 'Hospitl';
    orgs.getRow(3).hidden = true;
    orgs.getColumn(5).hidden = true;
    orgs.getCell('E2').value = '北京';
    await writeXlsx(wb, at('awkward.xlsx'));
    const r = cli(['validate', 'awkward.xlsx', '--json', 'awkward.json'], t.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    report = JSON.parse(readFileSync(at('awkward.json'), 'utf8')) as ValidationReport;
  });
  const find = (sheet: string, cell: string) => report.issues.filter((i) => i.sheet === sheet && i.cell === cell).map((i) => i.ruleId);

  test('formulas give their cached values; error values are flagged', () => {
    expect(find('Sites', 'J2')).toEqual([]);
    expect(report.issues.find((i) => i.sheet === 'Sites' && i.cell === 'K2')).toMatchObject({ ruleId: 'excelError', value: '#N/A' });
    expect(find('Sites', 'L2')).toEqual(['excelError']); // a formula whose cached result is #N/A
  });
  test('rich text and hyperlinks are read as their text', () => {
    expect(find('Investigators', 'A2')).toEqual([]);
    expect(find('Investigators', 'B2')).toEqual([]);
    expect(report.issues.filter((i) => i.ruleId === 'reference')).toEqual([]);
  });
  test('a 32,767-character cell is a maxLength error', () => {
    expect(report.issues.find((i) => i.sheet === 'Studies' && i.cell === 'B2')).toMatchObject({ ruleId: 'maxLength', message: 'Study Title is 32767 characters long; at most 500 are allowed. Shorten it.' });
  });
  test('hidden rows and columns are validated', () => {
    expect(find('Organizations', 'C3')).toEqual(['picklist']);
    expect(find('Organizations', 'E2')).toEqual(['charset']);
  });
});
