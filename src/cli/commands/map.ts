import path from 'node:path';
import { MAPPING_SHEET, profileToCells, toProfile, valueWorklist, type MappingProfile, type ValueWorkItem } from '../../core/mapping';
import { InputError } from '../errors';
import { ensureDirFor, ensureXlsxOut, writeAtomic, writeTextAtomic } from '../output';
import { checkOutputs, userPath, userPathOpt } from '../paths';
import { loadStandardOption } from '../standard-file';
import { readMappedFile } from '../mapped-read';
import { isCsv } from '../partner-read';
import { writePatchedWorkbook } from '../xlsx-patch/writer';
import { profileLine } from '../profile-source';


interface MapCmdOpts { out: string; save?: string; standard?: string; mapping?: string; entity?: string; force?: boolean }

/**
 * The profile with its value worklist: every picklist spelling the standard
 * cannot read is listed in the sheet's `values` with "" for a person to fill
 * in with a picklist value (decisions already made are kept).
 */
export function profileWithWorklist(p: MappingProfile, list: readonly ValueWorkItem[]): MappingProfile {
  return {
    ...p,
    sheets: p.sheets.map((s) => {
      const values: Record<string, Record<string, string>> = Object.fromEntries(Object.entries(s.values).map(([f, t]) => [f, { ...t }]));
      for (const item of list) {
        if (item.sheet !== s.source || item.decided !== undefined) continue;
        (values[item.field] ??= {})[item.value] = '';
      }
      return { ...s, values };
    }),
  };
}

export async function mapCommand(fileArg: string, given: MapCmdOpts): Promise<void> {
  const file = userPath(fileArg);
  const out = userPath(given.out);
  const save = userPathOpt(given.save);
  const standard = userPathOpt(given.standard);
  const mapping = userPathOpt(given.mapping);
  await ensureDirFor(out);
  if (save) { ensureXlsxOut(save, file); await ensureDirFor(save); }
  await checkOutputs({ inputs: [file, standard, mapping], outputs: [{ option: '--out', file: out }, { option: '--save', file: save }], force: given.force });
  const std = await loadStandardOption(standard);
  if (save && isCsv(file)) throw new InputError('--save writes the profile into a copy of an .xlsx workbook; a CSV file has none');
  const read = await readMappedFile(file, std, { mapping, entity: given.entity });
  const m = read.mapping;
  const list = valueWorklist(std, read.raw, m, { data: read.data });
  const profile = profileWithWorklist(toProfile(std, m), list);
  await writeTextAtomic(out, `${JSON.stringify(profile, null, 2)}\n`);
  if (save) {
    // Very hidden, as the pane keeps it: not listed in Excel's Unhide dialog, so no one edits it by accident.
    // The sheet is added (or put in place of the one stored before); every other part is copied as it was.
    const rows = profileToCells(toProfile(std, m)).map((c) => [c]);
    await writeAtomic(save, (tmp) => writePatchedWorkbook(file, tmp, { sheets: new Map(), newSheets: [{ name: MAPPING_SHEET, hidden: 'veryHidden', rows }] }));
  }
  const lines = m.sheets.map((s) => {
    const asked = s.unmapped.filter((u) => u.suggestion).length;
    const open = list.filter((v) => v.sheet === s.source && v.decided === undefined);
    const cells = open.reduce((n, v) => n + v.count, 0);
    const valueNote = open.length ? `; ${open.length} picklist value${open.length === 1 ? '' : 's'} to map (${cells} cell${cells === 1 ? '' : 's'})` : '';
    return `  ${s.source} → ${s.sheet} (header row ${s.headerRow}): ${s.columns.length} columns mapped${asked ? `, ${asked} to confirm` : ''}, ${s.unmapped.length - asked} not imported${valueNote}`;
  });
  for (const g of m.ignoredSheets) lines.push(`  ${g.source}: not matched to any sheet of the standard`);
  for (const v of list) {
    if (v.decided !== undefined) continue;
    lines.push(`    ${v.sheet}!${v.column} ${v.field}: "${v.value}" × ${v.count}${v.suggestion ? ` (perhaps ${v.suggestion})` : ''}`);
  }
  const mapLine = profileLine(read.profile, Boolean(mapping));
  const saved = save ? `\nprofile stored in ${given.save} (sheet ${MAPPING_SHEET}, very hidden)` : '';
  process.stdout.write(`${mapLine ? `${mapLine}\n` : ''}${path.basename(file)}${read.encoding ? ` (${read.encoding})` : ''} → ${given.out}\n${lines.join('\n')}${saved}\n`);
  process.exitCode = m.sheets.some((s) => s.unmapped.some((u) => u.suggestion)) ? 1 : 0;
}
