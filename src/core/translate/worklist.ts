import type { Standard } from '../standard/schema';
import type { WorkbookData } from '../model/sheet';
import { a1 } from '../sheet/address';
import { findSheet, matchColumns } from '../sheet/headers';
import { nonLatinScript } from '../transform/charset';
import { tidyText } from '../transform/text';
import type { Romanizers } from '../transform/romanize/load';
import { romanizeName } from '../transform/romanize/names';
import type { Glossary } from './glossary';

/**
 * The translation worklist: one row per distinct text in another script in
 * a field the target stores in Latin script, where it is used, a suggested
 * romanization (a reading aid, not a translation) and the approved English
 * when the glossary has it. A translator fills the English column; read
 * back, it becomes the glossary.
 */

export interface WorklistRow {
  source: string;
  script: string;
  /** Where it occurs: "Sheet!A1 (Header)", in sheet and row order. */
  usedIn: string[];
  occurrences: number;
  suggestion: string | null;
  approved: string | null;
}

const PERSON_NAME = /(^|_)(first|last|middle|given|family)_?name$/;

export function translationWorklist(std: Standard, wb: WorkbookData, opts: { glossary?: Glossary; romanizers?: Romanizers } = {}): WorklistRow[] {
  const rows = new Map<string, WorklistRow>();
  for (const e of std.entities) {
    const sheet = findSheet(wb.sheets, e);
    if (!sheet) continue;
    const match = matchColumns(e, sheet);
    e.fields.forEach((f, fi) => {
      const col = match.colOfField[fi]!;
      if (!f.latinOnly || col < 0) return;
      sheet.rows.forEach((row, r) => {
        const v = row[col];
        if (typeof v !== 'string') return;
        const text = tidyText(v);
        const script = text ? nonLatinScript(text) : null;
        if (!script) return;
        let w = rows.get(text);
        if (!w) {
          w = { source: text, script, usedIn: [], occurrences: 0, suggestion: suggest(text, PERSON_NAME.test(f.key), opts.romanizers), approved: opts.glossary?.get(text)?.english ?? null };
          rows.set(text, w);
        }
        w.occurrences++;
        w.usedIn.push(`${sheet.name}!${a1(col, sheet.rowNumbers[r]!)} (${f.header})`);
      });
    });
  }
  return [...rows.values()].sort((a, b) => b.occurrences - a.occurrences || a.source.localeCompare(b.source));
}

function suggest(text: string, personName: boolean, r: Romanizers | undefined): string | null {
  if (!r) return null;
  if (personName) {
    const x = romanizeName(text, 'full', null, r);
    return x ? x.whole ?? `${x.family} ${x.given}` : null;
  }
  // Names of places and organizations: a syllable-by-syllable reading for the translator, never the English name itself.
  const x = romanizeName(text, 'given', null, r);
  if (!x?.whole) return null;
  return /\p{Script=Han}/u.test(text) ? r.pinyin(text, false).map((s) => (s ? s[0]!.toUpperCase() + s.slice(1) : s)).join(' ') : x.whole;
}

/** A filled worklist read back: the rows with approved English, as glossary entries. */
export function approvedFromWorklist(rows: readonly { source: string; approved: string | null }[]): { source: string; english: string }[] {
  return rows.filter((r) => r.source.trim() && r.approved && r.approved.trim()).map((r) => ({ source: r.source.trim(), english: r.approved!.trim() }));
}
