import path from 'node:path';
import ExcelJS from 'exceljs';
import { InputError } from '../errors';
import { writeAtomic, writeTextAtomic } from '../output';
import { loadStandardOption } from '../standard-file';
import { loadWorkbook, readWorkbookFile } from '../xlsx-read';
import { readGlossaryFile } from '../glossary-file';
import {
  approvedFromWorklist, buildWorklist, glossaryOf, glossaryToCsv, glossaryToJson, mergeGlossaries, readWorklistGrid, worklistGrid, type WorklistRow,
  APPROVED_COLUMN, TRANSLATIONS_SHEET as SHEET, WORKLIST_WIDTHS, WorklistSheetError, type Glossary,
} from '../../core/translate';

/**
 * `translations FILE --out worklist.xlsx [--glossary G]`: the Translations
 * worklist for a translator. `translations FILE --read worklist.xlsx
 * --save-glossary G`: the filled English column back into the glossary
 * (CSV or JSON by extension), merged with what G already holds.
 */

async function writeWorklist(out: string, rows: WorklistRow[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const [header, ...body] = worklistGrid(rows);
  ws.addRow(header!).font = { bold: true };
  for (const r of body) ws.addRow(r);
  WORKLIST_WIDTHS.forEach((w, i) => { ws.getColumn(i + 1).width = w; });
  ws.getColumn(APPROVED_COLUMN + 1).protection = { locked: false };
  await writeAtomic(out, (tmp) => wb.xlsx.writeFile(tmp));
}

async function readWorklist(file: string): Promise<{ source: string; approved: string | null }[]> {
  const wb = await loadWorkbook(file);
  const ws = wb.getWorksheet(SHEET);
  if (!ws) throw new InputError(`${path.basename(file)} has no ${SHEET} sheet; pass the worklist written by "translations --out"`);
  const values: string[][] = [];
  ws.eachRow((row) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(row.getCell(c).text ?? '');
    values.push(cells);
  });
  try {
    return readWorklistGrid(values);
  } catch (e) {
    if (e instanceof WorklistSheetError) throw new InputError(`${path.basename(file)}: ${e.message}`);
    throw e;
  }
}

export interface TranslationsOptions { out?: string; glossary?: string; read?: string; saveGlossary?: string; standard?: string }

export async function translationsCommand(file: string, opts: TranslationsOptions): Promise<void> {
  if (!opts.out && !opts.saveGlossary) throw new InputError('Nothing to do: give --out worklist.xlsx, or --read worklist.xlsx with --save-glossary FILE');
  if (opts.saveGlossary && !opts.read) throw new InputError('--save-glossary needs --read with the filled worklist');
  const std = await loadStandardOption(opts.standard);
  const glossary = opts.glossary ? await readGlossaryFile(opts.glossary) : new Map() as Glossary;
  const lines: string[] = [];
  if (opts.out) {
    const { data } = await readWorkbookFile(file, std);
    const rows = await buildWorklist(std, data, glossary);
    await writeWorklist(opts.out, rows);
    const open = rows.filter((r) => !r.approved).length;
    lines.push(`${path.basename(file)}: ${rows.length} distinct text${rows.length === 1 ? '' : 's'} to translate (${open} without an approved translation) → ${opts.out}`);
  }
  if (opts.read && opts.saveGlossary) {
    const approved = approvedFromWorklist(await readWorklist(opts.read));
    const merged = mergeGlossaries(glossary, glossaryOf(approved));
    await writeTextAtomic(opts.saveGlossary, /\.csv$/i.test(opts.saveGlossary) ? glossaryToCsv(merged) : glossaryToJson(merged));
    lines.push(`glossary ${opts.saveGlossary}: ${approved.length} approved translation${approved.length === 1 ? '' : 's'} read, ${merged.size} in all`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
