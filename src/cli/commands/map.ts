import path from 'node:path';
import { toProfile } from '../../core/mapping';
import { ensureDirFor, writeTextAtomic } from '../output';
import { checkOutputs, userPath, userPathOpt } from '../paths';
import { loadStandardOption } from '../standard-file';
import { readMappedFile } from '../mapped-read';


interface MapCmdOpts { out: string; standard?: string; mapping?: string; entity?: string; force?: boolean }

export async function mapCommand(fileArg: string, given: MapCmdOpts): Promise<void> {
  const file = userPath(fileArg);
  const out = userPath(given.out);
  const standard = userPathOpt(given.standard);
  const mapping = userPathOpt(given.mapping);
  await ensureDirFor(out);
  await checkOutputs({ inputs: [file, standard, mapping], outputs: [{ option: '--out', file: out }], force: given.force });
  const std = await loadStandardOption(standard);
  const read = await readMappedFile(file, std, { mapping, entity: given.entity });
  await writeTextAtomic(out, `${JSON.stringify(toProfile(std, read.mapping), null, 2)}\n`);
  const m = read.mapping;
  const lines = m.sheets.map((s) => {
    const asked = s.unmapped.filter((u) => u.suggestion).length;
    return `  ${s.source} → ${s.sheet} (header row ${s.headerRow}): ${s.columns.length} columns mapped${asked ? `, ${asked} to confirm` : ''}, ${s.unmapped.length - asked} not imported`;
  });
  for (const g of m.ignoredSheets) lines.push(`  ${g.source}: not matched to any sheet of the standard`);
  process.stdout.write(`${path.basename(file)}${read.encoding ? ` (${read.encoding})` : ''} → ${given.out}\n${lines.join('\n')}\n`);
  process.exitCode = m.sheets.some((s) => s.unmapped.some((u) => u.suggestion)) ? 1 : 0;
}
