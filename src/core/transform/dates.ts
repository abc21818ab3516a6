import { parse, isValid } from 'date-fns';

/**
 * T-DATE: text dates and Excel serial numbers → ISO yyyy-mm-dd.
 * Day/month order is never guessed: a numeric date that reads two ways is
 * ambiguous unless the source's date order is set.
 */
export type DateOrder = 'MDY' | 'DMY' | 'YMD';

export type DateParse =
  | { kind: 'date'; iso: string; note?: string }
  | { kind: 'ambiguous'; a: string; b: string }
  | { kind: 'invalid'; detail?: string };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function isoOf(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** Two-digit years: 00–49 → 2000s, 50–99 → 1900s (the rule Excel applies to typed dates). */
const fullYear = (y: number, digits: number) => (digits > 2 ? y : y < 50 ? 2000 + y : 1900 + y);

const isoByDay = new Map<number, string | null>();

/** JS Date → ISO date, reading its UTC calendar day (ExcelJS and the adapter build dates at UTC midnight). */
export function isoFromDate(d: Date): string | null {
  const t = d.getTime();
  if (Number.isNaN(t)) return null;
  const day = Math.floor(t / 86400000);
  let iso = isoByDay.get(day);
  if (iso === undefined) {
    // Columns of dates repeat the same days: remember each day once instead of formatting it per cell.
    iso = isoOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    if (isoByDay.size < 100000) isoByDay.set(day, iso);
  }
  return iso;
}

/** Excel serial (1900 date system, with its fictitious 29 Feb 1900) → ISO date. */
export function isoFromSerial(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  const days = Math.floor(serial);
  const ms = Date.UTC(1899, 11, 30) + days * 86400000;
  return isoFromDate(new Date(ms));
}

export function serialFromIso(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const YMD = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/;
const NUMERIC = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/;
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;
/** Five digits (10000 = 1927-05-18 … 99999 = 2173-10-14): an Excel serial date typed or imported as text. */
const SERIAL_TEXT = /^\d{5}(?:\.\d+)?$/;
const TEXT_FORMATS = [
  'MMMM d, yyyy', 'MMMM d yyyy', 'MMM d, yyyy', 'MMM d yyyy', 'MMM. d, yyyy',
  'd MMMM yyyy', 'd MMM yyyy', 'd-MMM-yyyy', 'dd-MMM-yy', 'd MMM, yyyy', 'EEEE, MMMM d, yyyy',
];
const MONTH_FORMATS = ['MMMM yyyy', 'MMM yyyy', 'MMM-yyyy', 'MMM-yy'];
const REF = new Date(2000, 0, 1);

export function parseDateText(raw: string, order?: DateOrder): DateParse {
  const s = raw.trim();
  let m = ISO.exec(s);
  if (m) {
    const iso = isoOf(+m[1]!, +m[2]!, +m[3]!);
    return iso ? { kind: 'date', iso } : { kind: 'invalid', detail: 'no such day' };
  }
  if ((m = YMD.exec(s))) {
    const iso = isoOf(+m[1]!, +m[2]!, +m[3]!);
    return iso ? { kind: 'date', iso } : { kind: 'invalid', detail: 'no such day' };
  }
  if ((m = NUMERIC.exec(s))) {
    const a = +m[1]!, b = +m[2]!, y = fullYear(+m[3]!, m[3]!.length);
    const note = m[3]!.length === 2 ? `two-digit year read as ${y}` : undefined;
    const mdy = isoOf(y, a, b);
    const dmy = isoOf(y, b, a);
    if (order === 'MDY' || order === 'DMY') {
      const iso = order === 'MDY' ? mdy : dmy;
      return iso ? { kind: 'date', iso, note } : { kind: 'invalid', detail: `not a valid ${order} date` };
    }
    if (mdy && dmy && mdy !== dmy) return { kind: 'ambiguous', a: mdy, b: dmy };
    const iso = mdy ?? dmy;
    return iso ? { kind: 'date', iso, note } : { kind: 'invalid', detail: 'no such day' };
  }
  if (SERIAL_TEXT.test(s)) {
    // An Excel serial number that arrived as text (CSV import, a text-formatted column).
    const iso = isoFromSerial(Number(s));
    return iso ? { kind: 'date', iso, note: 'Excel serial number' } : { kind: 'invalid' };
  }
  if ((m = YEAR_MONTH.exec(s))) {
    const iso = isoOf(+m[1]!, +m[2]!, 1);
    return iso ? { kind: 'date', iso, note: 'no day given: first of the month' } : { kind: 'invalid' };
  }
  if (/[a-z]/i.test(s)) {
    const cleaned = s.replace(/(\d)(st|nd|rd|th)\b/gi, '$1').replace(/\bSept\b/gi, 'Sep').replace(/\s+/g, ' ');
    for (const f of TEXT_FORMATS) {
      const d = parse(cleaned, f, REF);
      if (isValid(d)) {
        const iso = isoOf(d.getFullYear(), d.getMonth() + 1, d.getDate());
        if (iso) return { kind: 'date', iso };
      }
    }
    for (const f of MONTH_FORMATS) {
      const d = parse(cleaned, f, REF);
      if (isValid(d)) {
        const iso = isoOf(d.getFullYear(), d.getMonth() + 1, 1);
        if (iso) return { kind: 'date', iso, note: 'no day given: first of the month' };
      }
    }
  }
  return { kind: 'invalid' };
}
