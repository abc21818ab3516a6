import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { defaultStandard } from '../src/core/standard/load';
import { verifyWorkbook } from '../src/core/verify/engine';
import { toReport } from '../src/core/report/json';
import { readWorkbookFile } from '../src/cli/xlsx-read';
import { sitesSheet } from './engine';

/**
 * CLI benchmark: `validate` of a 100,000-row .xlsx (read + verify + JSON
 * report) against ExcelJS reading the same file alone, in one process.
 */
async function makeFile(file: string): Promise<void> {
  const { sheet } = sitesSheet();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true });
  const ws = wb.addWorksheet('Sites');
  ws.addRow(sheet.headers).commit();
  for (const r of sheet.rows) ws.addRow(r as ExcelJS.CellValue[]).commit();
  ws.commit();
  await wb.commit();
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export async function benchCli(): Promise<Record<string, number>> {
  const file = path.join(os.tmpdir(), 'ctms-collect-bench-100k.xlsx');
  try { await fs.access(file); } catch { await makeFile(file); }
  const std = defaultStandard();
  const bare: number[] = [], full: number[] = [];
  for (let i = 0; i < 2; i++) {
    bare.push(await time(async () => { const wb = new ExcelJS.Workbook(); await wb.xlsx.readFile(file); }));
    full.push(await time(async () => {
      const { data } = await readWorkbookFile(file, std);
      const res = verifyWorkbook(std, data);
      JSON.stringify(toReport(std, res, path.basename(file)));
    }));
  }
  const b = Math.min(...bare), f = Math.min(...full);
  const size = (await fs.stat(file)).size;
  console.log(`cli:    validate 100,000-row .xlsx (${(size / 1e6).toFixed(1)} MB): ${f.toFixed(0)} ms; ExcelJS reading it alone: ${b.toFixed(0)} ms; ratio ${(f / b).toFixed(2)}× (target ≤ 1.5×)`);
  return { validateMs: f, bareReadMs: b, ratio: f / b, fileBytes: size };
}

if (require.main === module) void benchCli();
