import type { CellValue } from '../core/model/sheet';

/** Conversions between Excel's cell values and the engine's CellValue. */

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** True when a number format shows a date or time: d/m/y/h/s outside quotes, escapes and [..] blocks. */
export function isDateFormat(fmt: string | null | undefined): boolean {
  if (!fmt || fmt === 'General' || fmt === '@') return false;
  const bare = fmt.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/_./g, '').replace(/\[[^\]]*\]/g, '').replace(/AM\/PM|A\/P/gi, 'h');
  return /[dmyhs]/i.test(bare);
}

/** Serial → UTC Date. In the 1900 system serials below 61 sit before Lotus' phantom 1900-02-29. */
export function serialToDate(serial: number, date1904 = false): Date {
  if (date1904) return new Date(EPOCH_1904 + Math.round(serial * DAY_MS));
  const days = serial < 61 ? serial + 1 : serial;
  return new Date(EPOCH_1900 + Math.round(days * DAY_MS));
}

/** "2024-03-05" (or a Date) → serial in the 1900 system (date1904 shifts by 1462 days). */
export function dateToSerial(d: Date | string, date1904 = false): number | null {
  const t = typeof d === 'string' ? (/^\d{4}-\d{2}-\d{2}$/.test(d) ? Date.parse(`${d}T00:00:00Z`) : NaN) : d.getTime();
  if (Number.isNaN(t)) return null;
  if (date1904) return (t - EPOCH_1904) / DAY_MS;
  const serial = (t - EPOCH_1900) / DAY_MS;
  return serial < 61 ? serial - 1 : serial;
}

/** One read cell → CellValue: empties → null, error values stay as their text, serials in date formats → Date. */
export function toCellValue(value: unknown, valueType: string | undefined, format: string | undefined, date1904 = false): CellValue {
  if (valueType === 'Empty' || value === '' || value === null || value === undefined) return null;
  if (valueType === 'Error') return String(value);
  if (typeof value === 'number') return isDateFormat(format) ? serialToDate(value, date1904) : value;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}

/**
 * Text Excel would turn into something else when typed: formulas (= + - @),
 * numbers (leading zeros and "+" would be lost: E.164 phones, postal codes),
 * booleans, dates, error literals. Such text is written into "@" cells.
 */
export function needsTextFormat(s: string): boolean {
  if (/^[=+\-@]/.test(s)) return true;
  const t = s.trim();
  if (/^[+-]?(\d[\d,]*\.?\d*|\.\d+)([eE][+-]?\d+)?%?$/.test(t)) return true;
  if (/^(true|false)$/i.test(t)) return true;
  if (/^#[A-Z0-9/]+[!?]?$/.test(t)) return true;
  return /^\d{1,4}[-/.]\d{1,2}([-/.]\d{1,4})?$/.test(t) || /^\d{1,2}:\d{2}/.test(t);
}
