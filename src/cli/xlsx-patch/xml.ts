/** Small helpers for the few XML parts edited as text (rels, content types, styles, workbook). */

export function esc(s: string): string {
  // Characters XML 1.0 cannot hold at all are dropped rather than making the part unreadable.
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function unesc(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-fA-F]+|#\d+);/g, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : e === 'amp' ? '&'
      : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)));
}

/** The value of an attribute in a start tag (`name="v"` or `name='v'`), unescaped. */
export function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name.replace(/[:]/g, '\\:')}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return m ? unesc(m[2] ?? m[3] ?? '') : undefined;
}

/** The start tag with the attribute set (added before the tag's end if absent). */
export function setAttr(tag: string, name: string, value: string): string {
  const re = new RegExp(`(\\s${name.replace(/[:]/g, '\\:')}\\s*=\\s*)("[^"]*"|'[^']*')`);
  if (re.test(tag)) return tag.replace(re, `$1"${esc(value)}"`);
  return tag.replace(/\s*(\/?>)$/, ` ${name}="${esc(value)}"$1`);
}

export function dropAttr(tag: string, name: string): string {
  return tag.replace(new RegExp(`\\s${name}\\s*=\\s*("[^"]*"|'[^']*')`), '');
}

/** A1 column letters → 0-based index. */
export function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function colLetters(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) { const m = (n - 1) % 26; s = String.fromCharCode(65 + m) + s; n = Math.floor((n - 1) / 26); }
  return s;
}

export function splitRef(ref: string): { col: number; row: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(ref.toUpperCase());
  if (!m) throw new Error(`not a cell address: ${ref}`);
  return { col: colIndex(m[1]!), row: Number(m[2]) };
}

/** Resolve a relationship target against the folder of the part that owns the rels. */
export function resolveTarget(ownerPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = ownerPart.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

export function relsPathOf(part: string): string {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

export interface Rel { id: string; type: string; target: string; external: boolean }

export function parseRels(xml: string | undefined): Rel[] {
  if (!xml) return [];
  return [...xml.matchAll(/<Relationship\b[^>]*>/g)].map((m) => ({
    id: attr(m[0], 'Id') ?? '', type: attr(m[0], 'Type') ?? '', target: attr(m[0], 'Target') ?? '', external: attr(m[0], 'TargetMode') === 'External',
  }));
}

export const REL = {
  comments: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments',
  vml: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing',
  worksheet: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet',
};
const RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** Add relationships to a rels part (or make one), with ids that do not clash. Returns the new xml and the ids given. */
export function addRels(xml: string | undefined, add: { type: string; target: string }[]): { xml: string; ids: string[] } {
  const base = xml ?? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${RELS_NS}"></Relationships>`;
  const taken = new Set(parseRels(base).map((r) => r.id));
  let n = 1;
  const ids: string[] = [];
  let ins = '';
  for (const a of add) {
    while (taken.has(`rId${n}`)) n++;
    const id = `rId${n}`;
    taken.add(id);
    ids.push(id);
    ins += `<Relationship Id="${id}" Type="${a.type}" Target="${esc(a.target)}"/>`;
  }
  const out = /<Relationships\b[^>]*\/>/.test(base)
    ? base.replace(/<Relationships\b([^>]*)\/>/, `<Relationships$1>${ins}</Relationships>`)
    : base.replace(/<\/Relationships>/, `${ins}</Relationships>`);
  return { xml: out, ids };
}

/** Content types: add an Override for a part, or a Default for an extension, when missing. */
export function addContentTypes(xml: string, overrides: { part: string; type: string }[], defaults: { ext: string; type: string }[]): string {
  let ins = '';
  for (const d of defaults) if (!new RegExp(`<Default\\b[^>]*Extension="${d.ext}"`, 'i').test(xml)) ins += `<Default Extension="${d.ext}" ContentType="${d.type}"/>`;
  for (const o of overrides) if (!xml.includes(`PartName="/${o.part}"`)) ins += `<Override PartName="/${esc(o.part)}" ContentType="${o.type}"/>`;
  return xml.replace(/<\/Types>/, `${ins}</Types>`);
}
