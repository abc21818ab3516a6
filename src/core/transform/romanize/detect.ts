import type { Standard } from '../../standard/schema';
import type { WorkbookData } from '../../model/sheet';
import { findSheet, matchColumns } from '../../sheet/headers';
import { nonLatinScript } from '../charset';
import { romanizePlan } from './row';
import { loadRomanizers, type Romanizers } from './load';
import { createCountryResolver } from '../country';
import { tidyText } from '../text';

const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * The distinct names in kanji of Japanese people in the columns T-ROMANIZE
 * covers, as romanizeName will see them (tidied): kanji with kana, or kanji in
 * a row whose country is Japan. A caller with a dictionary reads only these;
 * none means the dictionary is not loaded at all.
 */
export function japaneseKanjiNames(std: Standard, wb: WorkbookData): string[] {
  const out = new Set<string>();
  const countries = createCountryResolver(std.countryAliases);
  for (const e of std.entities) {
    const plan = romanizePlan(std, e);
    const sheet = plan && findSheet(wb.sheets, e);
    if (!plan || !sheet) continue;
    const match = matchColumns(e, sheet);
    const cols = match.colOfField.filter((c, fi) => c >= 0 && plan.fields.has(fi));
    const ci = e.fields.findIndex((f) => f.type === 'country');
    const countryCol = ci >= 0 ? match.colOfField[ci]! : -1;
    for (const row of sheet.rows) for (const c of cols) {
      const v = row[c];
      if (typeof v !== 'string' || !HAN.test(v)) continue;
      const country = countryCol >= 0 && typeof row[countryCol] === 'string' ? countries.resolve(tidyText(row[countryCol] as string)) : null;
      if (KANA.test(v) || country === 'JP') out.add(tidyText(v));
    }
  }
  return [...out];
}

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
