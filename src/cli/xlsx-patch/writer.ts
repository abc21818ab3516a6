import type { WorkbookPatch } from './model';
import { commentsPart, vmlPart } from './notes';
import { plainRow, rewriteSheet, usedRange } from './sheet-stream';
import { StylesPatch } from './styles';
import { openZip, writeZip, type ZipSource } from './zip';
import { addContentTypes, addRels, attr, dropAttr, esc, parseRels, REL, relsPathOf, resolveTarget, setAttr } from './xml';

const CT = {
  comments: 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml',
  vml: 'application/vnd.openxmlformats-officedocument.vmlDrawing',
  worksheet: 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml',
};
const STYLES_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles';

/** Where each sheet of the workbook lives in the zip, by the sheet's name. */
export function sheetParts(workbookXml: string, relsXml: string | undefined, workbookPart: string): Map<string, string> {
  const rels = new Map(parseRels(relsXml).map((r) => [r.id, r]));
  const out = new Map<string, string>();
  for (const m of workbookXml.matchAll(/<sheet\b[^>]*>/g)) {
    const rel = rels.get(attr(m[0], 'r:id') ?? '');
    if (rel) out.set(attr(m[0], 'name') ?? '', resolveTarget(workbookPart, rel.target));
  }
  return out;
}

function relativeTarget(fromPart: string, toPart: string): string {
  const from = fromPart.split('/').slice(0, -1);
  const to = toPart.split('/');
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  return [...from.slice(i).map(() => '..'), ...to.slice(i)].join('/');
}

function freeName(taken: Set<string>, make: (n: number) => string): { name: string; n: number } {
  let n = 1;
  while (taken.has(make(n))) n++;
  taken.add(make(n));
  return { name: make(n), n };
}

/**
 * Write a copy of the workbook at `input` to `out` with the patch applied,
 * changing only the parts that must change (the edited sheets, styles, the
 * notes' parts, and the lists that name new parts); every other part is copied
 * with its compressed bytes untouched. Sheets are streamed, never held whole.
 */
export async function writePatchedWorkbook(input: string, out: string, patch: WorkbookPatch): Promise<void> {
  const zin = await openZip(input);
  try {
    const root = parseRels(await zin.text('_rels/.rels')).find((r) => r.type.endsWith('/officeDocument'));
    const workbookPart = root ? resolveTarget('', root.target) : 'xl/workbook.xml';
    let workbookXml = (await zin.text(workbookPart)) ?? '';
    const wbRelsPart = relsPathOf(workbookPart);
    let wbRels = await zin.text(wbRelsPart);
    const date1904 = /<workbookPr\b[^>]*date1904\s*=\s*["'](1|true)["']/.test(workbookXml);
    const stylesRel = parseRels(wbRels).find((r) => r.type === STYLES_REL);
    const stylesPart = stylesRel ? resolveTarget(workbookPart, stylesRel.target) : 'xl/styles.xml';
    const styles = new StylesPatch((await zin.text(stylesPart)) ?? '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>');
    let types = (await zin.text('[Content_Types].xml')) ?? '';
    const parts = sheetParts(workbookXml, wbRels, workbookPart);
    const taken = new Set(zin.entries.map((e) => e.name));
    const replaced = new Map<string, ZipSource>();
    const added: { name: string; source: ZipSource }[] = [];
    const text = (s: string | Iterable<string>): ZipSource => ({ kind: 'data', chunks: typeof s === 'string' ? [s] : s });
    let typesChanged = false;
    let wbChanged = false;
    let relsChanged = false;
    const sheetsDone: string[] = [];

    for (const [name, sp] of patch.sheets) {
      const part = parts.get(name);
      if (!part || !zin.byName.has(part)) continue;
      let legacyDrawingRid: string | undefined;
      if (sp.notes.size) {
        const relsPart = relsPathOf(part);
        let rels = await zin.text(relsPart);
        const list = parseRels(rels);
        const comments = list.find((r) => r.type === REL.comments && !r.external);
        const vml = list.find((r) => r.type === REL.vml && !r.external);
        const newRels: { type: string; target: string }[] = [];
        const commentsName = comments ? resolveTarget(part, comments.target) : freeName(taken, (n) => `xl/comments${n}.xml`).name;
        const vmlName = vml ? resolveTarget(part, vml.target) : freeName(taken, (n) => `xl/drawings/vmlDrawing${n}.vml`).name;
        const block = (Number(/(\d+)\.vml$/.exec(vmlName)?.[1] ?? 1) || 1);
        const oldComments = comments ? await zin.text(commentsName) : undefined;
        const oldVml = vml ? await zin.text(vmlName) : undefined;
        (comments ? replaced.set.bind(replaced, commentsName) : (s: ZipSource) => added.push({ name: commentsName, source: s }))(text(commentsPart(oldComments, sp.notes)));
        (vml ? replaced.set.bind(replaced, vmlName) : (s: ZipSource) => added.push({ name: vmlName, source: s }))(text(vmlPart(oldVml, sp.notes, block)));
        if (!comments) newRels.push({ type: REL.comments, target: relativeTarget(part, commentsName) });
        if (!vml) newRels.push({ type: REL.vml, target: relativeTarget(part, vmlName) });
        if (newRels.length) {
          const r = addRels(rels, newRels);
          rels = r.xml;
          if (!vml) legacyDrawingRid = r.ids[newRels.length - 1];
          (zin.byName.has(relsPart) ? replaced.set.bind(replaced, relsPart) : (s: ZipSource) => added.push({ name: relsPart, source: s }))(text(rels));
        }
        types = addContentTypes(types, comments ? [] : [{ part: commentsName, type: CT.comments }], [{ ext: 'vml', type: CT.vml }]);
        typesChanged = true;
      }
      const opts = { patch: sp, styles, date1904, ...(legacyDrawingRid ? { legacyDrawingRid } : {}) };
      replaced.set(part, { kind: 'data', chunks: { [Symbol.asyncIterator]: async function* () { yield* rewriteSheet(await zin.stream(part), opts); } } });
      sheetsDone.push(part);
    }

    for (const ns of patch.newSheets ?? []) {
      const rows = ns.rows.map((r, i) => plainRow(i + 1, r, date1904, styles)).join('');
      const used = usedRange(ns.rows);
      const xml = text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${used ? `<dimension ref="${used}"/>` : ''}<sheetData>${rows}</sheetData></worksheet>`);
      const state = ns.hidden === 'veryHidden' ? 'veryHidden' : ns.hidden ? 'hidden' : undefined;
      const present = parts.get(ns.name);
      if (present && zin.byName.has(present)) {
        // Put in the old one's place: its position, and so every sheet index a defined name counts by, stays.
        replaced.set(present, xml);
        const tag = [...workbookXml.matchAll(/<sheet\b[^>]*>/g)].find((m) => attr(m[0], 'name') === ns.name)![0];
        const retagged = state ? setAttr(tag, 'state', state) : dropAttr(tag, 'state');
        if (retagged !== tag) { workbookXml = workbookXml.replace(tag, retagged); wbChanged = true; }
        continue;
      }
      const part = freeName(taken, (n) => `xl/worksheets/sheet${n}.xml`).name;
      added.push({ name: part, source: xml });
      const r = addRels(wbRels, [{ type: REL.worksheet, target: relativeTarget(workbookPart, part) }]);
      wbRels = r.xml;
      let id = 1;
      for (const m of workbookXml.matchAll(/<sheet\b[^>]*>/g)) id = Math.max(id, Number(attr(m[0], 'sheetId') ?? 0) + 1);
      workbookXml = workbookXml.replace(/<\/sheets>/, `<sheet name="${esc(ns.name)}" sheetId="${id}"${state ? ` state="${state}"` : ''} r:id="${r.ids[0]}"/></sheets>`);
      types = addContentTypes(types, [{ part, type: CT.worksheet }], []);
      typesChanged = wbChanged = relsChanged = true;
    }
    if (typesChanged) replaced.set('[Content_Types].xml', text(types));
    if (wbChanged) replaced.set(workbookPart, text(workbookXml));
    if (relsChanged) replaced.set(wbRelsPart, text(wbRels ?? ''));

    // styles.xml gains its formats while the sheets stream, so it is written after the last of them.
    const lastSheet = sheetsDone.length ? Math.max(...sheetsDone.map((p) => zin.entries.findIndex((e) => e.name === p))) : -1;
    const stylesSource: ZipSource = { kind: 'data', chunks: { [Symbol.asyncIterator]: async function* () { yield styles.toXml(); } } };
    const order: { name: string; source: ZipSource }[] = [];
    const stylesEntry = zin.byName.get(stylesPart);
    zin.entries.forEach((e, i) => {
      if (e.name === stylesPart && lastSheet >= 0) return;
      order.push({ name: e.name, source: e.name === stylesPart ? stylesSourceOr(e) : replaced.get(e.name) ?? { kind: 'copy', entry: e } });
      if (i === lastSheet && stylesEntry) order.push({ name: stylesPart, source: stylesSourceOr(stylesEntry) });
    });
    order.push(...added);
    if (!stylesEntry) order.push({ name: stylesPart, source: stylesSource });
    function stylesSourceOr(e: (typeof zin.entries)[number]): ZipSource {
      // Untouched when nothing was restyled: decided when the styles are written, after the sheets.
      return { kind: 'lazy', pick: () => (styles.changed ? stylesSource : { kind: 'copy', entry: e }) };
    }
    await writeZip(zin, out, order);
  } finally {
    zin.close();
  }
}
