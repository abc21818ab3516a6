import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { clean, type Row } from '../../testing/builders/wb';
import { readXlsx, tmpDir, writeXlsx, xlsxOf } from '../../testing/builders/cli';
import { oneLine, runMain } from '../../testing/builders/cli-main';

/** `validate --glossary FILE`: approved translations proposed wherever their text occurs; a bad glossary refused. */

const PUMCH = '北京协和医院';
const PUMCH_EN = 'Peking Union Medical College Hospital';

function sheets() {
  const s = clean();
  s.Organizations!.push({ 'Organization ID': 'ORG-CN', 'Organization Name': PUMCH, 'Organization Type': 'Hospital', City: '北京', Country: 'CN' });
  s.Organizations!.push({ 'Organization ID': 'ORG-CN2', 'Organization Name': PUMCH, 'Organization Type': 'Hospital', City: '上海', Country: 'CN' });
  s.Investigators!.push({ Email: 'li@pumch.example.cn', 'First Name': 'Na', 'Last Name': 'Li', 'Organization ID': 'ORG-CN', Country: 'CN' } as Row);
  return s;
}

describe('validate --glossary', () => {
  let t: ReturnType<typeof tmpDir>;
  let file: string;
  beforeAll(async () => {
    t = tmpDir();
    file = await writeXlsx(xlsxOf(sheets()), path.join(t.dir, 'partner.xlsx'));
  });
  afterAll(() => t.cleanup());

  test('approved entries become proposals in every cell holding the text, in the report and the fixed copy', async () => {
    const g = path.join(t.dir, 'glossary.csv');
    writeFileSync(g, `source,english\r\n${PUMCH},${PUMCH_EN}\r\n北京,Beijing\r\n`);
    const json = path.join(t.dir, 'report.json');
    const fix = path.join(t.dir, 'fixed.xlsx');
    const r = await runMain('validate', file, '--glossary', g, '--json', json, '--fix', fix);
    expect(r.err).toBe('');
    expect(r.out).toContain(`\nglossary ${g}: 2 approved translations, proposed in 3 cells\n`);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { proposals: { sheet: string; cell: string; to: string; ruleId: string }[] };
    const translated = report.proposals.filter((p) => p.ruleId === 'T-TRANSLATE').map((p) => `${p.sheet}!${p.cell} → ${p.to}`).sort();
    expect(translated).toEqual([`Organizations!B4 → ${PUMCH_EN}`, `Organizations!B5 → ${PUMCH_EN}`, 'Organizations!E4 → Beijing']);
    // Shanghai has no approved English: still an error, nothing guessed.
    expect(r.code).toBe(1);
    const orgs = (await readXlsx(fix)).getWorksheet('Organizations')!;
    expect([orgs.getCell('B4').text, orgs.getCell('B5').text, orgs.getCell('E4').text, orgs.getCell('E5').text]).toEqual([PUMCH_EN, PUMCH_EN, 'Beijing', '上海']);
  });

  test('without the glossary the same texts are errors with no translation proposed', async () => {
    const json = path.join(t.dir, 'plain.json');
    const r = await runMain('validate', file, '--json', json);
    expect(r.out).not.toContain('glossary');
    const report = JSON.parse(readFileSync(json, 'utf8')) as { proposals: { ruleId: string }[] };
    expect(report.proposals.filter((p) => p.ruleId === 'T-TRANSLATE')).toEqual([]);
  });

  test('a JSON glossary works the same', async () => {
    const g = path.join(t.dir, 'glossary.json');
    writeFileSync(g, JSON.stringify({ glossary: 1, entries: [{ source: '上海', english: 'Shanghai' }] }));
    const r = await runMain('validate', file, '--glossary', g);
    expect(r.out).toContain(`glossary ${g}: 1 approved translation, proposed in 1 cell\n`);
  });

  test.each([
    ['bad.json', '{"entries": [}', /^ctms-collect: bad\.json: the glossary is not valid JSON/],
    ['form.json', '{"glossary": 1, "entries": [{"source": "x"}]}', /^ctms-collect: form\.json: the glossary is not in the expected form: entries\.0\.english/],
    ['cols.csv', 'from,to\nx,y\n', /^ctms-collect: cols\.csv: the glossary CSV needs the columns source and english/],
    ['half.csv', 'source,english\n北京,\n', /^ctms-collect: half\.csv: glossary CSV line 2: both source and english are needed/],
  ])('a malformed glossary (%s) is refused with one line and exit 2, nothing written', async (name, text, message) => {
    const g = path.join(t.dir, name);
    writeFileSync(g, text);
    const json = path.join(t.dir, `${name}.report.json`);
    const r = await runMain('validate', file, '--glossary', g, '--json', json);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toMatch(message);
    expect(t.files()).not.toContain(`${name}.report.json`);
  });

  test('a missing glossary is named', async () => {
    const r = await runMain('validate', file, '--glossary', path.join(t.dir, 'nowhere.csv'));
    expect(r.code).toBe(2);
    expect(oneLine(r)).toBe(`ctms-collect: Glossary not found: ${path.join(t.dir, 'nowhere.csv')}`);
  });
});
