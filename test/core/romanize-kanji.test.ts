import { clean, verify, wb, type Row } from '../../testing/builders/wb';
import { japaneseKanjiNames, loadRomanizers, romanizeName, type Romanizers } from '../../src/core/transform/romanize';
import { defaultStandard } from '../../src/core/standard/load';

/**
 * Japanese names in kanji: read by a dictionary the caller loaded (the command
 * line's kuromoji), proposed with low confidence and marked for review; without
 * one, or where the dictionary cannot read a character, no proposal.
 */

const READINGS: Record<string, string> = { '山田太郎': 'やまだ たろう', '山田': 'やまだ', '太郎': 'たろう', '小林 さくら': 'こばやし さくら', '𠮷田': '𠮷 た' };
let r: Romanizers;
beforeAll(async () => { r = { ...(await loadRomanizers()), kanji: (t) => READINGS[t] ?? null }; });

test('a kanji name is split and romanized from its reading, low confidence, the scheme and the review named', () => {
  const x = romanizeName('山田太郎', 'full', 'JP', r);
  expect(x).toMatchObject({ family: 'Yamada', given: 'Taro', confidence: 'low' });
  expect(x!.scheme).toBe('Hepburn romanization as on Japanese passports, from a dictionary reading of the kanji (kuromoji with IPADIC)');
  expect(x!.note).toMatch(/^needs review: a name in kanji can be read several ways/);
  expect(romanizeName('小林 さくら', 'full', null, r)).toMatchObject({ family: 'Kobayashi', given: 'Sakura', confidence: 'low' });
});

test('no reader, no reading, or a character the dictionary could not read: no proposal', async () => {
  expect(romanizeName('山田太郎', 'full', 'JP', await loadRomanizers())).toBeNull();
  expect(romanizeName('佐藤', 'family', 'JP', r)).toBeNull();
  expect(romanizeName('𠮷田', 'family', 'JP', r)).toBeNull();
  // Chinese outside Japan stays Pinyin, whatever the reader.
  expect(romanizeName('山田', 'family', 'CN', r)).toMatchObject({ scheme: expect.stringContaining('Pinyin'), confidence: 'medium' });
});

const person = (over: Row): Row => ({ Email: `p${Math.random().toString(36).slice(2)}@x.example.org`, 'First Name': null, 'Last Name': null, 'Organization ID': 'ORG-1', ...over });

test('proposals in the workbook carry the reason in words', () => {
  const s = clean();
  s.Investigators!.push(person({ 'Last Name': '山田', 'First Name': '太郎', Country: 'Japan' }));
  const res = verify(s, { romanizers: r });
  const p = res.proposals.filter((x) => x.ruleId === 'T-ROMANIZE');
  expect(p.map((x) => [x.field, x.to])).toEqual([['first_name', 'Taro'], ['last_name', 'Yamada']]);
  expect(p[0]!.reason).toMatch(/from a dictionary reading of the kanji \(kuromoji with IPADIC\); confidence low; needs review/);
});

test('the names worth a dictionary: kanji with kana, or kanji where the country is Japan', () => {
  const s = clean();
  s.Investigators!.push(
    person({ 'Last Name': '山田', 'First Name': '太郎', Country: 'Japan' }),
    person({ 'Last Name': '小林 さくら', Country: 'US' }),
    person({ 'Last Name': '张伟', Country: 'CN' }),
    person({ 'Last Name': 'やまだ', Country: 'JP' }),
  );
  expect(japaneseKanjiNames(defaultStandard(), wb(s)).sort()).toEqual(['太郎', '小林 さくら', '山田'].sort());
  expect(japaneseKanjiNames(defaultStandard(), wb(clean()))).toEqual([]);
});
