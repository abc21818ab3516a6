import { StringDecoder } from 'node:string_decoder';
import { rowStatuses, type TransferLog } from '../../core/transfer/log';
import { MANAGED_HEADERS } from '../../core/sheet/headers';
import { TEXT_FORMAT } from '../../core/template/plan';
import { LOG_SHEET, logRows } from '../xlsx-results';
import { editCell, emptySheetPatch, type WorkbookPatch } from './model';
import { sheetParts } from './writer';
import { openZip, type ZipIn } from './zip';
import { attr, colIndex, parseRels, relsPathOf, resolveTarget, splitRef, unesc } from './xml';

/**
 * The sheet XML up to its header row (`headerRow` 1-based: a partner's header may sit below a
 * title); the text from that row's start is `at`, or -1 when the sheet has no such row.
 */
async function sheetStart(zin: ZipIn, part: string, headerRow = 1): Promise<{ text: string; at: number }> {
  const dec = new StringDecoder('utf8');
  let text = '';
  const s = await zin.stream(part);
  // Rows are in order; a row without `r` follows the one before it.
  const rowAt = (t: string): { at: number; past: boolean } => {
    let n = 0;
    for (const m of t.matchAll(/<row\b[^>]*>/g)) {
      const r = /\br="(\d+)"/.exec(m[0]);
      n = r ? Number(r[1]) : n + 1;
      if (n === headerRow) return { at: m.index, past: false };
      if (n > headerRow) return { at: -1, past: true };
    }
    return { at: -1, past: false };
  };
  for await (const c of s) {
    text += dec.write(c as Buffer);
    const found = rowAt(text);
    if (found.past) { s.destroy(); return { text, at: -1 }; }
    if (found.at >= 0) {
      const end = text.indexOf('</row>', found.at);
      if (end >= 0) { s.destroy(); return { text: text.slice(0, end), at: found.at }; }
    }
    if (/<\/sheetData>|<sheetData\s*\/>/.test(text)) { s.destroy(); return { text, at: -1 }; }
  }
  return { text, at: rowAt(text).at };
}

/** Shared strings by index, reading the part only as far as the last index asked for. */
async function sharedStrings(zin: ZipIn, part: string | undefined, wanted: Set<number>): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (!part || !wanted.size || !zin.byName.has(part)) return out;
  const last = Math.max(...wanted);
  const dec = new StringDecoder('utf8');
  let buf = '';
  let i = 0;
  const s = await zin.stream(part);
  for await (const c of s) {
    buf += dec.write(c as Buffer);
    let m: RegExpExecArray | null;
    const re = /<si>([\s\S]*?)<\/si>|<si\/>/g;
    let used = 0;
    while ((m = re.exec(buf))) {
      if (wanted.has(i)) out.set(i, [...(m[1] ?? '').matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>/g)].filter((t) => !/<rPh\b/.test(t[0])).map((t) => unesc(t[1] ?? '')).join(''));
      i++;
      used = re.lastIndex;
    }
    buf = buf.slice(used);
    if (i > last) { s.destroy(); break; }
  }
  return out;
}

/**
 * The submitted copy as a patch: a status and a target-id column in each
 * sheet sent (found by their headers, or added after the sheet's last
 * column), and the transfer log appended to the hidden log sheet.
 *
 * `logs`: one transfer, or several written one after the other (a rollback of
 * later transfers first): a row's status is the last one given for it, and
 * each log gets its row in the log sheet. `layout`: where each standard sheet
 * of the log is in a partner's file (its own sheet name and header row, from
 * the mapping); without it, the standard's sheet with its header on row 1.
 */
export async function resultsPatch(file: string, logs: TransferLog | readonly TransferLog[], layout?: ReadonlyMap<string, { sheet: string; headerRow: number }>): Promise<WorkbookPatch> {
  const patch: WorkbookPatch = { sheets: new Map() };
  const all = ([] as TransferLog[]).concat(logs);
  const statuses = new Map(all.flatMap((l) => [...rowStatuses(l)]));
  const sent = [...new Set(all.flatMap((l) => l.entities.map((e) => e.sheet)))];
  const [statusHeader, idHeader] = MANAGED_HEADERS;
  const zin = await openZip(file);
  try {
    const root = parseRels(await zin.text('_rels/.rels')).find((r) => r.type.endsWith('/officeDocument'));
    const workbookPart = root ? resolveTarget('', root.target) : 'xl/workbook.xml';
    const wbRels = await zin.text(relsPathOf(workbookPart));
    const parts = sheetParts((await zin.text(workbookPart)) ?? '', wbRels, workbookPart);
    const ssRel = parseRels(wbRels).find((r) => r.type.endsWith('/sharedStrings'));
    const ssPart = ssRel ? resolveTarget(workbookPart, ssRel.target) : undefined;
    for (const standardSheet of sent) {
      const place = layout?.get(standardSheet) ?? { sheet: standardSheet, headerRow: 1 };
      const part = parts.get(place.sheet);
      if (!part || patch.sheets.has(place.sheet)) continue;
      const { text: start, at: headerAt } = await sheetStart(zin, part, place.headerRow);
      const dim = /<dimension\b[^>]*>/.exec(start);
      const dimLast = dim ? colIndex((attr(dim[0], 'ref') ?? 'A1').split(':').pop()!.replace(/[\d$]+/g, '')) + 1 : 0;
      const header = new Map<number, string>();
      const shared = new Map<number, number>();
      if (headerAt >= 0) {
        let next = 0;
        for (const m of start.slice(headerAt).matchAll(/<c\b[^>]*?(?:\/>|>([\s\S]*?)<\/c>)/g)) {
          const tag = /^<c\b[^>]*>/.exec(m[0])![0];
          const ref = attr(tag, 'r');
          const col = ref ? splitRef(ref).col : next;
          next = col + 1;
          const inner = m[1] ?? '';
          const t = attr(tag, 't');
          const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
          if (t === 's' && v !== undefined) shared.set(col, Number(v));
          else if (t === 'inlineStr') header.set(col, [...inner.matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>/g)].map((x) => unesc(x[1] ?? '')).join(''));
          else header.set(col, v === undefined ? '' : unesc(v));
        }
      }
      const strings = await sharedStrings(zin, ssPart, new Set(shared.values()));
      for (const [col, i] of shared) header.set(col, strings.get(i) ?? '');
      const find = (label: string) => { for (const [c, v] of header) if (v.trim() === label) return c + 1; return 0; };
      let sc = find(statusHeader);
      let ic = find(idHeader);
      const last = Math.max(header.size ? Math.max(...header.keys()) + 1 : 0, dimLast);
      const sp = emptySheetPatch();
      sp.widths = new Map();
      const h = place.headerRow;
      if (!sc) { sc = last + 1; editCell(sp, h, sc - 1, { value: { v: statusHeader } }); }
      if (!ic) { ic = Math.max(last, sc) + 1; editCell(sp, h, ic - 1, { value: { v: idHeader } }); }
      for (const c of [sc, ic]) { editCell(sp, h, c - 1, { style: { bold: true, italic: true } }); sp.widths.set(c - 1, c === sc ? 40 : 20); }
      for (const [key, s] of statuses) {
        const [sheet, row] = key.split('\u0001');
        if (sheet !== standardSheet || Number(row) <= h) continue;
        editCell(sp, Number(row), sc - 1, { value: { v: s.status } });
        editCell(sp, Number(row), ic - 1, { value: { v: s.targetId }, style: { numFmt: TEXT_FORMAT } });
      }
      patch.sheets.set(place.sheet, sp);
    }
    const rows = all.map((l) => logRows(l));
    if (parts.has(LOG_SHEET)) patch.sheets.set(LOG_SHEET, { ...emptySheetPatch(), appendRows: rows.map((r) => r.row) });
    else if (rows.length) patch.newSheets = [{ name: LOG_SHEET, hidden: true, rows: [rows[0]!.header, ...rows.map((r) => r.row)] }];
  } finally {
    zin.close();
  }
  return patch;
}
