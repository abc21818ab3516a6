import type { WorklistRow } from './worklist';

/**
 * The Translations sheet's layout, shared by the command line (an .xlsx
 * worklist) and the pane (a sheet in the open workbook), so a worklist
 * written by one reads back in the other.
 */

export const TRANSLATIONS_SHEET = 'Translations';
export const WORKLIST_HEADERS = ['Source text', 'Script', 'Used in', 'Occurrences', 'Suggested romanization (not a translation)', 'Approved English'] as const;
/** 0-based column of the translator's input. */
export const APPROVED_COLUMN = 5;
/** Column widths in characters (the CLI) — the pane converts them to points. */
export const WORKLIST_WIDTHS = [40, 16, 60, 12, 40, 40] as const;

/** Places listed in one cell; a value used in thousands of rows would otherwise pass Excel's 32,767 characters a cell. */
const MAX_PLACES = 20;

export function usedInText(usedIn: readonly string[]): string {
  if (usedIn.length === 0) return 'not in this workbook (kept from an earlier worklist)';
  const shown = usedIn.slice(0, MAX_PLACES).join('; ');
  return usedIn.length > MAX_PLACES ? `${shown}; and ${usedIn.length - MAX_PLACES} more` : shown;
}

/** Header row and one row per worklist entry, as cell values. */
export function worklistGrid(rows: readonly WorklistRow[]): (string | number)[][] {
  return [[...WORKLIST_HEADERS], ...rows.map((r) => [r.source, r.script, usedInText(r.usedIn), r.occurrences, r.suggestion ?? '', r.approved ?? ''])];
}

export class WorklistSheetError extends Error {}

const norm = (v: unknown) => String(v ?? '').trim().toLowerCase();

/** True when a header row is the worklist's (so a sheet of that name is ours to rewrite, not a user's own). */
export function isWorklistHeader(row: readonly unknown[]): boolean {
  const h = row.map(norm);
  return h.includes(norm(WORKLIST_HEADERS[0])) && h.includes(norm(WORKLIST_HEADERS[APPROVED_COLUMN]));
}

/**
 * A filled worklist's cells back as source and approved English, the columns
 * found by their headers (a translator may have moved them). Rows without a
 * source are skipped; a sheet without the two columns is not a worklist.
 */
export function readWorklistGrid(values: readonly (readonly unknown[])[]): { source: string; approved: string | null }[] {
  const header = (values[0] ?? []).map(norm);
  const si = header.indexOf(norm(WORKLIST_HEADERS[0]));
  const ai = header.indexOf(norm(WORKLIST_HEADERS[APPROVED_COLUMN]));
  if (si < 0 || ai < 0) throw new WorklistSheetError(`the ${TRANSLATIONS_SHEET} sheet needs the columns "${WORKLIST_HEADERS[0]}" and "${WORKLIST_HEADERS[APPROVED_COLUMN]}" in its first row`);
  const out: { source: string; approved: string | null }[] = [];
  for (const row of values.slice(1)) {
    const source = String(row[si] ?? '').trim();
    if (!source) continue;
    const approved = String(row[ai] ?? '').trim();
    out.push({ source, approved: approved || null });
  }
  return out;
}

/**
 * Approvals the translator already made for texts no longer in the workbook
 * (fixed since, or from another partner's file), added after the current
 * rows: rewriting the sheet never loses a translation.
 */
export function withKeptApprovals(rows: readonly WorklistRow[], approved: ReadonlyMap<string, { english: string }>, scriptOf: (text: string) => string | null): WorklistRow[] {
  const present = new Set(rows.map((r) => r.source));
  const kept: WorklistRow[] = [];
  for (const [source, e] of approved) {
    if (!present.has(source)) kept.push({ source, script: scriptOf(source) ?? '', usedIn: [], occurrences: 0, suggestion: null, approved: e.english });
  }
  return [...rows, ...kept.sort((a, b) => a.source.localeCompare(b.source))];
}
