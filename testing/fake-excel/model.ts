import { type Rect, MAX_COLS } from './address';

/**
 * The workbook's state, as Excel holds it. Proxies (range.ts, objects.ts) read
 * and write this only inside sync(), never directly, so tests see exactly what
 * a batch would have done in Excel.
 */

/** A stored cell value. Errors are kept apart so `valueTypes` can say "Error". */
export type Stored = string | number | boolean | { error: string };
export interface FillSpec { color: string; pattern: string }
export interface ErrorAlertSpec { showAlert: boolean; style: 'Stop' | 'Warning' | 'Information'; title: string; message: string }
export interface ValidationSpec {
  rule: Record<string, unknown> | null;
  prompt: { showPrompt: boolean; title: string; message: string } | null;
  /** Absent or null: Excel's default (a Stop alert with its generic words). */
  errorAlert?: ErrorAlertSpec | null;
}
export interface NoteSpec { sheetId: string; row: number; col: number; content: string; author: string }
export interface CommentSpec extends NoteSpec { id: string }
export type Visibility = 'Visible' | 'Hidden' | 'VeryHidden';

export const ERROR_VALUES = ['#N/A', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#NULL!', '#SPILL!', '#CALC!'];

export const cellKey = (row: number, col: number): number => row * MAX_COLS + col;

export class FakeSheet {
  /** Values by row (0-based), then column; holes are empty cells. */
  readonly rows: (Stored | undefined)[][] = [];
  readonly formulas = new Map<number, string>();
  readonly formats = new Map<number, string>();
  readonly fills = new Map<number, FillSpec>();
  readonly bold = new Map<number, boolean>();
  readonly fontColor = new Map<number, string>();
  readonly validation = new Map<number, ValidationSpec>();
  readonly columnWidths = new Map<number, number>();
  visibility: Visibility = 'Visible';
  freezeRows = 0;
  protectedSheet = false;
  /** What the protection allows (the options of protect()). */
  protectionOptions: Record<string, boolean> = {};
  /** Cells unlocked for editing under protection (cell keys). */
  readonly unlocked = new Set<number>();
  /** Selected area (A1) once `select()` ran. */
  selection: string | null = null;

  constructor(readonly id: string, public name: string) {}

  get(row: number, col: number): Stored | undefined {
    return this.rows[row]?.[col];
  }

  set(row: number, col: number, v: Stored | undefined): void {
    if (v === undefined || v === '') {
      const r = this.rows[row];
      if (r) delete r[col];
      return;
    }
    (this.rows[row] ??= [])[col] = v;
  }

  numberFormat(row: number, col: number): string {
    return this.formats.get(cellKey(row, col)) ?? 'General';
  }

  /** Fast test set-up: raw values (strings stay strings) from a top-left cell, no Office.js round trip. */
  load(rows: (string | number | boolean | null)[][], top = 0, left = 0): this {
    rows.forEach((vals, i) => vals.forEach((v, j) => this.set(top + i, left + j, v === null ? undefined : v)));
    return this;
  }

  /** Bounding rectangle of cells with values (and, unless valuesOnly, with formats or fills), or null. */
  usedRect(valuesOnly: boolean): Rect | null {
    let r0 = Infinity, c0 = Infinity, r1 = -1, c1 = -1;
    const take = (r: number, c: number) => {
      if (r < r0) r0 = r;
      if (r > r1) r1 = r;
      if (c < c0) c0 = c;
      if (c > c1) c1 = c;
    };
    this.rows.forEach((row, r) => {
      if (!row) return;
      row.forEach((v, c) => { if (v !== undefined) take(r, c); });
    });
    if (!valuesOnly) {
      for (const m of [this.formats, this.fills, this.bold, this.validation] as Map<number, unknown>[]) {
        for (const k of m.keys()) take(Math.floor(k / MAX_COLS), k % MAX_COLS);
      }
    }
    return r1 < 0 ? null : { r0, c0, r1, c1 };
  }
}

export class FakeWorkbook {
  readonly sheets: FakeSheet[] = [];
  readonly notes: NoteSpec[] = [];
  readonly comments: CommentSpec[] = [];
  readonly settings = new Map<string, unknown>();
  activeSheetId: string | null = null;
  use1904DateSystem = false;
  private nextId = 1;

  /** Add a sheet (test set-up or worksheets.add). */
  addSheet(name: string): FakeSheet {
    if (this.sheet(name)) throw new Error(`Sheet ${name} exists`);
    const s = new FakeSheet(`{fake-sheet-${this.nextId++}}`, name);
    this.sheets.push(s);
    this.activeSheetId ??= s.id;
    return s;
  }

  sheet(name: string): FakeSheet | undefined {
    const n = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === n);
  }

  sheetById(id: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.id === id);
  }

  /*
   * Notes and comments are plain arrays so tests can arrange them directly;
   * look-ups go through an index rebuilt at each sync and kept up to date by
   * the add/delete actions, so 20,000 notes do not cost 20,000² scans.
   */
  private noteIndex: Map<string, NoteSpec> | null = null;
  private commentIndex: Map<string, CommentSpec> | null = null;

  /** Called at the start of each sync: the arrays may have been changed by a test in between. */
  reindex(): void {
    this.noteIndex = null;
    this.commentIndex = null;
  }

  private notesByCell(): Map<string, NoteSpec> {
    return (this.noteIndex ??= new Map(this.notes.map((n) => [`${n.sheetId}|${n.row}|${n.col}`, n])));
  }
  private commentsByCell(): Map<string, CommentSpec> {
    return (this.commentIndex ??= new Map(this.comments.map((n) => [`${n.sheetId}|${n.row}|${n.col}`, n])));
  }

  noteAt(sheetId: string, row: number, col: number): NoteSpec | undefined {
    return this.notesByCell().get(`${sheetId}|${row}|${col}`);
  }

  commentAt(sheetId: string, row: number, col: number): CommentSpec | undefined {
    return this.commentsByCell().get(`${sheetId}|${row}|${col}`);
  }

  addNote(n: NoteSpec): void {
    this.notes.push(n);
    this.notesByCell().set(`${n.sheetId}|${n.row}|${n.col}`, n);
  }

  addComment(c: CommentSpec): void {
    this.comments.push(c);
    this.commentsByCell().set(`${c.sheetId}|${c.row}|${c.col}`, c);
  }

  private removed = new Set<NoteSpec>();
  /** Removal is recorded now and the arrays compacted at the end of the sync. */
  removeNote(n: NoteSpec): void {
    this.notesByCell().delete(`${n.sheetId}|${n.row}|${n.col}`);
    this.removed.add(n);
  }
  removeComment(c: CommentSpec): void {
    this.commentsByCell().delete(`${c.sheetId}|${c.row}|${c.col}`);
    this.removed.add(c);
  }
  isRemoved(n: NoteSpec): boolean {
    return this.removed.has(n);
  }
  compact(): void {
    if (!this.removed.size) return;
    const keepN = this.notes.filter((n) => !this.removed.has(n));
    const keepC = this.comments.filter((n) => !this.removed.has(n));
    this.notes.splice(0, this.notes.length, ...keepN);
    this.comments.splice(0, this.comments.length, ...keepC);
    this.removed.clear();
  }

  commentById(id: string): CommentSpec | undefined {
    const c = this.comments.find((x) => x.id === id);
    return c && !this.removed.has(c) ? c : undefined;
  }

  newId(prefix: string): string {
    return `${prefix}-${this.nextId++}`;
  }
}

/** Excel's 1900 date system: serial 1 is 1900-01-01 and (Lotus' bug) 60 is 1900-02-29. */
export function isoToSerial(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const serial = Math.round((t - Date.UTC(1899, 11, 30)) / 86_400_000);
  return serial < 61 ? serial - 1 : serial;
}

export function serialToIso(serial: number): string {
  const days = serial < 61 ? serial + 1 : serial;
  return new Date(Date.UTC(1899, 11, 30) + Math.floor(days) * 86_400_000).toISOString().slice(0, 10);
}

/** True when a number format shows dates or times (tokens outside quotes, escapes and [colour] blocks). */
export function isDateFormat(fmt: string): boolean {
  if (!fmt || fmt === 'General' || fmt === '@') return false;
  const bare = fmt.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '').replace(/AM\/PM|A\/P/gi, 'h');
  return /[dmyhs]/i.test(bare);
}

/** What Excel stores when a value arrives through `range.values` into a cell with this number format. */
export function coerce(input: unknown, fmt: string): { value: Stored | undefined; formula?: string; autoFormat?: string } {
  if (input === null || input === undefined) return { value: undefined };
  if (typeof input === 'number' || typeof input === 'boolean') return { value: input };
  if (input instanceof Date) {
    const s = isoToSerial(input.toISOString().slice(0, 10));
    return { value: s ?? input.toISOString(), autoFormat: fmt === 'General' ? 'm/d/yyyy' : undefined };
  }
  const s = String(input);
  if (s === '') return { value: undefined };
  if (fmt === '@') return { value: s };
  // Excel parses typed text: formulas, numbers (dropping leading zeros and "+"), booleans, ISO dates, error literals.
  if (s.startsWith('=')) return { value: { error: '#NAME?' }, formula: s };
  const t = s.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return { value: Number(t) };
  if (/^[+\-@]/.test(s)) return { value: { error: '#NAME?' }, formula: `=${s.replace(/^@/, '')}` };
  if (/^(true|false)$/i.test(t)) return { value: t.toLowerCase() === 'true' };
  if (ERROR_VALUES.includes(t)) return { value: { error: t } };
  const serial = isoToSerial(t);
  if (serial !== null) return { value: serial, autoFormat: fmt === 'General' ? 'yyyy-mm-dd' : undefined };
  return { value: s };
}

/** The value Office.js hands out for a stored cell. */
export function outValue(v: Stored | undefined): string | number | boolean {
  if (v === undefined) return '';
  if (typeof v === 'object') return v.error;
  return v;
}

export function valueType(v: Stored | undefined): 'Empty' | 'String' | 'Double' | 'Boolean' | 'Error' {
  if (v === undefined) return 'Empty';
  if (typeof v === 'object') return 'Error';
  if (typeof v === 'number') return 'Double';
  if (typeof v === 'boolean') return 'Boolean';
  return 'String';
}

/** A small formatter: enough for `range.text` of dates, text and plain numbers. */
export function formatText(v: Stored | undefined, fmt: string): string {
  if (v === undefined) return '';
  if (typeof v === 'object') return v.error;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number' && isDateFormat(fmt)) {
    const [y, m, d] = serialToIso(v).split('-') as [string, string, string];
    return fmt.replace(/yyyy/i, y).replace(/yy/i, y.slice(2)).replace(/mm/i, m).replace(/dd/i, d).replace(/\bm\b/i, String(Number(m))).replace(/\bd\b/i, String(Number(d)));
  }
  return String(v);
}
