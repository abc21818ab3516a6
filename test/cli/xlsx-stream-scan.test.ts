/**
 * The streaming reader's tokenizer gives the events saxes (ExcelJS's SAX
 * parser) gives, however the text is cut into chunks.
 */
import { XmlScanner } from '../../src/cli/xlsx-stream/scan';
import { parseText, type XmlHandlers } from '../../src/cli/xlsx-stream/xml';

const XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="urn:x" a='1 > 0'><!-- a comment with <c> inside -->
<x:sheetData><x:row r="1" spans="1:3"><x:c r="A1" t="inlineStr"><x:is><x:t xml:space="preserve"> a &amp; b &lt;c&gt; &#233;&#x4E2D; &quot;q&apos; </x:t></x:is></x:c>
<x:c r="B1"><x:v>1.5E-3</x:v></x:c><x:c r="C1" t="str"><x:f>"x"&amp;"y"</x:f><x:v><![CDATA[<raw> & text]]></x:v></x:c><x:c r="D1" s="2"/></x:row>
<x:row r="2" ht="15"><x:c r="A2" t="s"><x:v>0</x:v></x:c></x:row></x:sheetData><x:mergeCells><x:mergeCell ref="A1:B1"/></x:mergeCells></x:worksheet>`;

function recorder(): { h: XmlHandlers; events: string[] } {
  const events: string[] = [];
  const h: XmlHandlers = {
    open: (name, attrs) => events.push(`<${name} ${JSON.stringify(attrs)}`),
    close: (name) => events.push(`</${name}`),
    // Text may arrive in pieces: joined, so only the content is compared.
    text: (t) => { if (events.length && events[events.length - 1]!.startsWith('#')) events[events.length - 1] += t; else events.push(`#${t}`); },
  };
  return { h, events };
}

test.each([1, 2, 3, 7, 64, 100_000])('chunks of %i characters: the same events as saxes', (size) => {
  const want = recorder();
  parseText(XML, want.h);
  const got = recorder();
  const s = new XmlScanner(got.h);
  for (let i = 0; i < XML.length; i += size) s.write(XML.slice(i, i + size));
  s.close();
  // saxes reports text outside the root too (the newline after the declaration); the scanner does not.
  expect(got.events).toEqual(want.events.filter((e, i) => !(i === 0 && e.startsWith('#'))));
  expect(got.events).toContain('# a & b <c> é中 "q\' ');
  expect(got.events).toContain('#<raw> & text');
});

test('a part cut short, or with a document type, is refused', () => {
  const s = new XmlScanner({});
  s.write('<worksheet><sheetData><row>');
  expect(() => s.close()).toThrow('unexpected end of XML');
  expect(() => new XmlScanner({}).write('<!DOCTYPE x [<!ENTITY a "b">]><x/>')).toThrow(/document type/);
});
