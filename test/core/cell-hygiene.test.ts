import ExcelJS from 'exceljs';
import { clean, cleanWith, d, findings, issuesOf, verify } from '../../testing/builders/wb';
import { defaultStandard, parseStandard } from '../../src/core/standard/load';
import { EXCEL_ERROR_VALUES } from '../../src/core/standard/schema';
import { brokenTextOf, inertText, repairMisreadUtf8 } from '../../src/core/transform/hygiene';
import { issueMessage } from '../../src/core/verify/messages';
import { planTransfer } from '../../src/core/transfer/plan';
import { wb } from '../../testing/builders/wb';
import { plainValue } from '../../src/cli/xlsx-read';
import { toCellValue } from '../../src/excel/values';

/** Cell hygiene: Excel error values, broken encodings, invisible characters and formula-like text. */

const one = (sheet: string, header: string, value: unknown) => verify(cleanWith(sheet, { [header]: value as never }));

describe('Excel error values', () => {
  test('the standard lists every Excel error value', () => {
    expect(defaultStandard().cellContent.excelErrors.slice().sort()).toEqual([...EXCEL_ERROR_VALUES].sort());
    expect(EXCEL_ERROR_VALUES).toHaveLength(15);
  });

  test.each([
    ['Organizations', 'Organization Name'], ['Organizations', 'City'], ['Studies', 'Phase'], ['Studies', 'Planned Enrollment'],
    ['Sites', 'FSFV Date'], ['Sites', 'Subjects Enrolled'], ['Investigators', 'Email'], ['Investigators', 'Country'], ['Organizations', 'Phone'],
  ])('in %s / %s every error value is an error saying so, and no value', (sheet, header) => {
    for (const code of EXCEL_ERROR_VALUES) {
      const r = one(sheet, header, code);
      const hits = issuesOf(r, 'excelError');
      expect([code, hits.length]).toEqual([code, 1]);
      expect(hits[0]).toMatchObject({ sheet, severity: 'error', family: 'excelError', value: code });
      expect(issueMessage(hits[0]!, header)).toBe(`${header} holds the Excel error ${code}, not a value; it is never sent. Fix the formula or enter the value.`);
      // Nothing else is said about the cell (not "not a date", not "not in the list"), and nothing proposed.
      expect(r.issues.filter((i) => i.cells[0] === hits[0]!.cells[0] && i.family !== 'excelError' && i.family !== 'crossField')).toEqual([]);
      expect(r.proposals.filter((p) => p.field === hits[0]!.field)).toEqual([]);
    }
  });

  test('case and surrounding spaces do not hide one; text that merely contains one is not one', () => {
    expect(issuesOf(one('Organizations', 'City', ' #n/a '), 'excelError')).toHaveLength(1);
    expect(issuesOf(one('Organizations', 'City', 'Room #5'), 'excelError')).toHaveLength(0);
    expect(issuesOf(one('Organizations', 'Organization Name', '#1 Hospital'), 'excelError')).toHaveLength(0);
  });

  test('a row holding an Excel error is held back from the transfer', () => {
    const s = cleanWith('Organizations', { City: '#REF!' });
    const plan = planTransfer(defaultStandard(), wb(s), { acceptProposals: true });
    const orgs = plan.entities.find((e) => e.entity === 'organization')!;
    expect(orgs.heldBack.map((h) => h.row)).toEqual([2]);
    expect(orgs.heldBack[0]!.reason).toContain('excelError');
    expect(orgs.records.map((r) => r.externalId)).not.toContain('ORG-1');
  });

  test('the workbook readers deliver error cells as their code', () => {
    expect(plainValue({ error: '#N/A' } as ExcelJS.CellErrorValue)).toBe('#N/A');
    expect(plainValue({ formula: 'A1/0', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue)).toBe('#DIV/0!');
    expect(plainValue({ formula: 'SEQUENCE(3)', result: { error: '#SPILL!' } } as unknown as ExcelJS.CellFormulaValue)).toBe('#SPILL!');
    expect(toCellValue('#CALC!', 'Error', 'General')).toBe('#CALC!');
    expect(toCellValue('#BUSY!', 'Error', 'General')).toBe('#BUSY!');
  });

  test('a customer standard may list its own; a standard without the section gets the defaults', () => {
    const base = defaultStandard();
    const custom = parseStandard({ ...base, cellContent: { excelErrors: ['#N/A'] } });
    expect(issuesOf(verify(cleanWith('Organizations', { City: '#REF!' }), { std: custom }), 'excelError')).toHaveLength(0);
    expect(issuesOf(verify(cleanWith('Organizations', { City: '#N/A' }), { std: custom }), 'excelError')).toHaveLength(1);
    const { cellContent: _drop, ...old } = base;
    expect(parseStandard(old).cellContent.excelErrors).toHaveLength(15);
  });
});

describe('broken text', () => {
  test.each([
    ['MÃ¼ller', 'Müller'], ['JosÃ© GarcÃ­a', 'José García'], ['Ã©cole', 'école'], ['StraÃŸe', 'Straße'], ['DÃ¼sseldorf', 'Düsseldorf'],
    ['SÃ£o Paulo', 'São Paulo'], ['KÃ¸benhavn', 'København'], ['Saint-Ã‰tienne', 'Saint-Étienne'], ['Oâ€™Brien', 'O’Brien'], ['ZÃ¼rich â€“ Nord', 'Zürich – Nord'],
  ])('%p (UTF-8 read as Windows-1252) is an error that names %p', (bad, good) => {
    expect(repairMisreadUtf8(bad)).toBe(good);
    const r = one('Organizations', 'City', bad);
    const [hit] = issuesOf(r, 'brokenText');
    expect(hit).toMatchObject({ severity: 'error', value: bad, params: { repaired: good } });
    expect(issueMessage(hit!, 'City')).toContain(`it probably reads "${good}"`);
  });

  test('a U+FFFD replacement character is an error', () => {
    const r = one('Investigators', 'Last Name', 'M\uFFFDller');
    expect(issuesOf(r, 'brokenText')[0]).toMatchObject({ severity: 'error', params: { repaired: null } });
    expect(issueMessage(issuesOf(r, 'brokenText')[0]!, 'Last Name')).toContain('replacement character');
  });

  test.each(['SÃO PAULO', 'Müller', 'Zoë', 'Ærøskøbing', 'Ñuñoa', 'ÂGE', 'Å', 'naïve café', 'Łódź', 'Hôpital Européen Georges-Pompidou', '«Клиника»'])(
    'real text %p is not broken', (v) => {
      expect(brokenTextOf(v)).toBeNull();
    });
});

describe('invisible characters are T-TRIM proposals with the reason in words', () => {
  test.each([
    ['Mül\u200Bler', 'Müller', 'invisible'], ['Boston\u00A0', 'Boston', 'non-breaking'], ['Bos\u0007ton', 'Boston', 'control'], ['\u200EMayo Clinic', 'Mayo Clinic', 'invisible'],
  ])('%p → %p', (from, to, word) => {
    const r = one('Organizations', 'City', from);
    expect(findings(r)).toEqual([]);
    expect(r.proposals.map((p) => [p.ruleId, p.to])).toEqual([['T-TRIM', to]]);
    expect(r.proposals[0]!.reason).toContain(word);
  });
});

describe('formula-like text', () => {
  test.each([
    ['=HYPERLINK("http://evil.example","Click")', 'HYPERLINK("http://evil.example","Click")'],
    ['=1+2', '1+2'], ['+cmd|\' /C calc\'!A0', 'cmd|\' /C calc\'!A0'], ['@SUM(A1:A9)', 'SUM(A1:A9)'], ['- see protocol', 'see protocol'], ['==x', 'x'],
  ])('%p is a warning with a T-INERT proposal to %p', (from, to) => {
    const r = one('Studies', 'Study Title', from);
    const [w] = issuesOf(r, 'formulaText');
    expect(w).toMatchObject({ severity: 'warning', family: 'formulaText', value: from });
    expect(issueMessage(w!, 'Study Title')).toMatch(/^Study Title ".*" starts with ".", so a spreadsheet/);
    expect(r.proposals.map((p) => [p.ruleId, p.to])).toEqual([['T-INERT', to]]);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  test('plain signed numbers, inner signs, e-mail addresses and phones are not formulas', () => {
    for (const v of ['-12', '+3.5', 'Smith-Jones', 'AT&T', 'a@b']) expect(issuesOf(one('Studies', 'Therapeutic Area', v), 'formulaText')).toEqual([]);
    expect(issuesOf(one('Organizations', 'Phone', '+15072842511'), 'formulaText')).toEqual([]);
    expect(issuesOf(one('Investigators', 'Email', 'ann.smith@mayo.org'), 'formulaText')).toEqual([]);
  });

  test('a prefix alone ("-" for blank, as the FDA list has it) runs nothing: no warning', () => {
    for (const v of ['-', '--', '- -', '=']) expect(issuesOf(one('Studies', 'Therapeutic Area', v), 'formulaText')).toEqual([]);
    expect(inertText('-', '=+-@')).toBe('');
  });

  test('the clean workbook stays clean', () => {
    const r = verify(clean());
    expect(findings(r)).toEqual([]);
    expect(d('2021-01-01')).toBeInstanceOf(Date);
  });
});
