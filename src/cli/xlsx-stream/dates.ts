/**
 * Which cell styles show numbers as dates, decided as ExcelJS decides it (the
 * CLI's reader until now, so results do not change): the built-in date
 * formats 14–22 and 45–47, and any custom format with a date or time token
 * outside quoted text and [brackets] (colours, conditions, elapsed time).
 */
const BUILTIN_DATE_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

export function isDateFormat(code: string): boolean {
  const bare = code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]/.test(bare);
}

/** numFmtId → custom format code, as styles.xml declares them. */
export function isDateFormatId(id: number, custom: Map<number, string>): boolean {
  const code = custom.get(id);
  if (code !== undefined) return isDateFormat(code);
  return BUILTIN_DATE_IDS.has(id);
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * An Excel serial as a JS Date in UTC, as ExcelJS converts it: days since
 * 1899-12-30 (which absorbs Excel's phantom 29 February 1900 for every date
 * after it), or since 1904-01-01 in the 1904 system; rounded to the millisecond.
 */
export function excelToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * DAY_MS));
}
