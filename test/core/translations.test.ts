import path from 'node:path';
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { clean, issuesOf, verify, wb, type Row } from '../../testing/builders/wb';
import { readXlsx, tmpDir, writeXlsx, xlsxOf } from '../../testing/builders/cli';
import { defaultStandard } from '../../src/core/standard/load';
import {
  approvedFromWorklist, glossaryFromCsv, glossaryFromJson, glossaryOf, glossaryToCsv, glossaryToJson, GlossaryError, mergeGlossaries, parseCsv, translationWorklist,
} from '../../src/core/translate';
import { loadRomanizers } from '../../src/core/transform/romanize';
import { applyProposals } from '../../src/core/transform/apply';
import { registerTranslations } from '../../src/cli/register/translations';
import { VerifySession } from '../../src/core/verify/engine';

/** The Translations worklist, the glossary (CSV and JSON) and approved translations as proposals. */

const PUMCH = '北京协和医院';
function sheets() {
  const s = clean();
  s.Organizations!.push({ 'Organization ID': 'ORG-CN', 'Organization Name': PUMCH, 'Organization Type': 'Hospital', City: '北京', Country: 'CN' });
  s.Organizations!.push({ 'Organization ID': 'ORG-CN2', 'Organization Name': PUMCH, 'Organization Type': 'Hospital', City: '北京', Country: 'CN' });
  s.Investigators!.push({ Email: 'li@pumch.example.cn', 'First Name': null, 'Last Name': '李娜', 'Organization ID': 'ORG-CN', Country: 'CN' } as Row);
  return s;
}

describe('glossary', () => {
  const g = glossaryOf([{ source: PUMCH, english: 'Peking Union Medical College Hospital' }, { source: '北京', english: 'Beijing', note: 'city' }, { source: 'a,"b"', english: 'x\ny' }]);

  test('JSON and CSV round trips keep every entry', () => {
    expect([...glossaryFromJson(glossaryToJson(g)).values()]).toEqual([...g.values()].sort((a, b) => a.source.localeCompare(b.source)));
    expect(new Map([...glossaryFromCsv(glossaryToCsv(g))])).toEqual(new Map([...g]));
    expect(parseCsv('source,english\r\n"a ""q""",b\n')).toEqual([['source', 'english'], ['a "q"', 'b']]);
  });

  test('bad files are refused with a clear line', () => {
    expect(() => glossaryFromJson('{"entries": []}')).toThrow(GlossaryError);
    expect(() => glossaryFromJson('nope')).toThrow(/not valid JSON/);
    expect(() => glossaryFromCsv('from,to\nx,y\n')).toThrow(/needs the columns source and english/);
    expect(() => glossaryFromCsv('source,english\nx,\n')).toThrow(/line 2: both source and english/);
  });

  test('a later approval replaces an earlier one', () => {
    const newer = glossaryOf([{ source: '北京', english: 'Peking' }]);
    expect(mergeGlossaries(g, newer).get('北京')!.english).toBe('Peking');
  });
});

describe('worklist', () => {
  test('one row per distinct text, where it is used, a suggested romanization and the approved English', async () => {
    const r = await loadRomanizers();
    const rows = translationWorklist(defaultStandard(), wb(sheets()), { romanizers: r, glossary: glossaryOf([{ source: '北京', english: 'Beijing' }]) });
    expect(rows.map((x) => [x.source, x.occurrences, x.suggestion, x.approved])).toEqual([
      ['北京', 2, 'Bei Jing', 'Beijing'],
      [PUMCH, 2, 'Bei Jing Xie He Yi Yuan', null],
      ['李娜', 1, 'Li Na', null],
    ]);
    expect(rows[1]!.usedIn).toEqual(['Organizations!B4 (Organization Name)', 'Organizations!B5 (Organization Name)']);
    expect(approvedFromWorklist([{ source: PUMCH, approved: ' PUMCH ' }, { source: '李娜', approved: null }])).toEqual([{ source: PUMCH, english: 'PUMCH' }]);
  });

  test('approved translations become proposals wherever the text occurs, and clear the errors once accepted', () => {
    const glossary = glossaryOf([{ source: PUMCH, english: 'Peking Union Medical College Hospital' }, { source: '北京', english: 'Beijing' }]);
    const res = verify(sheets(), { glossary });
    const t = res.proposals.filter((p) => p.ruleId === 'T-TRANSLATE');
    expect(t.map((p) => [p.row, p.field, p.to])).toEqual([
      [4, 'org_name', 'Peking Union Medical College Hospital'], [4, 'city', 'Beijing'], [5, 'org_name', 'Peking Union Medical College Hospital'], [5, 'city', 'Beijing'],
    ]);
    expect(t[0]!.reason).toBe('the approved translation in the glossary');
    const fixed = applyProposals(wb(sheets()), res.proposals).workbook;
    expect(issuesOf(verify(fixed), 'charset').filter((i) => i.sheet === 'Organizations')).toEqual([]);
  });
});

describe('the translations command', () => {
  test('writes the worklist, and reads a filled one back into the glossary', async () => {
    const t = tmpDir();
    try {
      const file = await writeXlsx(xlsxOf(sheets()), path.join(t.dir, 'partner.xlsx'));
      const out = path.join(t.dir, 'worklist.xlsx');
      const run = async (...args: string[]) => {
        const program = new Command().exitOverride();
        registerTranslations(program);
        const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
        try { await program.parseAsync(['node', 'ctms-collect', 'translations', ...args]); return write.mock.calls.map((c) => String(c[0])).join(''); } finally { write.mockRestore(); }
      };
      expect(await run(file, '--out', out)).toBe(`partner.xlsx: 3 distinct texts to translate (3 without an approved translation) → ${out}\n`);
      const book = await readXlsx(out);
      const ws = book.getWorksheet('Translations')!;
      expect(ws.getRow(1).values).toEqual([undefined, 'Source text', 'Script', 'Used in', 'Occurrences', 'Suggested romanization (not a translation)', 'Approved English']);
      // The translator fills the English column.
      ws.eachRow((row, n) => { if (n > 1 && row.getCell(1).text === PUMCH) row.getCell(6).value = 'Peking Union Medical College Hospital'; });
      await writeXlsx(book, out);
      const g = path.join(t.dir, 'glossary.csv');
      expect(await run(file, '--read', out, '--save-glossary', g)).toBe(`glossary ${g}: 1 approved translation read, 1 in all\n`);
      expect(readFileSync(g, 'utf8')).toBe(`\uFEFFsource,english,note\r\n${PUMCH},Peking Union Medical College Hospital,\r\n`);
      // Reused in the next workbook: the worklist comes out with it approved.
      await run(file, '--out', out, '--glossary', g);
      const again = (await readXlsx(out)).getWorksheet('Translations')!;
      const filled: string[] = [];
      again.eachRow((row, n) => { if (n > 1 && row.getCell(6).text) filled.push(`${row.getCell(1).text} = ${row.getCell(6).text}`); });
      expect(filled).toEqual([`${PUMCH} = Peking Union Medical College Hospital`]);
    } finally {
      t.cleanup();
    }
  });
});

describe('glossary proposals in the engine', () => {
  const glossary = glossaryOf([{ source: PUMCH, english: 'Peking Union Medical College Hospital' }, { source: '李娜', english: 'Li Na' }]);

  test('text with stray spaces still finds its approved translation (matched on the tidied text)', () => {
    const s = sheets();
    s.Organizations![2]!['Organization Name'] = `\u00A0${PUMCH} `;
    const t = verify(s, { glossary }).proposals.filter((p) => p.ruleId === 'T-TRANSLATE' && p.field === 'org_name');
    expect(t.map((p) => [p.row, p.to])).toEqual([[4, 'Peking Union Medical College Hospital'], [5, 'Peking Union Medical College Hospital']]);
  });

  test('an approved translation of a name takes the place of the romanization proposal', async () => {
    const romanizers = await loadRomanizers();
    const without = verify(sheets(), { romanizers }).proposals.filter((p) => p.sheet === 'Investigators' && p.field === 'last_name');
    expect(without.map((p) => p.ruleId)).toEqual(['T-ROMANIZE']);
    const withG = verify(sheets(), { romanizers, glossary }).proposals.filter((p) => p.sheet === 'Investigators' && p.field === 'last_name');
    expect(withG.map((p) => [p.ruleId, p.to])).toEqual([['T-TRANSLATE', 'Li Na']]);
  });

  test('a row typed later (live re-validation) gets the proposal too', () => {
    const session = new VerifySession(defaultStandard(), wb(clean()), { glossary });
    const orgs = wb(sheets()).sheets.find((x) => x.name === 'Organizations')!;
    const res = session.updateRows('Organizations', [{ rowNumber: 4, values: orgs.rows[2]! }]);
    expect(res.proposals.filter((p) => p.ruleId === 'T-TRANSLATE').map((p) => [p.row, p.field, p.to])).toEqual([[4, 'org_name', 'Peking Union Medical College Hospital']]);
  });
});
