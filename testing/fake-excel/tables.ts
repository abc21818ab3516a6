import { formatRect, parseArea, splitSheet, type Rect } from './address';
import { FakeClientResult, FakeObject, jsonSize, type FakeContext } from './context';
import { FakeExcelError } from './errors';
import { cellKey, coerce, type FakeSheet, type FakeWorkbook } from './model';
import { FakeRange, type SheetRef } from './range';

/**
 * Tables (ListObjects) of the fake object model: enough of Excel.TableCollection,
 * Table, TableColumn and TableRowCollection (all ExcelApi 1.1) for the template.
 * As in Excel: a table made from a header row alone gets one empty data row;
 * tables may not overlap and their names are unique in the workbook; a row
 * added through the table takes the number formats and data validation of the
 * column above it, which is how a table's rules reach every new row. Proxies
 * queue actions applied at sync and throw until loaded, like the rest.
 */

export interface TableSpec {
  id: string;
  name: string;
  /** Header row included. */
  rect: Rect;
}

/** Tables are kept per sheet outside FakeSheet, so the sheet model needs no change. */
const store = new WeakMap<FakeSheet, TableSpec[]>();
export function tablesOf(sheet: FakeSheet): TableSpec[] {
  let list = store.get(sheet);
  if (!list) store.set(sheet, (list = []));
  return list;
}

function allTables(wb: FakeWorkbook): TableSpec[] {
  return wb.sheets.flatMap((s) => tablesOf(s));
}

const overlaps = (a: Rect, b: Rect) => a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;

/** Excel's rule for table names: a letter, _ or \ first, then letters, digits, _ and .; not a cell reference. */
function checkName(wb: FakeWorkbook, name: string, self: TableSpec | null): void {
  if (!/^[A-Za-z_\\][A-Za-z0-9_.]{0,254}$/.test(name) || /^[A-Za-z]{1,3}\d+$/.test(name) || /^[rRcC]$/.test(name)) {
    throw new FakeExcelError('InvalidArgument', `The argument is invalid or missing or has an incorrect format (table name "${name}").`);
  }
  const clash = allTables(wb).find((t) => t !== self && t.name.toLowerCase() === name.toLowerCase());
  if (clash) throw new FakeExcelError('InvalidArgument', `A table named "${name}" already exists.`);
}

type WsRef = SheetRef & { readonly raiseWrite: (s: FakeSheet, rect: Rect) => void };

export class FakeTableCollection extends FakeObject {
  constructor(ctx: FakeContext, private readonly ws: WsRef) { super(ctx, 'TableCollection'); }
  protected read(_prop: string): unknown { return undefined; }

  add(address: string | FakeRange, hasHeaders: boolean): FakeTable {
    let id: string | null = null;
    const table = new FakeTable(this.context, this.ws, () => (id ? tablesOf(this.ws.resolveSheet()).find((t) => t.id === id) : undefined));
    this.context.queue(typeof address === 'string' ? jsonSize(address) : 20, () => {
      if (!hasHeaders) throw new FakeExcelError('InvalidArgument', 'Tables without a header row are not modelled by the fake.');
      const sheet = this.ws.resolveSheet();
      const given = typeof address === 'string' ? parseArea(splitSheet(address).local) : address.area().rect;
      // A header row alone becomes a table with one empty data row, as in Excel.
      const rect = given.r1 === given.r0 ? { ...given, r1: given.r0 + 1 } : given;
      if (tablesOf(sheet).some((t) => overlaps(t.rect, rect))) {
        throw new FakeExcelError('InvalidOperation', 'A table cannot overlap another table.');
      }
      const wb = this.context.env.workbook;
      let n = allTables(wb).length + 1;
      while (allTables(wb).some((t) => t.name.toLowerCase() === `table${n}`)) n++;
      id = wb.newId('{fake-table');
      tablesOf(sheet).push({ id, name: `Table${n}`, rect });
    });
    return table;
  }

  getItem(name: string): FakeTable {
    const find = () => tablesOf(this.ws.resolveSheet()).find((t) => t.name.toLowerCase() === name.toLowerCase());
    this.context.queue(jsonSize(name), () => {
      if (!find()) throw new FakeExcelError('ItemNotFound', `The requested resource does not exist (table ${name}).`);
    });
    return new FakeTable(this.context, this.ws, find);
  }

  getCount(): FakeClientResult<number> {
    return new FakeClientResult(this.context, 10, () => tablesOf(this.ws.resolveSheet()).length);
  }
}

/** workbook.tables: look-up by name across sheets (getItemOrNullObject is ExcelApi 1.4). */
export class FakeWorkbookTableCollection extends FakeObject {
  constructor(ctx: FakeContext) { super(ctx, 'TableCollection'); }
  protected read(_prop: string): unknown { return undefined; }

  private find(name: string): { sheet: FakeSheet; table: TableSpec } | undefined {
    for (const sheet of this.context.env.workbook.sheets) {
      const table = tablesOf(sheet).find((t) => t.name.toLowerCase() === name.toLowerCase());
      if (table) return { sheet, table };
    }
    return undefined;
  }

  getItemOrNullObject(name: string): FakeTable {
    const ws: WsRef = {
      resolveSheet: () => {
        const hit = this.find(name);
        if (!hit) throw new FakeExcelError('ItemNotFound', `The requested resource does not exist (table ${name}).`);
        return hit.sheet;
      },
      raiseWrite: (s, rect) => { this.context.env.raiseChange(s.id, formatRect(rect), 'Local', true); },
    };
    this.context.queue(jsonSize(name), () => {});
    return new FakeTable(this.context, ws, () => this.find(name)?.table, true);
  }

  getCount(): FakeClientResult<number> {
    return new FakeClientResult(this.context, 10, () => allTables(this.context.env.workbook).length);
  }
}

export class FakeTable extends FakeObject {
  readonly columns: FakeTableColumnCollection;
  readonly rows: FakeTableRowCollection;

  constructor(ctx: FakeContext, private readonly ws: WsRef, readonly locate: () => TableSpec | undefined, orNull = false) {
    super(ctx, 'Table');
    this.columns = new FakeTableColumnCollection(ctx, ws, this);
    this.rows = new FakeTableRowCollection(ctx, ws, this);
    if (orNull) this.trackNull();
  }

  protected override isNullNow(): boolean { return this.locate() === undefined; }

  spec(): TableSpec {
    const t = this.locate();
    if (!t) throw new FakeExcelError('ItemNotFound', 'The requested resource does not exist (table).');
    return t;
  }

  protected override defaultProps() { return ['name', 'id']; }
  protected read(prop: string): unknown {
    const t = this.spec();
    switch (prop) {
      case 'name': return t.name;
      case 'id': return t.id;
      case 'showHeaders': return true;
      default: throw new FakeExcelError('InvalidArgument', `Table.${prop} is not modelled`);
    }
  }
  get name(): string { return this.get('name'); }
  set name(v: string) {
    this.context.queue(jsonSize(v), () => {
      const t = this.spec();
      checkName(this.context.env.workbook, v, t);
      t.name = v;
    });
  }
  get id(): string { return this.get('id'); }

  private range(part: (r: Rect) => Rect): FakeRange {
    this.context.queue(10, () => { this.spec(); });
    return new FakeRange(this.context, this.ws, () => part(this.spec().rect));
  }
  getRange(): FakeRange { return this.range((r) => r); }
  getHeaderRowRange(): FakeRange { return this.range((r) => ({ ...r, r1: r.r0 })); }
  getDataBodyRange(): FakeRange { return this.range((r) => ({ ...r, r0: r.r0 + 1 })); }

  /** Table → plain range (Excel's "Convert to Range"): cells keep their values and formats. ExcelApi 1.2. */
  convertToRange(): FakeRange {
    const holder = { rect: null as Rect | null };
    this.context.queue(10, () => {
      const t = this.spec();
      const list = tablesOf(this.ws.resolveSheet());
      list.splice(list.indexOf(t), 1);
      holder.rect = t.rect;
    });
    return new FakeRange(this.context, this.ws, () => holder.rect);
  }
}

export class FakeTableColumnCollection extends FakeObject {
  constructor(ctx: FakeContext, private readonly ws: WsRef, private readonly table: FakeTable) { super(ctx, 'TableColumnCollection'); }
  protected read(_prop: string): unknown { return undefined; }
  getItemAt(index: number): FakeTableColumn {
    this.context.queue(10, () => {
      const r = this.table.spec().rect;
      if (index < 0 || index > r.c1 - r.c0) throw new FakeExcelError('ItemNotFound', `The requested resource does not exist (table column ${index}).`);
    });
    return new FakeTableColumn(this.context, this.ws, this.table, index);
  }
  getCount(): FakeClientResult<number> {
    return new FakeClientResult(this.context, 10, () => { const r = this.table.spec().rect; return r.c1 - r.c0 + 1; });
  }
}

export class FakeTableColumn extends FakeObject {
  constructor(ctx: FakeContext, private readonly ws: WsRef, private readonly table: FakeTable, private readonly at: number) { super(ctx, 'TableColumn'); }
  protected override defaultProps() { return ['name', 'index']; }
  private col(): number { return this.table.spec().rect.c0 + this.at; }
  protected read(prop: string): unknown {
    switch (prop) {
      case 'index': return this.at;
      case 'name': return String(this.ws.resolveSheet().get(this.table.spec().rect.r0, this.col()) ?? '');
      default: throw new FakeExcelError('InvalidArgument', `TableColumn.${prop} is not modelled`);
    }
  }
  get name(): string { return this.get('name'); }
  get index(): number { return this.get('index'); }
  getDataBodyRange(): FakeRange {
    this.context.queue(10, () => { this.col(); });
    return new FakeRange(this.context, this.ws, () => {
      const r = this.table.spec().rect;
      const c = this.col();
      return { r0: r.r0 + 1, c0: c, r1: r.r1, c1: c };
    });
  }
}

export class FakeTableRowCollection extends FakeObject {
  constructor(ctx: FakeContext, private readonly ws: WsRef, private readonly table: FakeTable) { super(ctx, 'TableRowCollection'); }
  protected read(_prop: string): unknown { return undefined; }

  /**
   * Rows added at the end of the table (index null/undefined). Each new cell takes the
   * number format and data validation of the cell above it, then its value arrives as
   * typed text would (through that format). Inserting in the middle, or over cells
   * below that hold values (Excel would shift them down), is not modelled.
   */
  add(index?: number | null, values?: unknown[][]): void {
    this.context.queue(jsonSize(values ?? []), () => {
      if (index !== undefined && index !== null) throw new FakeExcelError('InvalidArgument', 'Adding table rows other than at the end is not modelled by the fake.');
      const sheet = this.ws.resolveSheet();
      const t = this.table.spec();
      const width = t.rect.c1 - t.rect.c0 + 1;
      const rows = values ?? [new Array<unknown>(width).fill('')];
      if (rows.some((r) => !Array.isArray(r) || r.length !== width)) throw new FakeExcelError('InvalidArgument', `Each added row needs ${width} values.`);
      const top = t.rect.r1 + 1;
      for (let i = 0; i < rows.length; i++) {
        for (let c = t.rect.c0; c <= t.rect.c1; c++) {
          if (sheet.get(top + i, c) !== undefined) throw new FakeExcelError('InvalidOperation', 'Adding table rows over cells that hold values is not modelled by the fake.');
        }
      }
      rows.forEach((vals, i) => {
        const r = top + i;
        for (let c = t.rect.c0; c <= t.rect.c1; c++) {
          const above = cellKey(r - 1, c);
          const fmt = sheet.formats.get(above);
          if (fmt !== undefined) sheet.formats.set(cellKey(r, c), fmt);
          const dv = sheet.validation.get(above);
          if (dv) sheet.validation.set(cellKey(r, c), JSON.parse(JSON.stringify(dv)) as typeof dv);
          const got = coerce(vals[c - t.rect.c0], sheet.numberFormat(r, c));
          sheet.set(r, c, got.value);
          if (got.formula) sheet.formulas.set(cellKey(r, c), got.formula);
          if (got.autoFormat) sheet.formats.set(cellKey(r, c), got.autoFormat);
        }
      });
      t.rect = { ...t.rect, r1: t.rect.r1 + rows.length };
      this.ws.raiseWrite(sheet, { r0: top, c0: t.rect.c0, r1: t.rect.r1, c1: t.rect.c1 });
    });
  }

  getCount(): FakeClientResult<number> {
    return new FakeClientResult(this.context, 10, () => { const r = this.table.spec().rect; return r.r1 - r.r0; });
  }
}

export const tableAddress = (t: TableSpec): string => formatRect(t.rect);

/**
 * Excel's AutoExpand: typing or pasting into the row just below a table (or from inside it
 * downwards) makes the table grow over those rows, and each new row takes the number formats
 * and data validation of the row above it before the values arrive. Called by the user-edit path
 * (fireChange) before it writes, so typed text goes through the new rows' formats.
 */
export function autoExpandTables(sheet: FakeSheet, rect: Rect): void {
  for (const t of tablesOf(sheet)) {
    const columnsMeet = rect.c0 <= t.rect.c1 && t.rect.c0 <= rect.c1;
    if (!columnsMeet || rect.r0 > t.rect.r1 + 1 || rect.r0 <= t.rect.r0 || rect.r1 <= t.rect.r1) continue;
    for (let r = t.rect.r1 + 1; r <= rect.r1; r++) {
      for (let c = t.rect.c0; c <= t.rect.c1; c++) {
        const above = cellKey(r - 1, c);
        const fmt = sheet.formats.get(above);
        if (fmt !== undefined) sheet.formats.set(cellKey(r, c), fmt);
        const dv = sheet.validation.get(above);
        if (dv) sheet.validation.set(cellKey(r, c), JSON.parse(JSON.stringify(dv)) as typeof dv);
      }
    }
    t.rect = { ...t.rect, r1: rect.r1 };
  }
}
