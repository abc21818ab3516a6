import { StringDecoder } from 'node:string_decoder';
import { DATE_FORMAT, TEXT_FORMAT } from '../../core/template/plan';
import type { CellEdit, PatchValue, SheetPatch } from './model';
import type { StylesPatch } from './styles';
import { attr, colIndex, colLetters, dropAttr, esc, setAttr } from './xml';

const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
/** Elements that come after legacyDrawing in a worksheet (the schema's order). */
const AFTER_LEGACY = ['legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts', 'extLst'];

/** Text Excel would take for a formula or a number stays text: it gets the text format as well as the string type. */
export function needsTextFormat(v: string): boolean {
  return /^[=+\-@]/.test(v) || /^0\d/.test(v) || /^\d+(\.\d+)?(e\d+)?$/i.test(v);
}

export function dateSerial(d: Date, date1904: boolean): number {
  return d.getTime() / 86400000 + 25569 - (date1904 ? 1462 : 0);
}

export interface RewriteOptions {
  patch: SheetPatch;
  styles: StylesPatch;
  date1904: boolean;
  /** Relationship id of the notes' drawing, when the sheet must gain a legacyDrawing element. */
  legacyDrawingRid?: string;
}

/** The value's content and type attribute, with the style change a value of that kind needs. */
function valueXml(v: PatchValue, date1904: boolean): { t?: string; inner: string; numFmt?: string } {
  if (v === null || v === undefined) return { inner: '' };
  if (v instanceof Date) return { inner: `<v>${dateSerial(v, date1904)}</v>`, numFmt: DATE_FORMAT };
  if (typeof v === 'number') return Number.isFinite(v) ? { inner: `<v>${v}</v>` } : { t: 'inlineStr', inner: `<is><t>${esc(String(v))}</t></is>` };
  if (typeof v === 'boolean') return { t: 'b', inner: `<v>${v ? 1 : 0}</v>` };
  const text = String(v);
  const t = `<is><t xml:space="preserve">${esc(text)}</t></is>`;
  return needsTextFormat(text) ? { t: 'inlineStr', inner: t, numFmt: TEXT_FORMAT } : { t: 'inlineStr', inner: t };
}

/** A plain row of values (appended rows and new sheets), inline strings, no styles. */
export function plainRow(rowNo: number, values: PatchValue[], date1904: boolean, styles?: StylesPatch): string {
  let out = `<row r="${rowNo}">`;
  values.forEach((v, i) => {
    if (v === null || v === undefined) return;
    const x = valueXml(v, date1904);
    const s = x.numFmt && styles ? ` s="${styles.xf(0, { numFmt: x.numFmt })}"` : '';
    out += `<c r="${colLetters(i)}${rowNo}"${s}${x.t ? ` t="${x.t}"` : ''}>${x.inner}</c>`;
  });
  return `${out}</row>`;
}

/** The used range of rows written from A1 down (a sheet written whole), or undefined when all are empty. */
export function usedRange(rows: readonly PatchValue[][]): string | undefined {
  let lastRow = 0, lastCol = -1;
  rows.forEach((r, i) => r.forEach((v, c) => { if (v !== null && v !== undefined) { lastRow = i + 1; lastCol = Math.max(lastCol, c); } }));
  if (!lastRow) return undefined;
  const end = `${colLetters(lastCol)}${lastRow}`;
  return end === 'A1' ? end : `A1:${end}`;
}

/**
 * The sheet's `<dimension ref>` grown to take in the cells the patch writes
 * (readers size the used range by it; cells past it may be overlooked). Rows
 * appended go after the dimension's last row (or the last row edited), as they go after the sheet's.
 * Never shrunk; a ref that is not a plain A1 range is left as it is.
 */
export function widenDimension(ref: string, patch: SheetPatch): string {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(ref.trim().toUpperCase());
  if (!m) return ref;
  let c1 = colIndex(m[1]!), r1 = Number(m[2]);
  let c2 = m[3] ? colIndex(m[3]) : c1, r2 = m[4] ? Number(m[4]) : r1;
  const last = r2;
  let grown = false;
  const take = (r: number, c: number) => {
    if (r >= r1 && r <= r2 && c >= c1 && c <= c2) return;
    c1 = Math.min(c1, c); c2 = Math.max(c2, c); r1 = Math.min(r1, r); r2 = Math.max(r2, r);
    grown = true;
  };
  // Rows appended go after the last row edited too (no spread: an annotated sheet may edit a million rows).
  let n = last;
  for (const [r, cols] of patch.cells) { n = Math.max(n, r); for (const c of cols.keys()) take(r, c); }
  for (const row of patch.appendRows ?? []) {
    n++;
    row.forEach((v, c) => { if (v !== null && v !== undefined) take(n, c); });
  }
  if (!grown) return ref;
  const a = `${colLetters(c1)}${r1}`, b = `${colLetters(c2)}${r2}`;
  return a === b ? a : `${a}:${b}`;
}

/**
 * Stream a worksheet's XML and write it back with only the edited rows
 * rebuilt: rows without edits are copied as text, cells keep their other
 * attributes, missing rows and cells are created in order, and the notes'
 * legacy drawing is referenced at its place in the schema's order.
 */
export async function* rewriteSheet(input: AsyncIterable<Buffer | string>, o: RewriteOptions): AsyncGenerator<string> {
  const { patch, styles } = o;
  const editRows = [...patch.cells.keys()].sort((a, b) => a - b);
  let ei = 0;
  const colStyle: { min: number; max: number; style: number }[] = [];
  const dec = new StringDecoder('utf8');
  let buf = '';
  let state: 'head' | 'rows' | 'tail' = 'head';
  let lastRow = 0;
  let tail = '';
  let hasRNs = false;

  const baseStyle = (rowTag: string, col: number): number => {
    if (attr(rowTag, 'customFormat') === '1') return Number(attr(rowTag, 's') ?? 0);
    for (const c of colStyle) if (col + 1 >= c.min && col + 1 <= c.max) return c.style;
    return 0;
  };

  const cellXml = (ref: string, col: number, rowTag: string, tag: string | undefined, inner: string | undefined, e: CellEdit): string => {
    const own = tag ? Number(attr(tag, 's') ?? 0) : baseStyle(rowTag, col);
    let change = e.style ?? {};
    let content = inner ?? '';
    let t = tag ? attr(tag, 't') : undefined;
    let start = tag ? tag.replace(/\/>$/, '>') : `<c r="${ref}">`;
    if (e.value) {
      const x = valueXml(e.value.v, o.date1904);
      if (x.numFmt) change = { ...change, numFmt: x.numFmt };
      content = x.inner;
      t = x.t;
      // Metadata that described the old value (rich values, dynamic arrays) no longer applies.
      start = dropAttr(dropAttr(start, 'cm'), 'vm');
    }
    const s = change.fill || change.numFmt || change.bold || change.italic ? styles.xf(own, change) : own;
    start = s ? setAttr(start, 's', String(s)) : dropAttr(start, 's');
    start = t ? setAttr(start, 't', t) : dropAttr(start, 't');
    return content ? `${start}${content}</c>` : start.replace(/>$/, '/>');
  };

  /** A row's content with the edits merged in column order. */
  const editRow = (rowNo: number, rowTag: string, inner: string, edits: Map<number, CellEdit>): string => {
    const cols = [...edits.keys()].sort((a, b) => a - b);
    let ci = 0;
    let out = '';
    let next = 0;
    const cellRe = /<c\b[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g;
    let rest = inner;
    let m: RegExpExecArray | null;
    let lastEnd = 0;
    while ((m = cellRe.exec(inner))) {
      lastEnd = m.index + m[0].length;
      const whole = m[0];
      const tagEnd = whole.indexOf('>') + 1;
      let tag = whole.slice(0, tagEnd);
      const ref = attr(tag, 'r');
      const col = ref ? colIndex(ref.replace(/\d+$/, '').replace(/^\$/, '')) : next;
      if (!ref) tag = setAttr(tag, 'r', `${colLetters(col)}${rowNo}`);
      next = col + 1;
      while (ci < cols.length && cols[ci]! < col) { const c = cols[ci++]!; out += cellXml(`${colLetters(c)}${rowNo}`, c, rowTag, undefined, undefined, edits.get(c)!); }
      if (ci < cols.length && cols[ci] === col) {
        const selfClosing = tag.endsWith('/>');
        const cellInner = selfClosing ? '' : whole.slice(tagEnd, whole.length - 4);
        out += cellXml(`${colLetters(col)}${rowNo}`, col, rowTag, tag, cellInner, edits.get(col)!);
        ci++;
      } else out += ref ? whole : tag + whole.slice(tagEnd);
    }
    rest = inner.slice(lastEnd);
    while (ci < cols.length) { const c = cols[ci++]!; out += cellXml(`${colLetters(c)}${rowNo}`, c, rowTag, undefined, undefined, edits.get(c)!); }
    return out + rest;
  };

  const newRow = (rowNo: number): string => {
    const edits = patch.cells.get(rowNo)!;
    const tag = `<row r="${rowNo}">`;
    return `${tag}${editRow(rowNo, tag, '', edits)}</row>`;
  };

  /** Rows to create before row `upTo` (exclusive). */
  const pendingBefore = (upTo: number): string => {
    let out = '';
    while (ei < editRows.length && editRows[ei]! < upTo) out += newRow(editRows[ei++]!);
    return out;
  };

  const finishRows = (): string => {
    let out = pendingBefore(Infinity);
    let n = Math.max(lastRow, editRows.length ? editRows[editRows.length - 1]! : 0);
    for (const r of patch.appendRows ?? []) out += plainRow(++n, r, o.date1904, styles);
    return out;
  };

  const head = (given: string): string => {
    const text = given.replace(/<dimension\b[^>]*>/, (tag) => { const ref = attr(tag, 'ref'); return ref === undefined ? tag : setAttr(tag, 'ref', widenDimension(ref, patch)); });
    hasRNs = /<worksheet\b[^>]*xmlns:r=/.test(text);
    for (const m of text.matchAll(/<col\b[^>]*>/g)) {
      const s = attr(m[0], 'style');
      if (s) colStyle.push({ min: Number(attr(m[0], 'min')), max: Number(attr(m[0], 'max')), style: Number(s) });
    }
    if (!patch.widths?.size) return text;
    // Column entries may not overlap: a column the sheet already describes keeps its own width.
    const existing = [...text.matchAll(/<col\b[^>]*>/g)].map((m) => ({ min: Number(attr(m[0], 'min')), xml: m[0] }));
    const covered = (c: number) => existing.some((e) => c + 1 >= e.min && c + 1 <= Number(attr(e.xml, 'max')));
    const add = [...patch.widths].filter(([c]) => !covered(c)).map(([c, w]) => ({ min: c + 1, xml: `<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>` }));
    if (!add.length) return text;
    const cols = `<cols>${[...existing, ...add].sort((a, b) => a.min - b.min).map((e) => e.xml).join('')}</cols>`;
    if (/<cols\b[^>]*\/>|<cols\b[^>]*>[\s\S]*?<\/cols>/.test(text)) return text.replace(/<cols\b[^>]*\/>|<cols\b[^>]*>[\s\S]*?<\/cols>/, cols);
    // The head ends where sheetData starts, which is where the schema puts cols.
    return `${text}${cols}`;
  };

  const finishTail = (text: string): string => {
    if (!o.legacyDrawingRid) return text;
    const el = `<legacyDrawing ${hasRNs ? '' : `xmlns:r="${R_NS}" `}r:id="${o.legacyDrawingRid}"/>`;
    let at = text.indexOf('</worksheet>');
    for (const b of AFTER_LEGACY) {
      const i = text.search(new RegExp(`<${b}\\b`));
      if (i >= 0 && i < at) at = i;
    }
    return `${text.slice(0, at)}${el}${text.slice(at)}`;
  };

  const step = (final: boolean): string => {
    let out = '';
    let pos = 0;
    if (state === 'head') {
      const i = buf.indexOf('<sheetData');
      if (i < 0) return '';
      const j = buf.indexOf('>', i);
      if (j < 0) return '';
      const open = buf.slice(i, j + 1);
      out += head(buf.slice(0, i));
      if (open.endsWith('/>')) {
        out += `<sheetData>${finishRows()}</sheetData>`;
        state = 'tail';
      } else {
        out += open;
        state = 'rows';
      }
      pos = j + 1;
    }
    while (state === 'rows') {
      const r = buf.indexOf('<row', pos);
      const end = buf.indexOf('</sheetData>', pos);
      if (end >= 0 && (r < 0 || end < r)) {
        out += buf.slice(pos, end) + finishRows() + '</sheetData>';
        pos = end + 12;
        state = 'tail';
        break;
      }
      if (r < 0) break;
      const te = buf.indexOf('>', r);
      if (te < 0) break;
      let rowTag = buf.slice(r, te + 1);
      const empty = rowTag.endsWith('/>');
      let close = te + 1;
      if (!empty) {
        const c = buf.indexOf('</row>', te);
        if (c < 0) break;
        close = c + 6;
      }
      const given = attr(rowTag, 'r');
      const rowNo = given ? Number(given) : lastRow + 1;
      if (!given) rowTag = setAttr(rowTag, 'r', String(rowNo));
      lastRow = rowNo;
      out += buf.slice(pos, r) + pendingBefore(rowNo);
      const edits = patch.cells.get(rowNo);
      if (edits) {
        ei++;
        const tag = dropAttr(rowTag.replace(/\/>$/, '>'), 'spans');
        const inner = empty ? '' : buf.slice(te + 1, close - 6);
        out += `${tag}${editRow(rowNo, tag, inner, edits)}</row>`;
      } else out += given ? buf.slice(r, close) : rowTag + buf.slice(te + 1, close);
      pos = close;
    }
    if (state === 'tail') {
      tail += buf.slice(pos);
      pos = buf.length;
      if (final) out += finishTail(tail);
    } else if (final) throw new Error('the sheet ends before its data does');
    buf = buf.slice(pos);
    return out;
  };

  for await (const chunk of input) {
    buf += typeof chunk === 'string' ? chunk : dec.write(chunk);
    const out = step(false);
    if (out) yield out;
  }
  buf += dec.end();
  yield step(true);
}
