import path from 'node:path';
import type { XlsxZip } from './zip';
import { attr, parseStream, parseText } from './xml';
import { isDateFormatId } from './dates';
import { detach } from './scan';

export type SheetState = 'visible' | 'hidden' | 'veryHidden';

export interface SheetEntry {
  name: string;
  /** The sheet's part in the zip, e.g. xl/worksheets/sheet1.xml. */
  part: string;
  state: SheetState;
}

export interface BookInfo {
  sheets: SheetEntry[];
  date1904: boolean;
  /** Parts of the workbook's other relationships, by type (sharedStrings, styles). */
  sharedStrings: string | null;
  styles: string | null;
}

const WORKSHEET = /\/worksheet$/;

function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  return path.posix.normalize(path.posix.join(path.posix.dirname(base), target));
}

/** The workbook's main part, as [Content_Types] and the package relationships name it (xl/workbook.xml almost always). */
async function mainPart(zip: XlsxZip): Promise<string> {
  const rels = await zip.text('_rels/.rels');
  let found = 'xl/workbook.xml';
  if (rels) {
    parseText(rels, {
      open(name, a) {
        if (name === 'Relationship' && /\/officeDocument$/.test(a.Type ?? '') && a.Target) found = resolveTarget('', a.Target);
      },
    });
  }
  return found;
}

export async function readBook(zip: XlsxZip): Promise<BookInfo> {
  const main = await mainPart(zip);
  const book = await zip.text(main);
  if (book === null) throw new Error(`missing ${main}`);
  const relsPart = path.posix.join(path.posix.dirname(main), '_rels', `${path.posix.basename(main)}.rels`);
  const rels = new Map<string, { type: string; target: string }>();
  parseText((await zip.text(relsPart)) ?? '<Relationships/>', {
    open(name, a) {
      if (name === 'Relationship' && a.Id && a.Target) rels.set(a.Id, { type: a.Type ?? '', target: resolveTarget(main, a.Target) });
    },
  });
  const sheets: SheetEntry[] = [];
  let date1904 = false;
  parseText(book, {
    open(name, a) {
      if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      if (name === 'sheet') {
        const rel = rels.get(attr(a, 'id') ?? '');
        // Chart sheets hold no cells (ExcelJS skips them too).
        if (!rel || !WORKSHEET.test(rel.type) || !zip.has(rel.target)) return;
        const state = a.state === 'hidden' || a.state === 'veryHidden' ? a.state : 'visible';
        sheets.push({ name: a.name ?? '', part: rel.target, state });
      }
    },
  });
  const byType = (suffix: string) => [...rels.values()].find((r) => r.type.endsWith(suffix) && zip.has(r.target))?.target ?? null;
  return { sheets, date1904, sharedStrings: byType('/sharedStrings'), styles: byType('/styles') };
}

/**
 * Which style indexes (cellXfs) show numbers as dates. Style 0 never does,
 * as in ExcelJS (which ignores the default style's number format).
 */
export async function readDateStyles(zip: XlsxZip, part: string | null): Promise<boolean[]> {
  if (!part) return [];
  const text = await zip.text(part);
  if (!text) return [];
  const custom = new Map<number, string>();
  const ids: number[] = [];
  let inCellXfs = false;
  parseText(text, {
    open(name, a) {
      if (name === 'numFmt' && a.numFmtId !== undefined) custom.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) ids.push(Number(a.numFmtId ?? 0));
    },
    close(name) { if (name === 'cellXfs') inCellXfs = false; },
  });
  return ids.map((id, i) => i > 0 && id > 0 && isDateFormatId(id, custom));
}

/**
 * Shared strings, each read once: plain text, or the runs of rich text
 * joined; phonetic guides (`<rPh>`, furigana) are left out, as Excel shows them.
 */
export async function readSharedStrings(zip: XlsxZip, part: string | null): Promise<string[]> {
  if (!part) return [];
  const out: string[] = [];
  let cur = '';
  let inT = false;
  let phonetic = 0;
  await parseStream(await zip.stream(part), {
    open(name) {
      if (name === 'si') cur = '';
      else if (name === 't') inT = true;
      else if (name === 'rPh') phonetic++;
    },
    close(name) {
      if (name === 'si') out.push(detach(cur));
      else if (name === 't') inT = false;
      else if (name === 'rPh') phonetic--;
    },
    text(t) { if (inT && !phonetic) cur += t; },
  });
  return out;
}
