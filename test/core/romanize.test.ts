import { clean, issuesOf, verify, type Row } from '../../testing/builders/wb';
import { loadRomanizers, needsRomanizers, romanizeName, type Romanizers } from '../../src/core/transform/romanize';
import { wb } from '../../testing/builders/wb';
import { defaultStandard } from '../../src/core/standard/load';
import { applyProposals } from '../../src/core/transform/apply';
import { issueMessage } from '../../src/core/verify/messages';

/** T-ROMANIZE: romanization proposals for names in Chinese, Japanese kana, Korean and Cyrillic. */

let r: Romanizers;
beforeAll(async () => { r = await loadRomanizers(); });

const person = (over: Row): Row => ({ Email: `p${Math.random().toString(36).slice(2)}@x.example.org`, 'First Name': null, 'Last Name': null, 'Organization ID': 'ORG-1', Country: 'CN', ...over });

function run(rows: Row[]) {
  const s = clean();
  s.Investigators!.push(...rows);
  return verify(s, { romanizers: r });
}
const props = (res: ReturnType<typeof run>) => res.proposals.filter((p) => p.ruleId === 'T-ROMANIZE').map((p) => [p.row, p.field, p.from, p.to]);

describe('names by script', () => {
  test.each([
    // Chinese: family name first in the source, compound family names, polyphonic family names, passports' ü as yu
    ['张伟', 'full', 'CN', { family: 'Zhang', given: 'Wei' }],
    ['王秀英', 'full', 'CN', { family: 'Wang', given: 'Xiuying' }],
    ['欧阳娜娜', 'full', 'CN', { family: 'Ouyang', given: 'Nana' }],
    ['单雄信', 'full', 'CN', { family: 'Shan', given: 'Xiongxin' }],
    ['曾国藩', 'full', null, { family: 'Zeng', given: 'Guofan' }],
    ['吕波', 'full', 'CN', { family: 'Lyu', given: 'Bo' }],
    ['李 西安', 'full', 'CN', { family: 'Li', given: "Xi'an" }],
    ['张', 'family', 'CN', { whole: 'Zhang' }],
    // Korean: customary family names, RR for the given name
    ['김민준', 'full', 'KR', { family: 'Kim', given: 'Minjun' }],
    ['이서연', 'full', 'KR', { family: 'Lee', given: 'Seoyeon' }],
    ['박지훈', 'full', 'KR', { family: 'Park', given: 'Jihun' }],
    ['최 수아', 'full', 'KR', { family: 'Choi', given: 'Sua' }],
    ['남궁민수', 'full', 'KR', { family: 'Namgung', given: 'Minsu' }],
    ['정', 'family', 'KR', { whole: 'Jung' }],
    ['하늘', 'given', 'KR', { whole: 'Haneul' }],
    // Japanese kana: passport Hepburn
    ['やまだ たろう', 'full', 'JP', { family: 'Yamada', given: 'Taro' }],
    ['サトウ', 'family', 'JP', { whole: 'Sato' }],
    ['いのうえ', 'family', 'JP', { whole: 'Inoue' }],
    ['ほんま', 'family', 'JP', { whole: 'Homma' }],
    ['じゅんいちろう', 'given', 'JP', { whole: 'Junichiro' }],
    ['おおの', 'family', 'JP', { whole: 'Ono' }],
    // Cyrillic: ICAO Doc 9303
    ['Щербакова', 'family', 'RU', { whole: 'Shcherbakova' }],
    ['Юлия', 'given', 'RU', { whole: 'Iuliia' }],
    ['Иван Петрович', 'given', 'RU', { whole: 'Ivan Petrovich' }],
  ] as const)('%p (%s, %s)', (text, role, country, want) => {
    expect(romanizeName(text, role, country, r)).toMatchObject(want);
  });

  test('each result names its scheme and a confidence', () => {
    expect(romanizeName('张伟', 'full', 'CN', r)).toMatchObject({ scheme: expect.stringContaining('Hanyu Pinyin'), confidence: 'medium' });
    expect(romanizeName('张伟', 'full', 'TW', r)).toMatchObject({ confidence: 'low', note: expect.stringContaining('Taiwan') });
    expect(romanizeName('김민준', 'full', 'KR', r)).toMatchObject({ scheme: expect.stringContaining('Revised Romanization'), confidence: 'medium' });
    expect(romanizeName('やまだ', 'family', 'JP', r)).toMatchObject({ scheme: expect.stringContaining('Hepburn'), confidence: 'medium' });
    expect(romanizeName('Иванов', 'family', 'RU', r)).toMatchObject({ scheme: expect.stringContaining('ICAO Doc 9303'), confidence: 'high' });
  });

  test('kanji names of Japanese people, mixed kanji and kana, and scripts without a scheme are left to a translator', () => {
    expect(romanizeName('山田太郎', 'full', 'JP', r)).toBeNull();
    expect(romanizeName('山田 たろう', 'full', null, r)).toBeNull();
    expect(romanizeName('Αλέξανδρος', 'given', 'GR', r)).toBeNull();
    expect(romanizeName('محمد', 'given', 'EG', r)).toBeNull();
  });
});

describe('proposals in the workbook', () => {
  test('a full Chinese name in Last Name is split into Last and First Name, with the scheme in words', () => {
    const res = run([person({ 'Last Name': '张伟' })]);
    expect(props(res)).toEqual([[3, 'last_name', '张伟', 'Zhang'], [3, 'first_name', null, 'Wei']]);
    const p = res.proposals.find((x) => x.ruleId === 'T-ROMANIZE')!;
    expect(p.reason).toBe('Hanyu Pinyin (as on Chinese passports: no tones, ü as yu); confidence medium; full name split, family name first in the source');
    // The script error stays until the proposal is accepted: nothing is applied by itself.
    expect(issuesOf(res, 'charset').map((i) => i.cells[0])).toEqual(['C3']);
  });

  test('family and given name in their own fields are romanized where they stand', () => {
    const res = run([person({ 'Last Name': '김', 'First Name': '민준', Country: 'KR' }), person({ 'Last Name': 'Петрова', 'First Name': 'Анна', Country: 'RU' })]);
    expect(props(res)).toEqual([[3, 'first_name', '민준', 'Minjun'], [3, 'last_name', '김', 'Kim'], [4, 'first_name', 'Анна', 'Anna'], [4, 'last_name', 'Петрова', 'Petrova']]);
  });

  test('a Latin first name already there is never overwritten', () => {
    const res = run([person({ 'Last Name': '张伟', 'First Name': 'David' })]);
    expect(props(res)).toEqual([[3, 'last_name', '张伟', 'Zhang Wei']]);
    expect(res.proposals.find((p) => p.ruleId === 'T-ROMANIZE')!.reason).toContain('looks like a whole name');
  });

  test('a Japanese kanji name gets no proposal; the message says a translator is needed', () => {
    const res = run([person({ 'Last Name': '山田', 'First Name': '太郎', Country: 'JP' })]);
    expect(props(res)).toEqual([]);
    const [i] = issuesOf(res, 'charset');
    expect(issueMessage(i!, 'Last Name')).toContain('A Japanese name in kanji needs a translator');
  });

  test('accepted, the proposals clear the errors', () => {
    const rows = [person({ 'Last Name': '张伟' }), person({ 'Last Name': '이서연', Country: 'KR' }), person({ 'Last Name': 'やまだ たろう', Country: 'JP' })];
    const res = run(rows);
    const data = wb({ ...clean(), Investigators: [...clean().Investigators!, ...rows] });
    const fixed = applyProposals(data, res.proposals).workbook;
    const again = verify(fixed, { romanizers: r });
    expect(issuesOf(again, 'charset')).toEqual([]);
    const inv = fixed.sheets.find((s) => s.name === 'Investigators')!;
    const col = (h: string) => inv.headers.indexOf(h);
    expect(inv.rows.slice(1).map((row) => [row[col('Last Name')], row[col('First Name')]])).toEqual([['Zhang', 'Wei'], ['Lee', 'Seoyeon'], ['Yamada', 'Taro']]);
  });

  test('without the libraries nothing is proposed, and they are needed only for such names', () => {
    const s = clean();
    s.Investigators!.push(person({ 'Last Name': '张伟' }));
    expect(verify(s).proposals.filter((p) => p.ruleId === 'T-ROMANIZE')).toEqual([]);
    expect(needsRomanizers(defaultStandard(), wb(s))).toBe(true);
    expect(needsRomanizers(defaultStandard(), wb(clean()))).toBe(false);
  });
});
