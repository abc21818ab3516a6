import { parseArea, quoteSheet, splitSheet, formatRect, type Rect } from './address';
import { FakeClientResult, FakeObject, jsonSize, type FakeContext, type LoadSpec, loadPaths } from './context';
import { FakeExcelError } from './errors';
import { apiNotFound } from './requirements';
import type { CommentSpec, FakeSheet, NoteSpec } from './model';
import { FakeRange, FakeRangeAreas } from './range';
import { FakeChartCollection } from './charts';
import { FakeTableCollection, FakeWorkbookTableCollection } from './tables';

/** Worksheet, collections, notes, comments, settings and runtime proxies. */

export type ChangeHandler = (args: Record<string, unknown>) => Promise<unknown> | void;


export class FakeWorksheet extends FakeObject {
  readonly freezePanes: { freezeRows: (n: number) => void; unfreeze: () => void };
  readonly protection: FakeProtection;
  readonly onChanged: { add: (h: ChangeHandler) => FakeEventResult };

  constructor(ctx: FakeContext, private readonly locate: () => FakeSheet | undefined, private readonly orNull = false) {
    super(ctx, 'Worksheet');
    this.freezePanes = {
      freezeRows: (n: number) => ctx.queue(8, () => { this.resolveSheet().freezeRows = n; }),
      unfreeze: () => ctx.queue(0, () => { this.resolveSheet().freezeRows = 0; }),
    };
    this.protection = new FakeProtection(ctx, this);
    this.onChanged = {
      add: (h: ChangeHandler) => {
        const res = new FakeEventResult(ctx, () => this.resolveSheet().id, h);
        ctx.queue(60, () => { ctx.env.handlers(this.resolveSheet().id).add(h); });
        return res;
      },
    };
    if (orNull) this.trackNull();
    else ctx.queue(40, () => { this.resolveSheet(); });
  }

  private chartsColl?: FakeChartCollection;
  get charts(): FakeChartCollection { return (this.chartsColl ??= new FakeChartCollection(this.context, () => this.resolveSheet())); }
  private tablesColl?: FakeTableCollection;
  get tables(): FakeTableCollection { return (this.tablesColl ??= new FakeTableCollection(this.context, this)); }

  resolveSheet(): FakeSheet {
    const s = this.locate();
    if (!s) throw new FakeExcelError('ItemNotFound', 'The requested resource does not exist (worksheet).');
    return s;
  }
  activateNow(): void {
    this.context.env.workbook.activeSheetId = this.resolveSheet().id;
  }
  raiseWrite = (s: FakeSheet, rect: Rect): void => {
    this.context.env.raiseChange(s.id, formatRect(rect), 'Local', true);
  };

  protected override isNullNow(): boolean { return this.locate() === undefined; }
  protected override defaultProps() { return ['name', 'id', 'visibility', 'position']; }
  protected read(prop: string): unknown {
    const s = this.resolveSheet();
    switch (prop) {
      case 'name': return s.name;
      case 'id': return s.id;
      case 'visibility': return s.visibility;
      case 'position': return this.context.env.workbook.sheets.indexOf(s);
      default: throw new FakeExcelError('InvalidArgument', `Worksheet.${prop} is not modelled`);
    }
  }
  get name(): string { return this.get('name'); }
  set name(v: string) { this.context.queue(jsonSize(v), () => { this.resolveSheet().name = v; }); }
  get id(): string { return this.get('id'); }
  get visibility(): string { return this.get('visibility'); }
  set visibility(v: string) {
    this.context.queue(jsonSize(v), () => {
      const s = this.resolveSheet();
      const wb = this.context.env.workbook;
      if (v !== 'Visible' && wb.sheets.filter((x) => x.visibility === 'Visible' && x !== s).length === 0) {
        throw new FakeExcelError('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
      }
      s.visibility = v as FakeSheet['visibility'];
    });
  }
  get position(): number { return this.get('position'); }
  set position(v: number) {
    this.context.queue(8, () => {
      const wb = this.context.env.workbook;
      const s = this.resolveSheet();
      wb.sheets.splice(wb.sheets.indexOf(s), 1);
      wb.sheets.splice(Math.min(v, wb.sheets.length), 0, s);
    });
  }

  private checkAddress(address: string): void {
    if (address.length > this.context.env.maxAddressLength) {
      this.context.queue(address.length, () => {
        throw new FakeExcelError('InvalidArgument', `The argument is invalid or missing or has an incorrect format (address of ${address.length} characters exceeds ${this.context.env.maxAddressLength}).`);
      });
    }
  }

  getRange(address?: string): FakeRange {
    if (address === undefined) {
      const r = new FakeRange(this.context, this, () => ({ r0: 0, c0: 0, r1: 1_048_575, c1: 16_383 }));
      this.context.queue(20, () => {});
      return r;
    }
    this.checkAddress(address);
    const local = splitSheet(address).local;
    const r = new FakeRange(this.context, this, () => parseArea(local));
    this.context.queue(jsonSize(address), () => { parseArea(local); });
    return r;
  }
  getCell(row: number, col: number): FakeRange {
    this.context.queue(16, () => {});
    return new FakeRange(this.context, this, () => ({ r0: row, c0: col, r1: row, c1: col }));
  }
  getRanges(address: string): FakeRangeAreas {
    this.checkAddress(address);
    const ra = new FakeRangeAreas(this.context, this, address);
    this.context.queue(jsonSize(address), () => { ra.areas(); });
    return ra;
  }
  private used(valuesOnly: boolean, orNull: boolean): FakeRange {
    const r = new FakeRange(this.context, this, () => {
      const rect = this.resolveSheet().usedRect(valuesOnly);
      // Excel's used range of an empty sheet is A1 (or a null object for the OrNullObject variant).
      return rect ?? (orNull ? null : { r0: 0, c0: 0, r1: 0, c1: 0 });
    });
    this.context.queue(20, () => {});
    return r;
  }
  getUsedRange(valuesOnly = false): FakeRange { return this.used(valuesOnly, false); }
  getUsedRangeOrNullObject(valuesOnly = false): FakeRange {
    const r = this.used(valuesOnly, true);
    (r as unknown as { trackNull(): void }).trackNull();
    return r;
  }
  activate(): void { this.context.queue(0, () => this.activateNow()); }
  delete(): void {
    this.context.queue(0, () => {
      const wb = this.context.env.workbook;
      wb.sheets.splice(wb.sheets.indexOf(this.resolveSheet()), 1);
    });
  }
}

class FakeProtection extends FakeObject {
  constructor(ctx: FakeContext, private readonly ws: FakeWorksheet) { super(ctx, 'WorksheetProtection'); }
  protected override defaultProps() { return ['protected']; }
  protected read(prop: string): unknown {
    if (prop === 'protected') return this.ws.resolveSheet().protectedSheet;
    throw new FakeExcelError('InvalidArgument', `WorksheetProtection.${prop} is not modelled`);
  }
  get protected(): boolean { return this.get('protected'); }
  protect(options?: Record<string, boolean>): void { this.context.queue(0, () => { const s = this.ws.resolveSheet(); s.protectedSheet = true; s.protectionOptions = { ...(options ?? {}) }; }); }
  unprotect(): void { this.context.queue(0, () => { this.ws.resolveSheet().protectedSheet = false; }); }
}

export class FakeEventResult {
  constructor(readonly context: FakeContext, private readonly sheetId: () => string, private readonly handler: ChangeHandler) {}
  remove(): void {
    this.context.queue(40, () => { this.context.env.handlers(this.sheetId()).delete(this.handler); });
  }
}

/** A loaded collection: `items` after load + sync. */
abstract class FakeCollection<T extends FakeObject> extends FakeObject {
  private itemList: T[] | null = null;
  protected abstract snapshot(): T[];
  override load(spec?: LoadSpec): this {
    const paths = loadPaths(spec).map((p) => p.replace(/^items\/?/, '')).filter(Boolean);
    this.context.queue(jsonSize(paths), () => {
      const items = this.snapshot();
      this.itemList = items;
      let bytes = 2;
      for (const it of items) {
        (it as unknown as { loadSync(p: string[]): number }).loadSync(paths);
        bytes += jsonSize(it.toJSON()) + 1;
      }
      return bytes;
    });
    return this;
  }
  get items(): T[] {
    if (!this.itemList) throw new FakeExcelError('PropertyNotLoaded', "The property 'items' is not available. Call load and context.sync() first.");
    return this.itemList;
  }
  protected read(_prop: string): unknown { return undefined; }
  getCount(): FakeClientResult<number> {
    return new FakeClientResult(this.context, 10, () => this.snapshot().length);
  }
}

/** Load the given props of an item right now (inside a collection load at sync). */
function loadSync(this: FakeObject, props: string[]): number {
  const self = this as unknown as { data: Map<string, unknown>; read(p: string): unknown; defaultProps(): string[] };
  for (const p of props.length ? props : self.defaultProps()) self.data.set(p, self.read(p));
  return 0;
}
for (const C of [FakeWorksheet]) (C.prototype as unknown as { loadSync: typeof loadSync }).loadSync = loadSync;

export class FakeWorksheetCollection extends FakeCollection<FakeWorksheet> {
  constructor(ctx: FakeContext) { super(ctx, 'WorksheetCollection'); }
  private get wb() { return this.context.env.workbook; }
  protected snapshot(): FakeWorksheet[] {
    return this.wb.sheets.map((s) => new FakeWorksheet(this.context, () => this.wb.sheetById(s.id)));
  }
  getItem(name: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.wb.sheet(name) ?? this.wb.sheetById(name));
  }
  getItemOrNullObject(name: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.wb.sheet(name) ?? this.wb.sheetById(name), true);
  }
  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.wb.sheetById(this.wb.activeSheetId ?? '') ?? this.wb.sheets[0]);
  }
  add(name?: string): FakeWorksheet {
    let id: string | null = null;
    this.context.queue(jsonSize(name ?? ''), () => {
      const n = name ?? `Sheet${this.wb.sheets.length + 1}`;
      if (this.wb.sheet(n)) throw new FakeExcelError('ItemAlreadyExists', `A worksheet named ${n} already exists.`);
      if (n.length > 31 || /[\\/?*[\]:]/.test(n)) throw new FakeExcelError('InvalidArgument', `Invalid sheet name ${n}.`);
      id = this.wb.addSheet(n).id;
    });
    return new FakeWorksheet(this.context, () => (id ? this.wb.sheetById(id) : undefined));
  }
}

/** Resolve "'Sheet'!B5" (or a cell of the active sheet) to one cell. */
function locateCell(ctx: FakeContext, cellAddress: string | FakeRange): { sheet: FakeSheet; row: number; col: number } {
  const wb = ctx.env.workbook;
  if (cellAddress instanceof FakeRange) {
    const { sheet, rect } = cellAddress.area();
    if (rect.r0 !== rect.r1 || rect.c0 !== rect.c1) throw new FakeExcelError('InvalidArgument', 'InvalidCellAddress: the range is not a single cell.');
    return { sheet, row: rect.r0, col: rect.c0 };
  }
  const { sheet: name, local } = splitSheet(cellAddress);
  const sheet = name ? wb.sheet(name) : wb.sheetById(wb.activeSheetId ?? '');
  if (!sheet) throw new FakeExcelError('InvalidArgument', `InvalidCellAddress: ${cellAddress}`);
  const rect = parseArea(local);
  if (rect.r0 !== rect.r1 || rect.c0 !== rect.c1) throw new FakeExcelError('InvalidArgument', `InvalidCellAddress: ${cellAddress} is not a single cell.`);
  return { sheet, row: rect.r0, col: rect.c0 };
}

export class FakeNote extends FakeObject {
  constructor(ctx: FakeContext, private readonly locate: () => NoteSpec | undefined, orNull = false) {
    super(ctx, 'Note');
    if (orNull) this.trackNull();
  }
  private spec(): NoteSpec {
    const n = this.locate();
    if (!n) throw new FakeExcelError('ItemNotFound', 'The requested note does not exist.');
    return n;
  }
  protected override isNullNow(): boolean { return this.locate() === undefined; }
  protected override defaultProps() { return ['content', 'authorName']; }
  protected read(prop: string): unknown {
    if (prop === 'content') return this.spec().content;
    if (prop === 'authorName') return this.spec().author;
    throw new FakeExcelError('InvalidArgument', `Note.${prop} is not modelled`);
  }
  get content(): string { return this.get('content'); }
  set content(v: string) { this.context.queue(jsonSize(v), () => { this.spec().content = v; }); }
  get authorName(): string { return this.get('authorName'); }
  delete(): void {
    this.context.queue(0, () => {
      this.context.env.workbook.removeNote(this.spec());
    });
  }
  getLocation(): FakeRange {
    const sheetRef = { resolveSheet: () => this.context.env.workbook.sheetById(this.spec().sheetId)!, raiseWrite: () => {} };
    return new FakeRange(this.context, sheetRef, () => ({ r0: this.spec().row, c0: this.spec().col, r1: this.spec().row, c1: this.spec().col }));
  }
}

export class FakeNoteCollection extends FakeCollection<FakeNote> {
  constructor(ctx: FakeContext) { super(ctx, 'NoteCollection'); }
  private guard(): void {
    if (!this.context.env.supports('1.18')) this.context.queue(0, () => { throw apiNotFound('workbook.notes', '1.18'); });
  }
  protected snapshot(): FakeNote[] {
    const wb = this.context.env.workbook;
    return wb.notes.filter((n) => !wb.isRemoved(n)).map((n) => new FakeNote(this.context, () => (wb.isRemoved(n) ? undefined : n)));
  }
  private find(address: string): () => NoteSpec | undefined {
    return () => {
      const { sheet, row, col } = locateCell(this.context, address);
      return this.context.env.workbook.noteAt(sheet.id, row, col);
    };
  }
  add(cellAddress: string | FakeRange, content: string): FakeNote {
    this.guard();
    let spec: NoteSpec | undefined;
    this.context.queue(jsonSize(typeof cellAddress === 'string' ? cellAddress : '') + jsonSize(content), () => {
      const { sheet, row, col } = locateCell(this.context, cellAddress);
      const wb = this.context.env.workbook;
      if (wb.noteAt(sheet.id, row, col)) throw new FakeExcelError('InvalidArgument', 'The cell already has a note.');
      spec = { sheetId: sheet.id, row, col, content: String(content), author: 'CTMS Collect (add-in)' };
      wb.addNote(spec);
    });
    return new FakeNote(this.context, () => spec);
  }
  getItem(key: string): FakeNote {
    this.guard();
    const n = new FakeNote(this.context, this.find(key));
    this.context.queue(jsonSize(key), () => { (n as unknown as { spec(): NoteSpec }).spec(); });
    return n;
  }
  getItemOrNullObject(key: string): FakeNote {
    this.guard();
    this.context.queue(jsonSize(key), () => {});
    return new FakeNote(this.context, this.find(key), true);
  }
}
(FakeNote.prototype as unknown as { loadSync: typeof loadSync }).loadSync = loadSync;

export class FakeComment extends FakeObject {
  constructor(ctx: FakeContext, private readonly locate: () => CommentSpec | undefined, orNull = false) {
    super(ctx, 'Comment');
    if (orNull) this.trackNull();
  }
  private spec(): CommentSpec {
    const n = this.locate();
    if (!n) throw new FakeExcelError('ItemNotFound', 'The requested comment does not exist.');
    return n;
  }
  protected override isNullNow(): boolean { return this.locate() === undefined; }
  protected override defaultProps() { return ['id', 'content', 'authorName']; }
  protected read(prop: string): unknown {
    if (prop === 'id') return this.spec().id;
    if (prop === 'content') return this.spec().content;
    if (prop === 'authorName') return this.spec().author;
    throw new FakeExcelError('InvalidArgument', `Comment.${prop} is not modelled`);
  }
  get id(): string { return this.get('id'); }
  get content(): string { return this.get('content'); }
  set content(v: string) { this.context.queue(jsonSize(v), () => { this.spec().content = v; }); }
  get authorName(): string { return this.get('authorName'); }
  delete(): void {
    this.context.queue(0, () => {
      this.context.env.workbook.removeComment(this.spec());
    });
  }
  getLocation(): FakeRange {
    const sheetRef = { resolveSheet: () => this.context.env.workbook.sheetById(this.spec().sheetId)!, raiseWrite: () => {} };
    return new FakeRange(this.context, sheetRef, () => ({ r0: this.spec().row, c0: this.spec().col, r1: this.spec().row, c1: this.spec().col }));
  }
}
(FakeComment.prototype as unknown as { loadSync: typeof loadSync }).loadSync = loadSync;

export class FakeCommentCollection extends FakeCollection<FakeComment> {
  constructor(ctx: FakeContext) { super(ctx, 'CommentCollection'); }
  private guard(): void {
    if (!this.context.env.supports('1.10')) this.context.queue(0, () => { throw apiNotFound('workbook.comments', '1.10'); });
  }
  private byId(id: string) { return () => this.context.env.workbook.commentById(id); }
  protected snapshot(): FakeComment[] {
    const wb = this.context.env.workbook;
    return wb.comments.filter((c) => !wb.isRemoved(c)).map((c) => new FakeComment(this.context, this.byId(c.id)));
  }
  add(cellAddress: string | FakeRange, content: string): FakeComment {
    this.guard();
    let spec: CommentSpec | undefined;
    this.context.queue(jsonSize(typeof cellAddress === 'string' ? cellAddress : '') + jsonSize(content), () => {
      const { sheet, row, col } = locateCell(this.context, cellAddress);
      const wb = this.context.env.workbook;
      if (wb.commentAt(sheet.id, row, col)) throw new FakeExcelError('InvalidArgument', 'The cell already has a comment thread.');
      spec = { id: wb.newId('comment'), sheetId: sheet.id, row, col, content: String(content), author: 'CTMS Collect (add-in)' };
      wb.addComment(spec);
    });
    return new FakeComment(this.context, () => spec);
  }
  getItem(id: string): FakeComment {
    this.guard();
    const c = new FakeComment(this.context, this.byId(id));
    this.context.queue(jsonSize(id), () => { (c as unknown as { spec(): CommentSpec }).spec(); });
    return c;
  }
  getItemOrNullObject(id: string): FakeComment {
    this.guard();
    this.context.queue(jsonSize(id), () => {});
    return new FakeComment(this.context, this.byId(id), true);
  }
  getItemByCell(cellAddress: string | FakeRange): FakeComment {
    this.guard();
    const find = () => {
      const { sheet, row, col } = locateCell(this.context, cellAddress);
      return this.context.env.workbook.commentAt(sheet.id, row, col);
    };
    const c = new FakeComment(this.context, find);
    this.context.queue(20, () => { (c as unknown as { spec(): CommentSpec }).spec(); });
    return c;
  }
}

/** Size of the workbook's settings as stored: the JSON of every key and value. */
export function settingsBytes(settings: ReadonlyMap<string, unknown>): number {
  let n = 2;
  for (const [k, v] of settings) n += jsonSize(k) + jsonSize(v) + 2;
  return n;
}

/**
 * Write one setting, refusing a bag larger than the host keeps. Office
 * documents settings as one small property bag per add-in and document
 * (about 2 MB is the figure commonly given; hosts fail somewhere from 1 MB up).
 */
function putSetting(ctx: FakeContext, key: string, value: unknown): void {
  const settings = ctx.env.workbook.settings;
  const next = JSON.parse(JSON.stringify(value)) as unknown;
  const after = new Map(settings);
  after.set(key, next);
  const bytes = settingsBytes(after);
  if (bytes > ctx.env.settingsLimitBytes) {
    throw new FakeExcelError('GeneralException', `The settings of this document are too large (${bytes} > ${ctx.env.settingsLimitBytes} bytes).`);
  }
  settings.set(key, next);
}

export class FakeSetting extends FakeObject {
  constructor(ctx: FakeContext, readonly key: string, orNull = false) {
    super(ctx, 'Setting');
    if (orNull) this.trackNull();
  }
  protected override isNullNow(): boolean { return !this.context.env.workbook.settings.has(this.key); }
  protected override defaultProps() { return ['key', 'value']; }
  protected read(prop: string): unknown {
    if (prop === 'key') return this.key;
    if (prop === 'value') {
      if (!this.context.env.workbook.settings.has(this.key)) throw new FakeExcelError('ItemNotFound', `Setting ${this.key} does not exist.`);
      return JSON.parse(JSON.stringify(this.context.env.workbook.settings.get(this.key)));
    }
    throw new FakeExcelError('InvalidArgument', `Setting.${prop} is not modelled`);
  }
  get value(): unknown { return this.get('value'); }
  set value(v: unknown) { this.context.queue(jsonSize(v), () => putSetting(this.context, this.key, v)); }
  delete(): void { this.context.queue(0, () => { this.context.env.workbook.settings.delete(this.key); }); }
}
(FakeSetting.prototype as unknown as { loadSync: typeof loadSync }).loadSync = loadSync;

export class FakeSettingCollection extends FakeCollection<FakeSetting> {
  constructor(ctx: FakeContext) { super(ctx, 'SettingCollection'); }
  protected snapshot(): FakeSetting[] {
    return [...this.context.env.workbook.settings.keys()].map((k) => new FakeSetting(this.context, k));
  }
  add(key: string, value: unknown): FakeSetting {
    this.context.queue(jsonSize(key) + jsonSize(value), () => putSetting(this.context, key, value));
    return new FakeSetting(this.context, key);
  }
  getItem(key: string): FakeSetting {
    this.context.queue(jsonSize(key), () => {
      if (!this.context.env.workbook.settings.has(key)) throw new FakeExcelError('ItemNotFound', `Setting ${key} does not exist.`);
    });
    return new FakeSetting(this.context, key);
  }
  getItemOrNullObject(key: string): FakeSetting {
    this.context.queue(jsonSize(key), () => {});
    return new FakeSetting(this.context, key, true);
  }
}

export class FakeRuntime extends FakeObject {
  constructor(ctx: FakeContext) { super(ctx, 'Runtime'); }
  protected override defaultProps() { return ['enableEvents']; }
  protected read(prop: string): unknown {
    if (prop === 'enableEvents') return this.context.env.eventsEnabled;
    throw new FakeExcelError('InvalidArgument', `Runtime.${prop} is not modelled`);
  }
  get enableEvents(): boolean { return this.get('enableEvents'); }
  set enableEvents(v: boolean) {
    this.context.queue(8, () => {
      if (!this.context.env.supports('1.8')) throw apiNotFound('runtime.enableEvents', '1.8');
      this.context.env.eventsEnabled = v;
    });
  }
}

export class FakeWorkbookProxy extends FakeObject {
  readonly worksheets: FakeWorksheetCollection;
  readonly settings: FakeSettingCollection;
  private notesColl?: FakeNoteCollection;
  private commentsColl?: FakeCommentCollection;
  constructor(ctx: FakeContext) {
    super(ctx, 'Workbook');
    this.worksheets = new FakeWorksheetCollection(ctx);
    this.settings = new FakeSettingCollection(ctx);
  }
  get notes(): FakeNoteCollection { return (this.notesColl ??= new FakeNoteCollection(this.context)); }
  get comments(): FakeCommentCollection { return (this.commentsColl ??= new FakeCommentCollection(this.context)); }
  private tablesColl?: FakeWorkbookTableCollection;
  get tables(): FakeWorkbookTableCollection { return (this.tablesColl ??= new FakeWorkbookTableCollection(this.context)); }
  protected override defaultProps() { return ['name']; }
  protected read(prop: string): unknown {
    if (prop === 'use1904DateSystem') return this.context.env.workbook.use1904DateSystem;
    if (prop === 'name') return 'Book1.xlsx';
    throw new FakeExcelError('InvalidArgument', `Workbook.${prop} is not modelled`);
  }
  get use1904DateSystem(): boolean { return this.get('use1904DateSystem'); }
  getSelectedRange(): FakeRange {
    const ws = this.worksheets.getActiveWorksheet();
    return new FakeRange(this.context, ws, () => {
      const sel = ws.resolveSheet().selection;
      return sel ? parseArea(sel) : { r0: 0, c0: 0, r1: 0, c1: 0 };
    });
  }
}

export { quoteSheet };
