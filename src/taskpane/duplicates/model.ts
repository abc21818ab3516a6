import type { KeyedCluster } from '../../core/master/decisions';
import { cellText, fieldColumns, sameSheetName } from '../../core/master/headers';
import type { WorkbookData } from '../../core/model/sheet';
import type { Standard } from '../../core/standard/schema';

/** What tells two records apart to a person, in this order; other fields only when these are empty. */
const TELLING = ['first_name', 'middle_name', 'last_name', 'org_name', 'email', 'org_id', 'city', 'country', 'study_number', 'site_number', 'nct_number'];
const MAX_PARTS = 4;

/** A short description of a row ("Ann Smith · ann.smith@mayo.org · ORG-1 · Rochester"), for choosing which to keep. */
export function describeRow(std: Standard | null, wb: WorkbookData | null, sheetName: string, row: number): string {
  const sheet = wb?.sheets.find((s) => s.name === sheetName);
  const entity = std?.entities.find((e) => sameSheetName(e.sheet, sheetName));
  const i = sheet ? sheet.rowNumbers.indexOf(row) : -1;
  if (!sheet || !entity || i < 0) return `Row ${row}`;
  const cols = fieldColumns(entity, sheet);
  const value = (key: string) => { const c = cols.get(key); return c === undefined ? '' : cellText(sheet.rows[i]![c]); };
  const name = ['first_name', 'middle_name', 'last_name'].map(value).filter(Boolean).join(' ');
  const parts = name ? [name] : [];
  for (const k of TELLING.slice(3)) {
    if (parts.length >= MAX_PARTS) break;
    const v = value(k);
    if (v && !parts.includes(v)) parts.push(v);
  }
  for (const f of entity.fields) {
    if (parts.length >= 2) break;
    const v = value(f.key);
    if (v && !parts.includes(v)) parts.push(v);
  }
  return parts.join(' · ') || `Row ${row} (empty)`;
}

export const percent = (score: number) => `${Math.round(score * 100)}%`;

export interface SheetGroup { sheet: string; clusters: KeyedCluster[] }

/** Clusters by sheet, sheets in the order first met (the workbook's order). */
export function groupBySheet(clusters: KeyedCluster[]): SheetGroup[] {
  const groups = new Map<string, KeyedCluster[]>();
  for (const c of clusters) {
    const g = groups.get(c.sheet);
    if (g) g.push(c); else groups.set(c.sheet, [c]);
  }
  return [...groups].map(([sheet, list]) => ({ sheet, clusters: list }));
}
