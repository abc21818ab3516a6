/**
 * ExcelJS reads a data validation on a range by copying it to every cell of the
 * range: a whole-column rule (`B2:B1048576`, as Excel itself writes and as our
 * template does) costs a million entries per column — measured 9 s and 440 MB
 * for three columns, so a template of forty columns could not be read at all.
 * This keeps a large range as one entry keyed by the range, which ExcelJS's own
 * writer already accepts (it writes such a key back as the same sqref), so an
 * annotated copy keeps the user's drop-downs. Small ranges are read as before.
 */

// ExcelJS's internal reader class; no typings are published for it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const DataValidationsXform = require('exceljs/lib/xlsx/xform/sheet/data-validations-xform') as {
  prototype: { parseClose(name: string): boolean };
};

/** Ranges above this many cells stay one entry. */
export const EXPAND_LIMIT = 10_000;

const A1_RANGE = /^\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)$/;

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function rangeCells(addr: string): number {
  const m = A1_RANGE.exec(addr);
  if (!m) return 1;
  const rows = Math.abs(Number(m[4]) - Number(m[2])) + 1;
  const cols = Math.abs(colNumber(m[3]!) - colNumber(m[1]!)) + 1;
  return rows * cols;
}

interface ReaderState {
  _address: string;
  _dataValidation: { formulae?: unknown[]; operator?: unknown };
  model: Record<string, unknown>;
}

let patched = false;

export function keepLargeValidationRanges(): void {
  if (patched) return;
  patched = true;
  const proto = DataValidationsXform.prototype;
  const original = proto.parseClose;
  proto.parseClose = function parseClose(this: ReaderState, name: string): boolean {
    if (name !== 'dataValidation') return original.call(this, name);
    const parts = this._address.split(/\s+/g).filter(Boolean);
    const large = parts.filter((a) => rangeCells(a) > EXPAND_LIMIT);
    if (!large.length) return original.call(this, name);
    if (!this._dataValidation.formulae?.length) {
      delete this._dataValidation.formulae;
      delete this._dataValidation.operator;
    }
    for (const a of large) this.model[a.replace(/\$/g, '')] = this._dataValidation;
    const small = parts.filter((a) => rangeCells(a) <= EXPAND_LIMIT);
    if (!small.length) return true;
    // The rest of the sqref is read by ExcelJS as usual.
    this._address = small.join(' ');
    return original.call(this, name);
  };
}

keepLargeValidationRanges();
