import { formatRect, parseArea, quoteSheet, type Rect } from './address';
import { FakeClientResult, FakeObject, jsonSize, type FakeContext } from './context';
import { FakeExcelError } from './errors';
import { cellKey, coerce, formatText, outValue, valueType, type ErrorAlertSpec, type FakeSheet, type ValidationSpec } from './model';

/** Something that resolves to a sheet at sync time (a worksheet proxy). */
export interface SheetRef {
  resolveSheet(): FakeSheet;
  activateNow?(): void;
}

export type Area = { sheet: FakeSheet; rect: Rect };
type AreasFn = () => Area[];

function eachCell(areas: Area[], fn: (s: FakeSheet, r: number, c: number) => void): void {
  for (const { sheet, rect } of areas) {
    for (let r = rect.r0; r <= rect.r1; r++) for (let c = rect.c0; c <= rect.c1; c++) fn(sheet, r, c);
  }
}

function uniform<T>(areas: Area[], get: (s: FakeSheet, r: number, c: number) => T): T | null {
  let first = true;
  let out: T | null = null;
  let same = true;
  eachCell(areas, (s, r, c) => {
    if (!same) return;
    const v = get(s, r, c);
    if (first) { out = v; first = false; } else if (v !== out) same = false;
  });
  return same ? out : null;
}

export class FakeRangeFill extends FakeObject {
  constructor(ctx: FakeContext, private readonly areas: AreasFn) { super(ctx, 'RangeFill'); }
  protected override defaultProps() { return ['color', 'pattern']; }
  protected read(prop: string): unknown {
    const a = this.areas();
    if (prop === 'color') return uniform(a, (s, r, c) => s.fills.get(cellKey(r, c))?.color ?? '#FFFFFF');
    if (prop === 'pattern') return uniform(a, (s, r, c) => s.fills.get(cellKey(r, c))?.pattern ?? 'None');
    throw new FakeExcelError('InvalidArgument', `RangeFill.${prop} is not modelled`);
  }
  get color(): string { return this.get('color'); }
  set color(v: string) {
    this.context.queue(jsonSize(v), () => eachCell(this.areas(), (s, r, c) => {
      const k = cellKey(r, c);
      const old = s.fills.get(k);
      s.fills.set(k, { color: v.toUpperCase(), pattern: old && old.pattern !== 'None' ? old.pattern : 'Solid' });
    }));
  }
  get pattern(): string { return this.get('pattern'); }
  set pattern(v: string) {
    this.context.queue(jsonSize(v), () => eachCell(this.areas(), (s, r, c) => {
      const k = cellKey(r, c);
      if (v === 'None') s.fills.delete(k);
      else s.fills.set(k, { color: s.fills.get(k)?.color ?? '#000000', pattern: v });
    }));
  }
  clear(): void {
    this.context.queue(0, () => eachCell(this.areas(), (s, r, c) => { s.fills.delete(cellKey(r, c)); }));
  }
}

export class FakeRangeFont extends FakeObject {
  constructor(ctx: FakeContext, private readonly areas: AreasFn) { super(ctx, 'RangeFont'); }
  protected override defaultProps() { return ['bold', 'color']; }
  protected read(prop: string): unknown {
    const a = this.areas();
    if (prop === 'bold') return uniform(a, (s, r, c) => s.bold.get(cellKey(r, c)) ?? false);
    if (prop === 'color') return uniform(a, (s, r, c) => s.fontColor.get(cellKey(r, c)) ?? '#000000');
    throw new FakeExcelError('InvalidArgument', `RangeFont.${prop} is not modelled`);
  }
  get bold(): boolean { return this.get('bold'); }
  set bold(v: boolean) { this.context.queue(8, () => eachCell(this.areas(), (s, r, c) => { s.bold.set(cellKey(r, c), v); })); }
  get color(): string { return this.get('color'); }
  set color(v: string) { this.context.queue(12, () => eachCell(this.areas(), (s, r, c) => { s.fontColor.set(cellKey(r, c), v.toUpperCase()); })); }
}

/** Cell locking, which only matters once the sheet is protected. */
export class FakeFormatProtection extends FakeObject {
  constructor(ctx: FakeContext, private readonly areas: AreasFn) { super(ctx, 'FormatProtection'); }
  protected override defaultProps() { return ['locked']; }
  protected read(prop: string): unknown {
    if (prop === 'locked') return uniform(this.areas(), (s, r, c) => !s.unlocked.has(cellKey(r, c)));
    throw new FakeExcelError('InvalidArgument', `FormatProtection.${prop} is not modelled`);
  }
  get locked(): boolean { return this.get('locked'); }
  set locked(v: boolean) {
    this.context.queue(8, () => eachCell(this.areas(), (s, r, c) => { if (v) s.unlocked.delete(cellKey(r, c)); else s.unlocked.add(cellKey(r, c)); }));
  }
}

export class FakeRangeFormat extends FakeObject {
  readonly fill: FakeRangeFill;
  readonly font: FakeRangeFont;
  readonly protection: FakeFormatProtection;
  constructor(ctx: FakeContext, private readonly areas: AreasFn) {
    super(ctx, 'RangeFormat');
    this.fill = new FakeRangeFill(ctx, areas);
    this.font = new FakeRangeFont(ctx, areas);
    this.protection = new FakeFormatProtection(ctx, areas);
  }
  protected override nav(prop: string) { return prop === 'fill' ? this.fill : prop === 'font' ? this.font : prop === 'protection' ? this.protection : undefined; }
  protected override defaultProps() { return ['columnWidth']; }
  protected read(prop: string): unknown {
    if (prop === 'columnWidth') {
      const { sheet, rect } = this.areas()[0]!;
      return sheet.columnWidths.get(rect.c0) ?? 48;
    }
    throw new FakeExcelError('InvalidArgument', `RangeFormat.${prop} is not modelled`);
  }
  get columnWidth(): number { return this.get('columnWidth'); }
  set columnWidth(v: number) {
    this.context.queue(10, () => {
      for (const { sheet, rect } of this.areas()) for (let c = rect.c0; c <= rect.c1; c++) sheet.columnWidths.set(c, v);
    });
  }
  set wrapText(_v: boolean) { this.context.queue(8, () => {}); }
  set verticalAlignment(_v: string) { this.context.queue(8, () => {}); }
  autofitColumns(): void { this.context.queue(0, () => {}); }
}

export class FakeDataValidation extends FakeObject {
  constructor(ctx: FakeContext, private readonly areas: AreasFn) { super(ctx, 'DataValidation'); }
  protected override defaultProps() { return ['rule', 'prompt', 'errorAlert', 'type']; }
  private spec(s: FakeSheet, r: number, c: number): ValidationSpec | undefined { return s.validation.get(cellKey(r, c)); }
  protected read(prop: string): unknown {
    const a = this.areas();
    const first = a[0]!;
    const spec = this.spec(first.sheet, first.rect.r0, first.rect.c0);
    const same = uniform(a, (s, r, c) => JSON.stringify(this.spec(s, r, c) ?? null)) !== null;
    if (prop === 'type') {
      if (!same) return 'Inconsistent';
      const rule = spec?.rule;
      if (!rule) return 'None';
      const k = Object.keys(rule)[0]!;
      return k === 'wholeNumber' ? 'WholeNumber' : k === 'textLength' ? 'TextLength' : k[0]!.toUpperCase() + k.slice(1);
    }
    if (prop === 'rule') return same ? spec?.rule ?? {} : null;
    if (prop === 'prompt') return same ? spec?.prompt ?? { showPrompt: false, title: '', message: '' } : null;
    if (prop === 'errorAlert') return same ? spec?.errorAlert ?? { showAlert: true, style: 'Stop', title: '', message: '' } : null;
    if (prop === 'valid') return true;
    throw new FakeExcelError('InvalidArgument', `DataValidation.${prop} is not modelled`);
  }
  private update(bytes: number, fn: (v: ValidationSpec) => void): void {
    this.context.queue(bytes, () => eachCell(this.areas(), (s, r, c) => {
      const k = cellKey(r, c);
      const v = s.validation.get(k) ?? { rule: null, prompt: null };
      fn(v);
      if (!v.rule && !v.prompt && !v.errorAlert) s.validation.delete(k); else s.validation.set(k, { ...v });
    }));
  }
  get rule(): Record<string, unknown> { return this.get('rule'); }
  set rule(v: Record<string, unknown>) {
    const keys = Object.keys(v);
    if (keys.length !== 1) throw new FakeExcelError('InvalidArgument', 'A data validation rule needs exactly one kind.');
    this.update(jsonSize(v), (x) => { x.rule = structuredCloneJson(v); });
  }
  get prompt(): ValidationSpec['prompt'] { return this.get('prompt'); }
  set prompt(p: NonNullable<ValidationSpec['prompt']>) {
    if (p.title.length > 32 || p.message.length > 255) throw new FakeExcelError('InvalidArgument', 'Prompt title ≤ 32 and message ≤ 255 characters.');
    this.update(jsonSize(p), (x) => { x.prompt = { ...p }; });
  }
  get errorAlert(): ErrorAlertSpec { return this.get('errorAlert'); }
  set errorAlert(a: ErrorAlertSpec) {
    if (!['Stop', 'Warning', 'Information'].includes(a.style)) throw new FakeExcelError('InvalidArgument', `Unknown error alert style ${a.style}.`);
    if (a.title.length > 32 || a.message.length > 255) throw new FakeExcelError('InvalidArgument', 'Error alert title ≤ 32 and message ≤ 255 characters.');
    this.update(jsonSize(a), (x) => { x.errorAlert = { ...a }; });
  }
  get type(): string { return this.get('type'); }
  clear(): void { this.update(0, (x) => { x.rule = null; x.prompt = null; x.errorAlert = null; }); }
}

function structuredCloneJson<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

type Grid = unknown[][] | unknown;

function checkGrid(v: Grid, rows: number, cols: number, what: string): (r: number, c: number) => unknown {
  if (!Array.isArray(v)) return () => v;
  if (v.length !== rows || v.some((row) => !Array.isArray(row) || row.length !== cols)) {
    throw new FakeExcelError('InvalidArgument', `The number of rows or columns in the input array for ${what} doesn't match the size or dimensions of the range (${rows}×${cols}).`);
  }
  return (r, c) => (v as unknown[][])[r]![c];
}

/** Excel refuses writes to a protected sheet's (locked) cells; every cell counts as locked here. */
function assertUnprotected(sheet: FakeSheet): void {
  if (sheet.protectedSheet) throw new FakeExcelError('InvalidOperation', `The cell or chart you're trying to change is on a protected sheet (${sheet.name}).`);
}

/** Proxy for Excel.Range: one rectangle on one sheet, resolved at sync time. */
export class FakeRange extends FakeObject {
  readonly format: FakeRangeFormat;
  readonly dataValidation: FakeDataValidation;

  constructor(ctx: FakeContext, readonly ws: SheetRef & { readonly raiseWrite: (s: FakeSheet, rect: Rect) => void }, private readonly rectFn: () => Rect | null) {
    super(ctx, 'Range');
    const areas = () => [this.area()];
    this.format = new FakeRangeFormat(ctx, areas);
    this.dataValidation = new FakeDataValidation(ctx, areas);
  }

  area(): Area {
    const rect = this.rectFn();
    if (!rect) throw new FakeExcelError('ItemNotFound', 'The requested resource does not exist (null range).');
    return { sheet: this.ws.resolveSheet(), rect };
  }

  protected override isNullNow(): boolean { return this.rectFn() === null; }
  protected override nav(prop: string) { return prop === 'format' ? this.format : prop === 'dataValidation' ? this.dataValidation : undefined; }
  protected override defaultProps() { return ['address', 'rowCount', 'columnCount', 'rowIndex', 'columnIndex', 'values', 'numberFormat', 'valueTypes', 'text']; }

  private grid<T>(fn: (s: FakeSheet, r: number, c: number) => T): T[][] {
    const { sheet, rect } = this.area();
    const out: T[][] = [];
    for (let r = rect.r0; r <= rect.r1; r++) {
      const row: T[] = new Array(rect.c1 - rect.c0 + 1);
      for (let c = rect.c0; c <= rect.c1; c++) row[c - rect.c0] = fn(sheet, r, c);
      out.push(row);
    }
    return out;
  }

  protected read(prop: string): unknown {
    const { sheet, rect } = this.area();
    switch (prop) {
      case 'address': return `${quoteSheet(sheet.name)}!${formatRect(rect)}`;
      case 'rowCount': return rect.r1 - rect.r0 + 1;
      case 'columnCount': return rect.c1 - rect.c0 + 1;
      case 'rowIndex': return rect.r0;
      case 'columnIndex': return rect.c0;
      case 'cellCount': return (rect.r1 - rect.r0 + 1) * (rect.c1 - rect.c0 + 1);
      case 'values': return this.grid((s, r, c) => outValue(s.get(r, c)));
      case 'valueTypes': return this.grid((s, r, c) => valueType(s.get(r, c)));
      case 'numberFormat': return this.grid((s, r, c) => s.numberFormat(r, c));
      case 'text': return this.grid((s, r, c) => formatText(s.get(r, c), s.numberFormat(r, c)));
      case 'formulas': return this.grid((s, r, c) => s.formulas.get(cellKey(r, c)) ?? outValue(s.get(r, c)));
      default: throw new FakeExcelError('InvalidArgument', `Range.${prop} is not modelled`);
    }
  }

  get address(): string { return this.get('address'); }
  get rowCount(): number { return this.get('rowCount'); }
  get columnCount(): number { return this.get('columnCount'); }
  get rowIndex(): number { return this.get('rowIndex'); }
  get columnIndex(): number { return this.get('columnIndex'); }
  get cellCount(): number { return this.get('cellCount'); }
  get values(): unknown[][] { return this.get('values'); }
  get valueTypes(): string[][] { return this.get('valueTypes'); }
  get text(): string[][] { return this.get('text'); }
  get numberFormat(): string[][] { return this.get('numberFormat'); }
  get formulas(): unknown[][] { return this.get('formulas'); }

  set values(v: Grid) {
    this.context.queue(jsonSize(v), () => {
      const { sheet, rect } = this.area();
      assertUnprotected(sheet);
      const at = checkGrid(v, rect.r1 - rect.r0 + 1, rect.c1 - rect.c0 + 1, 'values');
      for (let r = rect.r0; r <= rect.r1; r++) {
        for (let c = rect.c0; c <= rect.c1; c++) {
          const input = at(r - rect.r0, c - rect.c0);
          if (input === null || input === undefined) continue; // null leaves the cell as it is
          const k = cellKey(r, c);
          const { value, formula, autoFormat } = coerce(input, sheet.numberFormat(r, c));
          sheet.set(r, c, value);
          if (formula) sheet.formulas.set(k, formula); else sheet.formulas.delete(k);
          if (autoFormat) sheet.formats.set(k, autoFormat);
        }
      }
      this.ws.raiseWrite(sheet, rect);
    });
  }

  set numberFormat(v: Grid) {
    this.context.queue(jsonSize(v), () => {
      const { sheet, rect } = this.area();
      assertUnprotected(sheet);
      const at = checkGrid(v, rect.r1 - rect.r0 + 1, rect.c1 - rect.c0 + 1, 'numberFormat');
      for (let r = rect.r0; r <= rect.r1; r++) {
        for (let c = rect.c0; c <= rect.c1; c++) {
          const f = at(r - rect.r0, c - rect.c0);
          if (f === null || f === undefined) continue;
          if (f === 'General') sheet.formats.delete(cellKey(r, c)); else sheet.formats.set(cellKey(r, c), String(f));
        }
      }
    });
  }

  private derive(fn: (r: Rect) => Rect): FakeRange {
    const rg = new FakeRange(this.context, this.ws, () => {
      const base = this.rectFn();
      if (!base) return null;
      const out = fn(base);
      if (out.r0 < 0 || out.c0 < 0 || out.r1 < out.r0 || out.c1 < out.c0) throw new FakeExcelError('InvalidArgument', 'The resulting range is outside the sheet.');
      return out;
    });
    this.context.queue(40, () => {});
    return rg;
  }

  getCell(row: number, col: number): FakeRange {
    return this.derive((b) => ({ r0: b.r0 + row, c0: b.c0 + col, r1: b.r0 + row, c1: b.c0 + col }));
  }
  getResizedRange(deltaRows: number, deltaCols: number): FakeRange {
    return this.derive((b) => ({ ...b, r1: b.r1 + deltaRows, c1: b.c1 + deltaCols }));
  }
  getAbsoluteResizedRange(rows: number, cols: number): FakeRange {
    return this.derive((b) => ({ r0: b.r0, c0: b.c0, r1: b.r0 + rows - 1, c1: b.c0 + cols - 1 }));
  }
  getOffsetRange(rows: number, cols: number): FakeRange {
    return this.derive((b) => ({ r0: b.r0 + rows, c0: b.c0 + cols, r1: b.r1 + rows, c1: b.c1 + cols }));
  }
  getRow(i: number): FakeRange {
    return this.derive((b) => ({ ...b, r0: b.r0 + i, r1: b.r0 + i }));
  }

  select(): void {
    this.context.queue(0, () => {
      const { sheet, rect } = this.area();
      sheet.selection = formatRect(rect);
      this.ws.activateNow?.();
    });
  }

  clear(applyTo: string = 'All'): void {
    this.context.queue(jsonSize(applyTo), () => {
      const { sheet, rect } = this.area();
      eachCell([{ sheet, rect }], (s, r, c) => {
        const k = cellKey(r, c);
        if (applyTo === 'All' || applyTo === 'Contents') { s.set(r, c, undefined); s.formulas.delete(k); }
        if (applyTo === 'All' || applyTo === 'Formats') { s.formats.delete(k); s.fills.delete(k); s.bold.delete(k); s.fontColor.delete(k); }
      });
      if (applyTo === 'All' || applyTo === 'Contents') this.ws.raiseWrite(sheet, rect);
    });
  }

  getCellProperties(opts: { address?: boolean; format?: { fill?: { color?: boolean; pattern?: boolean }; font?: { bold?: boolean; color?: boolean } } }): FakeClientResult<Record<string, unknown>[][]> {
    return new FakeClientResult(this.context, jsonSize(opts), () => this.grid((s, r, c) => {
      const k = cellKey(r, c);
      const out: Record<string, unknown> = {};
      if (opts.address) out.address = `${quoteSheet(s.name)}!${formatRect({ r0: r, c0: c, r1: r, c1: c })}`;
      const f = opts.format;
      if (f) {
        const format: Record<string, unknown> = {};
        if (f.fill) {
          const fill = s.fills.get(k);
          format.fill = { ...(f.fill.color ? { color: fill?.color ?? '#FFFFFF' } : {}), ...(f.fill.pattern ? { pattern: fill?.pattern ?? 'None' } : {}) };
        }
        if (f.font) format.font = { ...(f.font.bold ? { bold: s.bold.get(k) ?? false } : {}), ...(f.font.color ? { color: s.fontColor.get(k) ?? '#000000' } : {}) };
        out.format = format;
      }
      return out;
    }));
  }

  setCellProperties(props: { format?: { fill?: { color?: string; pattern?: string }; font?: { bold?: boolean; color?: string } } }[][]): void {
    this.context.queue(jsonSize(props), () => {
      const { sheet, rect } = this.area();
      const at = checkGrid(props, rect.r1 - rect.r0 + 1, rect.c1 - rect.c0 + 1, 'cellProperties') as (r: number, c: number) => (typeof props)[0][0] | undefined;
      eachCell([{ sheet, rect }], (s, r, c) => {
        const p = at(r - rect.r0, c - rect.c0)?.format;
        if (!p) return;
        const k = cellKey(r, c);
        if (p.fill?.pattern === 'None') s.fills.delete(k);
        else if (p.fill?.color) s.fills.set(k, { color: p.fill.color.toUpperCase(), pattern: p.fill.pattern ?? 'Solid' });
        if (p.font?.bold !== undefined) s.bold.set(k, p.font.bold);
        if (p.font?.color) s.fontColor.set(k, p.font.color.toUpperCase());
      });
    });
  }
}

/** Proxy for Excel.RangeAreas (worksheet.getRanges). */
export class FakeRangeAreas extends FakeObject {
  readonly format: FakeRangeFormat;
  constructor(ctx: FakeContext, private readonly ws: SheetRef, private readonly addr: string) {
    super(ctx, 'RangeAreas');
    this.format = new FakeRangeFormat(ctx, () => this.areas());
  }
  areas(): Area[] {
    const sheet = this.ws.resolveSheet();
    return this.addr.split(',').map((a) => ({ sheet, rect: parseArea(a) }));
  }
  protected override nav(prop: string) { return prop === 'format' ? this.format : undefined; }
  protected override defaultProps() { return ['address', 'areaCount', 'cellCount']; }
  protected read(prop: string): unknown {
    const areas = this.areas();
    if (prop === 'address') return areas.map((a) => `${quoteSheet(a.sheet.name)}!${formatRect(a.rect)}`).join(',');
    if (prop === 'areaCount') return areas.length;
    if (prop === 'cellCount') return areas.reduce((n, { rect: r }) => n + (r.r1 - r.r0 + 1) * (r.c1 - r.c0 + 1), 0);
    throw new FakeExcelError('InvalidArgument', `RangeAreas.${prop} is not modelled`);
  }
  get address(): string { return this.get('address'); }
  get areaCount(): number { return this.get('areaCount'); }
  get cellCount(): number { return this.get('cellCount'); }
  select(): void { this.context.queue(0, () => {}); }
  clear(applyTo: string = 'All'): void {
    this.context.queue(0, () => eachCell(this.areas(), (s, r, c) => {
      const k = cellKey(r, c);
      if (applyTo === 'All' || applyTo === 'Formats') { s.formats.delete(k); s.fills.delete(k); s.bold.delete(k); s.fontColor.delete(k); }
      if (applyTo === 'All' || applyTo === 'Contents') s.set(r, c, undefined);
    }));
  }
}
