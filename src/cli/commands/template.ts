import { ensureDirFor, ensureXlsxOut, writeAtomic } from '../output';
import { checkOutputs, userPath, userPathOpt } from '../paths';
import { loadStandardOption } from '../standard-file';
import { buildTemplateWorkbook } from '../xlsx-write';


export async function templateCommand(given: { out: string; standard?: string; force?: boolean }): Promise<void> {
  const opts = { ...given, out: userPath(given.out), standard: userPathOpt(given.standard) };
  ensureXlsxOut(opts.out);
  await checkOutputs({ inputs: [opts.standard], outputs: [{ option: '--out', file: opts.out }], force: opts.force });
  const std = await loadStandardOption(opts.standard);
  await ensureDirFor(opts.out);
  const wb = buildTemplateWorkbook(std);
  await writeAtomic(opts.out, (tmp) => wb.xlsx.writeFile(tmp));
  process.stderr.write(`Template ${std.id} v${std.version} written to ${given.out} (${std.entities.map((e) => e.sheet).join(', ')})\n`);
}

