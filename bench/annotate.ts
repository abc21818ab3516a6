/**
 * `validate --annotate` at scale: a generated Organizations sheet with about one
 * row in ten flagged, timed as read+validate, validate with the surgical
 * --annotate, and the former ExcelJS path (load, mark the model, write it whole),
 * run alternately in child processes so each gets its own peak memory
 * (maxRSS). 100,000 rows by default; BENCH_BIG=1 adds 1,000,000. `write-only` is the
 * surgical writer alone (one cell in ten rows marked, with a note), without the read:
 * its memory is the writer's own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { defaultStandard } from '../src/core/standard/load';

const MODES = ['validate', 'annotate', 'exceljs-annotate', 'write-only'] as const;
type Mode = (typeof MODES)[number];
type Run = { ms: number; cpuMs: number; maxRssMb: number } | { failed: string };

export async function generate(file: string, rows: number): Promise<void> {
  const std = defaultStandard();
  const orgs = std.entities.find((e) => e.sheet === 'Organizations')!;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('Organizations');
  ws.addRow(orgs.fields.map((f) => f.header)).commit();
  for (let i = 1; i <= rows; i++) {
    // One row in ten gets a country name to standardize (a proposal) or a phone that is not one (an issue).
    const country = i % 20 === 0 ? 'United Kingdom' : 'US';
    const phone = i % 20 === 10 ? 'call the desk' : '+16175550100';
    ws.addRow([`ORG-${i}`, `Hospital ${i}`, 'Hospital', '', 'Boston', '', '', country, phone]).commit();
  }
  ws.commit();
  await wb.commit();
}

/** One timed run, in this (child) process. */
async function child(mode: Mode, file: string, out: string): Promise<void> {
  const t0 = process.hrtime.bigint();
  if (mode === 'write-only') {
    const { writePatchedWorkbook } = await import('../src/cli/xlsx-patch/writer');
    const { editCell, emptySheetPatch } = await import('../src/cli/xlsx-patch/model');
    const rows = Number(/orgs-(\d+)/.exec(file)?.[1] ?? process.env.BENCH_ROWS ?? 0);
    const sp = emptySheetPatch();
    for (let r = 2; r <= rows + 1; r += 10) { editCell(sp, r, 8, { style: { fill: '#F4B6B6' } }); sp.notes.set(`I${r}`, `Error: row ${r} is not a phone number`); }
    await writePatchedWorkbook(file, out, { sheets: new Map([['Organizations', sp]]) });
  } else if (mode === 'exceljs-annotate') {
    const { readMappedFile } = await import('../src/cli/mapped-read');
    const { verifyWorkbook } = await import('../src/core/verify/engine');
    const { annotateWorkbook } = await import('../src/cli/xlsx-write');
    const std = defaultStandard();
    const read = await readMappedFile(file, std, { model: true });
    const result = verifyWorkbook(std, read.data, {});
    annotateWorkbook(read.wb!, std, result);
    await read.wb!.xlsx.writeFile(out);
  } else {
    const { validateCommand } = await import('../src/cli/commands/validate');
    await validateCommand(file, { quiet: true, force: true, ...(mode === 'annotate' ? { annotate: out } : {}) });
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const u = process.resourceUsage();
  process.stdout.write(`${JSON.stringify({ ms, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMb: u.maxRSS / 1024 })}\n`);
}

function runChild(mode: Mode, file: string, out: string): Run {
  // validate exits 1 when the sheet has errors (this one does): the figures are on stdout either way.
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'annotate.ts'), 'child', mode, file, out], { encoding: 'utf8', maxBuffer: 2 ** 26 });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (last.startsWith('{')) return JSON.parse(last) as Run;
  return { failed: r.stderr.split('\n').find((l) => /Error|heap/i.test(l)) ?? `failed (exit ${r.status ?? r.signal})` };
}

export async function benchAnnotate(sizes = process.env.BENCH_BIG === '1' ? [100_000, 1_000_000] : [100_000], rounds = 2): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ctms-bench-annotate-'));
  try {
    for (const rows of sizes) {
      const file = path.join(dir, `orgs-${rows}.xlsx`);
      await generate(file, rows);
      console.log(`annotate: ${rows.toLocaleString('en')} rows (Organizations, ~10 % of rows flagged), best of ${rounds}, each run in its own process`);
      const best = new Map<Mode, Run>();
      for (let r = 0; r < rounds; r++) {
        for (const mode of MODES) {
          if (rows > 200_000 && mode === 'exceljs-annotate') { best.set(mode, { failed: 'not run: out of memory above ~500,000 rows' }); continue; }
          const got = runChild(mode, file, path.join(dir, `${mode}-${rows}.xlsx`));
          const had = best.get(mode);
          if (!had || ('ms' in got && (!('ms' in had) || got.ms < had.ms))) best.set(mode, got);
        }
      }
      const v = best.get('validate');
      for (const mode of MODES) {
        const b = best.get(mode)!;
        const ratio = 'ms' in b && v && 'ms' in v ? ` (${(b.ms / v.ms).toFixed(2)}× validate)` : '';
        const cpu = 'cpuMs' in b && v && 'cpuMs' in v ? `, CPU ${(b.cpuMs / 1000).toFixed(2)} s (${(b.cpuMs / v.cpuMs).toFixed(2)}×)` : '';
        console.log(`  ${mode.padEnd(17)}: ${'ms' in b ? `${(b.ms / 1000).toFixed(2)} s${ratio}${cpu}, peak ${b.maxRssMb.toFixed(0)} MB` : b.failed}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'child') void child(process.argv[3] as Mode, process.argv[4]!, process.argv[5]!);
else if (require.main === module) void benchAnnotate();
