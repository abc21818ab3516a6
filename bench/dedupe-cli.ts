/**
 * `dedupe` end to end at 100,000 persons (issue 15): the generated investigators
 * with injected real-world variants (test/master/synthetic) written as an
 * Investigators sheet, then the command run on the file in a child process of
 * its own (for its own peak memory), paired with the streaming read of the same
 * file alone, the baseline: what the command adds to reading the file.
 *
 *   node --import tsx bench/dedupe-cli.ts
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { defaultStandard } from '../src/core/standard/load';
import { generatePersons } from '../test/master/synthetic';
import { runChild, type ChildResult } from './read';

async function makePersonsFile(file: string, records: number): Promise<void> {
  const std = defaultStandard();
  const fields = std.entities.find((e) => e.key === 'person')!.fields;
  const col = (key: string) => fields.findIndex((f) => f.key === key);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: true });
  const ws = wb.addWorksheet('Investigators');
  ws.addRow(fields.map((f) => f.header)).commit();
  for (const p of generatePersons({ records, seed: 42 })) {
    const row: (string | null)[] = fields.map(() => null);
    const put = (key: string, v: string | undefined) => { const c = col(key); if (c >= 0 && v !== undefined) row[c] = v; };
    put('email', p.email); put('first_name', p.firstName); put('last_name', p.lastName);
    put('org_id', p.orgId); put('city', p.city); put('country', p.country);
    ws.addRow(row).commit();
  }
  ws.commit();
  await wb.commit();
}

const fmt = (r: ChildResult | { error: string }) => ('error' in r ? `failed: ${r.error}` : `${(r.ms / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s CPU, peak ${r.maxRssMb.toFixed(0)} MB${r.note ? ` — ${r.note}` : ''}`);

export async function benchDedupeCli(records = 100_000): Promise<void> {
  const file = path.join(os.tmpdir(), `ctms-collect-bench-persons-${records}.xlsx`);
  try { await fs.access(file); } catch { await makePersonsFile(file, records); }
  const read = runChild('stream', file);
  const dedupe = runChild('cli:dedupe', file);
  console.log(`dedupe end to end: ${records.toLocaleString('en-US')} generated persons (${((await fs.stat(file)).size / 1e6).toFixed(1)} MB .xlsx), each in its own process`);
  console.log(`  streaming read alone : ${fmt(read)}`);
  console.log(`  dedupe command       : ${fmt(dedupe)}`);
  if (!('error' in read) && !('error' in dedupe)) console.log(`  dedupe / read        : ${(dedupe.ms / read.ms).toFixed(2)}× wall, ${(dedupe.cpuMs / read.cpuMs).toFixed(2)}× CPU`);
}

if (require.main === module) void benchDedupeCli();
