/** Elements by local name (prefixes dropped), attributes as written, text decoded. */
export interface XmlHandlers {
  open?(name: string, attrs: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

/**
 * A small XML tokenizer for the big parts (sheets, shared strings), fed the
 * inflated text chunk by chunk. SpreadsheetML parts have no DTD, no
 * entities beyond the five predefined ones and character references, and
 * elements only: that is all this reads. It is about twice as fast as a
 * general SAX parser on sheet XML (bench/read.ts), and the equality tests
 * against ExcelJS (test/cli/xlsx-stream.test.ts) hold it to the same values.
 */
const ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (_, hex: string | undefined, dec: string | undefined, name: string | undefined) =>
    name ? NAMED[name]! : String.fromCodePoint(hex ? parseInt(hex, 16) : parseInt(dec!, 10)));
}

const normalizeText = (s: string): string => (s.indexOf('\r') < 0 ? s : s.replace(/\r\n?/g, '\n'));
const normalizeAttr = (s: string): string => (/[\t\n\r]/.test(s) ? s.replace(/\r\n|[\t\n\r]/g, ' ') : s);

/** `name="value"` pairs of a start tag, from `from` to `to` in `s`: read in place, without slicing the tag first. */
function readAttrs(s: string, from: number, to: number, out: Record<string, string>): void {
  let i = from;
  while (i < to) {
    while (i < to && isSpace(s.charCodeAt(i))) i++;
    const nameStart = i;
    while (i < to) { const c = s.charCodeAt(i); if (c === 61 /* = */ || isSpace(c)) break; i++; }
    const name = s.slice(nameStart, i);
    while (i < to && s.charCodeAt(i) !== 61) i++;
    i++;
    while (i < to && isSpace(s.charCodeAt(i))) i++;
    const q = s.charCodeAt(i);
    if (q !== 34 && q !== 39) return;
    const end = s.indexOf(q === 34 ? '"' : "'", i + 1);
    if (end < 0 || end > to) return;
    const raw = s.slice(i + 1, end);
    if (name) out[name] = raw.indexOf('&') < 0 && !/[\t\n\r]/.test(raw) ? raw : decode(normalizeAttr(raw));
    i = end + 1;
  }
}

export class XmlScanner {
  private rest = '';
  private depth = 0;

  constructor(private readonly h: XmlHandlers) {}

  private local(name: string): string {
    const i = name.indexOf(':');
    return i < 0 ? name : name.slice(i + 1);
  }

  /** Where the tag opened at `lt` ends (its `>`), skipping `>` inside quoted attribute values; -1 if not in this text. */
  private tagEnd(s: string, lt: number): number {
    // One pass over the tag alone (searching the chunk for a quote would cost the whole chunk per tag).
    let quote = 0;
    for (let i = lt + 1; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (quote) { if (c === quote) quote = 0; } else if (c === 34 || c === 39) quote = c; else if (c === 62) return i;
    }
    return -1;
  }

  write(chunk: string): void {
    const s = this.rest ? this.rest + chunk : chunk;
    const { h } = this;
    let i = 0;
    for (;;) {
      const lt = s.indexOf('<', i);
      if (lt < 0) break;
      if (lt > i && this.depth > 0 && h.text) h.text(decode(normalizeText(s.slice(i, lt))));
      const c1 = s.charCodeAt(lt + 1);
      if (c1 === 33 /* ! */ || c1 === 63 /* ? */) {
        let end: number;
        let text: string | null = null;
        if (s.startsWith('<![CDATA[', lt)) {
          const e = s.indexOf(']]>', lt + 9);
          if (e >= 0) text = s.slice(lt + 9, e);
          end = e < 0 ? -1 : e + 3;
        } else if (s.startsWith('<!--', lt)) {
          const e = s.indexOf('-->', lt + 4);
          end = e < 0 ? -1 : e + 3;
        } else if (c1 === 63) {
          const e = s.indexOf('?>', lt + 2);
          end = e < 0 ? -1 : e + 2;
        } else if (s.length - lt < 9) {
          end = -1; // too short yet to tell CDATA or a comment from a declaration
        } else {
          throw new Error('document type declarations are not allowed in a workbook part');
        }
        if (end < 0) { this.rest = s.slice(lt); return; }
        if (text !== null && h.text) h.text(normalizeText(text));
        i = end;
        continue;
      }
      const gt = this.tagEnd(s, lt);
      if (gt < 0) { this.rest = s.slice(lt); return; }
      if (c1 === 47 /* / */) {
        this.depth--;
        let e = gt;
        while (isSpace(s.charCodeAt(e - 1))) e--;
        h.close?.(this.local(s.slice(lt + 2, e)));
      } else {
        const selfClosing = s.charCodeAt(gt - 1) === 47;
        const bodyEnd = selfClosing ? gt - 1 : gt;
        let n = lt + 1;
        while (n < bodyEnd && !isSpace(s.charCodeAt(n))) n++;
        const name = this.local(s.slice(lt + 1, n));
        const attrs: Record<string, string> = {};
        if (n < bodyEnd) readAttrs(s, n, bodyEnd, attrs);
        h.open?.(name, attrs);
        if (selfClosing) h.close?.(name); else this.depth++;
      }
      i = gt + 1;
    }
    // Text after the last tag waits for the next chunk: an entity may be cut in two.
    this.rest = s.slice(i);
  }

  close(): void {
    if (this.rest.trim() !== '' || this.depth !== 0) throw new Error('unexpected end of XML');
  }
}

/**
 * A copy of a string that does not point into the chunk it was cut from: V8
 * keeps a slice of 13 characters or more as a view on its parent, so a value
 * kept from a 256 KB chunk would keep the chunk (the whole XML, row by row).
 * Concatenating and slicing again makes V8 flatten it into a string of its own.
 */
export const detach = (s: string): string => (s.length < 13 ? s : (` ${s}`).slice(1));

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;
