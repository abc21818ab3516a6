import type { Command } from 'commander';
import { ensureDirFor, ensureXlsxOut, writeAtomic } from '../output';
import { loadStandardOption } from '../standard-file';
import { buildTemplateWorkbook } from '../xlsx-write';

export function registerTemplate(program: Command): void {
  program.command('template')
    .description('write the collection template workbook of the standard')
    .requiredOption('--out <file>', 'the .xlsx file to write')
    .option('--standard <file>', 'a custom standard (JSON) instead of ctms-standard-v1')
    .action(templateCommand);
}

export async function templateCommand(opts: { out: string; standard?: string }): Promise<void> {
  const std = await loadStandardOption(opts.standard);
  ensureXlsxOut(opts.out);
  await ensureDirFor(opts.out);
  const wb = buildTemplateWorkbook(std);
  await writeAtomic(opts.out, (tmp) => wb.xlsx.writeFile(tmp));
  process.stderr.write(`Template ${std.id} v${std.version} written to ${opts.out} (${std.entities.map((e) => e.sheet).join(', ')})\n`);
}

