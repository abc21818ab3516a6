import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { defaultStandard } from '../../src/core/standard/load';
import '../../src/cli/xlsx-validations';
import type { Sheets } from './wb';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'ctms-collect.js');

export interface CliRun { code: number | null; stdout: string; stderr: string }

/** Run `node bin/ctms-collect.js ...args` in `cwd`. */
export function cli(args: string[], cwd: string): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same, without blocking: lets independent runs share the two cores, and lets this process's event
 * loop serve a target the CLI talks to. `env` is laid over this process's environment.
 */
export function cliAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => { stdout += c; });
    child.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function tmpDir(): { dir: string; files: () => string[]; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ctms-cli-'));
  return { dir, files: () => readdirSync(dir).sort(), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An .xlsx with the standard's headers and the given rows (values as ExcelJS cell values). */
export function xlsxOf(sheets: Sheets | Record<string, Record<string, ExcelJS.CellValue>[]>): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const std = defaultStandard();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    const entity = std.entities.find((e) => e.sheet === name);
    const headers = entity ? entity.fields.map((f) => f.header) : [];
    for (const r of rows) for (const k of Object.keys(r)) if (!headers.includes(k)) headers.push(k);
    ws.addRow(headers);
    for (const r of rows) ws.addRow(headers.map((h) => (r as Record<string, ExcelJS.CellValue>)[h] ?? null));
  }
  return wb;
}

export async function writeXlsx(wb: ExcelJS.Workbook, file: string): Promise<string> {
  await wb.xlsx.writeFile(file);
  return file;
}

export async function readXlsx(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}
