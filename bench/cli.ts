import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { defaultStandard } from '../src/core/standard/load';
import { verifyWorkbook } from '../src/core/verify/engine';
import { toReport } from '../src/core/report/json';
import { readWorkbookFile } from '../src/cli/xlsx-read';
import { sitesSheet, countryOfOrg } from './engine';

/**
 * CLI benchmark: `validate` of a 100,000-row .xlsx (read + verify + JSON
 * report) against ExcelJS reading the same file alone, in one process.
 */
/**
 * A realistic workbook: 100,000 Sites rows plus the 500 studies, 2,000
 * organizations and 5,000 investigators they refer to, so references resolve
 * and the report carries the ~2% of problems a partner file has, not 300,000
 * unresolved references.
 */
async function makeFile(file: string): Promise<void> {
  const { sheet, studies, orgs, people } = sitesSheet(100_000, { orgs: 2000, people: 5000 });
  const std = defaultStandard();
  const headers = (key: string) => std.entities.find((e) => e.key === key)!.fields.map((f) => f.header);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: true });
  const add = (name: string, head: string[], rows: unknown[][]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(head).commit();
    for (const r of rows) ws.addRow(r as ExcelJS.CellValue[]).commit();
    ws.commit();
  };
  add('Organizations', headers('organization'), [...orgs].map((o) => [o, `Hospital ${o}`, 'Hospital', '', 'City', '', '', countryOfOrg(Number(o.slice(4))), '']));
  add('Studies', headers('study'), [...studies].map((s) => [s, `Study ${s}`, 'Phase 3', 'Active', [...orgs][0], '', '', '', 100, null, null, null]));
  add('Investigators', headers('person'), [...people].map((p, k) => [p, 'Ann', `Smith${k}`, '', '', '', [...orgs][k % orgs.size], '', '', 'US', '', null]));
  add('Sites', sheet.headers, sheet.rows);
  await wb.commit();
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export async function benchCli(): Promise<Record<string, number>> {
  const file = path.join(os.tmpdir(), 'ctms-collect-bench-100k-v2.xlsx');
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
  console.log(`cli:    validate a 100,000-row Sites workbook (+7,500 referenced rows) (${(size / 1e6).toFixed(1)} MB): ${f.toFixed(0)} ms; ExcelJS reading it alone: ${b.toFixed(0)} ms; ratio ${(f / b).toFixed(2)}× (target ≤ 1.5×)`);
  return { validateMs: f, bareReadMs: b, ratio: f / b, fileBytes: size };
}

if (require.main === module) void benchCli();
