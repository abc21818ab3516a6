import { attr, esc, splitRef, unesc } from './xml';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const AUTHOR = 'CTMS Collect';

function commentXml(ref: string, author: number, text: string): string {
  return `<comment ref="${ref}" authorId="${author}"><text><r><t xml:space="preserve">${esc(text)}</t></r></text></comment>`;
}

/**
 * The comments part with the notes in it: a part the sheet already has keeps
 * its authors and other comments, and a note on the same cell is replaced.
 */
export function* commentsPart(existing: string | undefined, notes: Map<string, string>): Generator<string> {
  if (!existing) {
    yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="${MAIN_NS}"><authors><author>${AUTHOR}</author></authors><commentList>`;
    for (const [ref, text] of notes) yield commentXml(ref, 0, text);
    yield '</commentList></comments>';
    return;
  }
  const authors = [...existing.matchAll(/<author>([\s\S]*?)<\/author>|<author\/>/g)].map((m) => unesc(m[1] ?? ''));
  let xml = existing;
  let author = authors.indexOf(AUTHOR);
  if (author < 0) {
    author = authors.length;
    xml = /<authors\s*\/>/.test(xml) ? xml.replace(/<authors\s*\/>/, `<authors><author>${AUTHOR}</author></authors>`) : xml.replace(/<\/authors>/, `<author>${AUTHOR}</author></authors>`);
  }
  xml = xml.replace(/<comment\b[^>]*?(?:\/>|>[\s\S]*?<\/comment>)/g, (c) => (notes.has((attr(c, 'ref') ?? '').toUpperCase()) ? '' : c));
  const add = [...notes].map(([ref, text]) => commentXml(ref, author, text)).join('');
  yield /<commentList\s*\/>/.test(xml) ? xml.replace(/<commentList\s*\/>/, `<commentList>${add}</commentList>`) : xml.replace(/<\/commentList>/, `${add}</commentList>`);
}

function shape(id: number, ref: string): string {
  const { col, row } = splitRef(ref);
  const r = row - 1;
  return `<v:shape id="_x0000_s${id}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:108pt;height:59.25pt;z-index:${id};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${col + 1}, 15, ${Math.max(r - 1, 0)}, 10, ${col + 3}, 15, ${r + 3}, 4</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>${r}</x:Row><x:Column>${col}</x:Column></x:ClientData></v:shape>`;
}

const SHAPETYPE = '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>';

/**
 * The legacy drawing Excel needs to show a note (one hidden text box per
 * note). A drawing the sheet already has keeps its shapes; cells that already
 * have a box are not given a second one.
 */
export function* vmlPart(existing: string | undefined, notes: Map<string, string>, block: number): Generator<string> {
  if (!existing) {
    yield `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${block}"/></o:shapelayout>${SHAPETYPE}`;
    let id = block * 1024;
    for (const ref of notes.keys()) yield shape(++id, ref);
    yield '</xml>';
    return;
  }
  const have = new Set<string>();
  for (const m of existing.matchAll(/<x:Row>\s*(\d+)\s*<\/x:Row>\s*<x:Column>\s*(\d+)\s*<\/x:Column>/g)) have.add(`${m[1]}:${m[2]}`);
  let id = block * 1024;
  for (const m of existing.matchAll(/_x0000_s(\d+)/g)) id = Math.max(id, Number(m[1]));
  let add = existing.includes('_x0000_t202') ? '' : SHAPETYPE;
  for (const ref of notes.keys()) {
    const { col, row } = splitRef(ref);
    if (!have.has(`${row - 1}:${col}`)) add += shape(++id, ref);
  }
  const at = existing.lastIndexOf('</xml>');
  yield `${existing.slice(0, at)}${add}${existing.slice(at)}`;
}
