import { attr, esc, setAttr } from './xml';

/** Number formats Excel knows by id without listing them. */
const BUILTIN_FORMATS: Record<string, number> = { General: 0, '0': 1, '0.00': 2, '@': 49 };

export interface StyleChange {
  /** Solid fill colour, as #RRGGBB. */
  fill?: string;
  numFmt?: string;
  bold?: boolean;
  italic?: boolean;
}

function section(xml: string, name: string): { start: number; end: number; inner: string; open: string } | undefined {
  const m = new RegExp(`<${name}\\b[^>]*?(/?)>`).exec(xml);
  if (!m) return undefined;
  if (m[1] === '/') return { start: m.index, end: m.index + m[0].length, inner: '', open: m[0].replace(/\/>$/, '>') };
  const close = xml.indexOf(`</${name}>`, m.index);
  return { start: m.index, end: close + name.length + 3, inner: xml.slice(m.index + m[0].length, close), open: m[0] };
}

function elements(inner: string, name: string): string[] {
  return inner.match(new RegExp(`<${name}\\b[^>]*?(?:/>|>[\\s\\S]*?</${name}>)`, 'g')) ?? [];
}

/**
 * styles.xml, kept as written, with cell formats added at the end of each list:
 * a new format is a copy of the cell's own format with the fill (or number
 * format, or font) changed, so everything else about the cell's look survives.
 */
export class StylesPatch {
  private fills: string[] = [];
  private fonts: string[] = [];
  private numFmts: string[] = [];
  private xfs: string[];
  private fillCount: number;
  private fontList: string[];
  private fmtIds = new Map<string, number>();
  private nextFmt = 164;
  private added: string[] = [];
  private memo = new Map<string, number>();
  private fillMemo = new Map<string, number>();
  private fontMemo = new Map<string, number>();
  private fmtCount = 0;

  constructor(private xml: string) {
    this.xfs = elements(section(xml, 'cellXfs')?.inner ?? '', 'xf');
    this.fillCount = elements(section(xml, 'fills')?.inner ?? '', 'fill').length;
    this.fontList = elements(section(xml, 'fonts')?.inner ?? '', 'font');
    for (const f of elements(section(xml, 'numFmts')?.inner ?? '', 'numFmt')) {
      this.fmtCount++;
      const id = Number(attr(f, 'numFmtId'));
      this.fmtIds.set(attr(f, 'formatCode') ?? '', id);
      if (id >= this.nextFmt) this.nextFmt = id + 1;
    }
  }

  get count(): number { return this.xfs.length + this.added.length; }

  private fmtId(code: string): number {
    const known = BUILTIN_FORMATS[code] ?? this.fmtIds.get(code);
    if (known !== undefined) return known;
    const id = this.nextFmt++;
    this.fmtIds.set(code, id);
    this.numFmts.push(`<numFmt numFmtId="${id}" formatCode="${esc(code)}"/>`);
    return id;
  }

  private fillId(hex: string): number {
    const hit = this.fillMemo.get(hex);
    if (hit !== undefined) return hit;
    const argb = `FF${hex.replace('#', '').toUpperCase()}`;
    this.fills.push(`<fill><patternFill patternType="solid"><fgColor rgb="${argb}"/><bgColor indexed="64"/></patternFill></fill>`);
    const id = this.fillCount + this.fills.length - 1;
    this.fillMemo.set(hex, id);
    return id;
  }

  private fontId(base: number, bold: boolean, italic: boolean): number {
    const key = `${base}|${bold}|${italic}`;
    const hit = this.fontMemo.get(key);
    if (hit !== undefined) return hit;
    let font = this.fontList[base] ?? '<font><sz val="11"/><name val="Calibri"/></font>';
    if (font.endsWith('/>')) font = font.replace(/\/>$/, '></font>');
    font = font.replace(/<b\b[^>]*\/>|<i\b[^>]*\/>/g, '').replace(/^<font\b[^>]*>/, (o) => `${o}${bold ? '<b/>' : ''}${italic ? '<i/>' : ''}`);
    this.fonts.push(font);
    const id = this.fontList.length + this.fonts.length - 1;
    this.fontMemo.set(key, id);
    return id;
  }

  /** The index of a cell format like `base` with the change made. */
  xf(base: number, change: StyleChange): number {
    const key = `${base}|${change.fill ?? ''}|${change.numFmt ?? ''}|${change.bold ?? ''}|${change.italic ?? ''}`;
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    let xf = this.xfs[base] ?? this.xfs[0] ?? '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';
    if (change.fill) xf = setAttr(setAttr(xf, 'fillId', String(this.fillId(change.fill))), 'applyFill', '1');
    if (change.numFmt) xf = setAttr(setAttr(xf, 'numFmtId', String(this.fmtId(change.numFmt))), 'applyNumberFormat', '1');
    if (change.bold || change.italic) xf = setAttr(setAttr(xf, 'fontId', String(this.fontId(Number(attr(xf, 'fontId') ?? 0), !!change.bold, !!change.italic))), 'applyFont', '1');
    // The start tag alone carries what changed; children (alignment, protection) are kept.
    this.added.push(xf);
    const id = this.count - 1;
    this.memo.set(key, id);
    return id;
  }

  get changed(): boolean { return this.added.length > 0; }

  toXml(): string {
    let xml = this.xml;
    const put = (name: string, items: string[], total: number, before: string[]) => {
      if (!items.length) return;
      const s = section(xml, name);
      if (s) {
        const open = setAttr(s.open, 'count', String(total));
        xml = `${xml.slice(0, s.start)}${open}${s.inner}${items.join('')}</${name}>${xml.slice(s.end)}`;
        return;
      }
      // A list the file lacks goes where the schema orders it: before the first of the lists that follow it.
      const block = `<${name} count="${total}">${items.join('')}</${name}>`;
      for (const b of before) {
        const at = new RegExp(`<${b}\\b`).exec(xml);
        if (at) { xml = `${xml.slice(0, at.index)}${block}${xml.slice(at.index)}`; return; }
      }
      xml = xml.replace(/<\/styleSheet>/, `${block}</styleSheet>`);
    };
    const after = ['fonts', 'fills', 'borders', 'cellStyleXfs', 'cellXfs', 'cellStyles', 'dxfs', 'tableStyles', 'colors', 'extLst'];
    put('numFmts', this.numFmts, this.fmtCount + this.numFmts.length, after);
    put('fonts', this.fonts, this.fontList.length + this.fonts.length, after.slice(1));
    put('fills', this.fills, this.fillCount + this.fills.length, after.slice(2));
    put('cellXfs', this.added, this.count, after.slice(5));
    return xml;
  }

}
