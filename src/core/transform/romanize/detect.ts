import type { Standard } from '../../standard/schema';
import type { WorkbookData } from '../../model/sheet';
import { findSheet, matchColumns } from '../../sheet/headers';
import { nonLatinScript } from '../charset';
import { romanizePlan } from './row';
import { loadRomanizers, type Romanizers } from './load';

/** True when a column T-ROMANIZE covers holds text in another script: only then are the libraries worth loading. */
export function needsRomanizers(std: Standard, wb: WorkbookData): boolean {
  for (const e of std.entities) {
    const plan = romanizePlan(std, e);
    const sheet = plan && findSheet(wb.sheets, e);
    if (!plan || !sheet) continue;
    const cols = matchColumns(e, sheet).colOfField.filter((c, fi) => c >= 0 && plan.fields.has(fi));
    for (const row of sheet.rows) for (const c of cols) {
      const v = row[c];
      if (typeof v === 'string' && nonLatinScript(v) !== null) return true;
    }
  }
  return false;
}

/** The romanizers when the workbook needs them, else undefined (nothing loaded). */
export async function romanizersFor(std: Standard, wb: WorkbookData): Promise<Romanizers | undefined> {
  return needsRomanizers(std, wb) ? loadRomanizers() : undefined;
}
