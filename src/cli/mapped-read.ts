import path from 'node:path';
import type ExcelJS from 'exceljs';
import { mergedHeader } from './xlsx-read';
import { mergedHeaderRange } from './xlsx-stream/merges';
import type { WorkbookData } from '../core/model/sheet';
import type { Standard } from '../core/standard/schema';
import { mapWorkbook, partnerSheets, toWorkbookData, type RawWorkbook, type WorkbookMapping } from '../core/mapping';
import { InputError } from './errors';
import { readRawFile } from './partner-read';
import { decidedBeforehand, type ProfileUsed } from './profile-source';

export interface MapOpts {
  /** A saved mapping profile (JSON file), or a folder of them (the best fitting one is used). */
  mapping?: string;
  /** The entity of a one-sheet file (CSV). */
  entity?: string;
  /** Load ExcelJS's workbook model too (to write a copy); otherwise an .xlsx is streamed and `wb` is null. */
  model?: boolean;
}

export interface MappedFile {
  wb: ExcelJS.Workbook | null;
  raw: RawWorkbook;
  mapping: WorkbookMapping;
  data: WorkbookData;
  encoding?: string;
  /** The saved profile applied (--mapping FILE or DIR, or the one stored in the workbook). */
  profile?: ProfileUsed;
}

/** Map a partner's rows to the standard (a saved profile first, then matching for the rest). */
export async function mapRaw(std: Standard, raw: RawWorkbook, file: string, opts: MapOpts): Promise<WorkbookMapping & { profile?: ProfileUsed }> {
  if (opts.entity && !std.entities.some((e) => e.key === opts.entity)) {
    throw new InputError(`--entity ${opts.entity} is not an entity of the standard (${std.entities.map((e) => e.key).join(', ')})`);
  }
  if (opts.entity && partnerSheets(raw).sheets.length !== 1) throw new InputError('--entity names the entity of a one-sheet file (CSV); this workbook has several sheets');
  const { fixed, used } = await decidedBeforehand(std, raw, opts.mapping);
  const mapping = mapWorkbook(std, raw, { fixed, entity: opts.entity });
  if (!mapping.sheets.length) {
    throw new InputError(`${path.basename(file)}: no sheet could be matched to the standard's sheets (${std.entities.map((e) => e.sheet).join(', ')}); found: ${partnerSheets(raw).sheets.map((s) => s.name).join(', ') || 'no sheets'}. Name the entity with --entity or give a mapping profile with --mapping`);
  }
  return used ? { ...mapping, profile: used } : mapping;
}

/** Read an .xlsx or .csv, map it, and give the engine's view of it with the partner's cell positions. */
export async function readMappedFile(file: string, std: Standard, opts: MapOpts = {}): Promise<MappedFile> {
  const { raw, wb, encoding, merges } = await readRawFile(file, { model: opts.model });
  const mapping = await mapRaw(std, raw, file, opts);
  for (const m of mapping.sheets) {
    const ws = wb?.getWorksheet(m.source);
    const merged = ws ? mergedHeader(ws, m.headerRow) : mergedHeaderRange(merges?.get(m.source) ?? [], m.headerRow);
    if (merged) throw new InputError(`Sheet ${m.source} has merged header cells (${merged}); unmerge them so each column has its own header`);
  }
  return { wb, raw, mapping, data: toWorkbookData(std, raw, mapping), encoding, profile: mapping.profile };
}
