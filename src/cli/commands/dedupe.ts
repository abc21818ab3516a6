import path from 'node:path';
import { dedupeWorkbook, classifyAgainstTarget } from '../../core/master';
import { verifyWorkbook } from '../../core/verify/engine';
import { applyProposals } from '../../core/transform/apply';
import { ensureDirFor, writeTextAtomic } from '../output';
import { loadStandardOption } from '../standard-file';
import { checkOutputs, userPath, userPathOpt } from '../paths';
import { readMappedFile } from '../mapped-read';
import { decidedValues } from '../../core/mapping';
import { inPartnerSheets } from '../partner-layout';
import { signInFromEnvOrPrompt } from '../credentials';
import { loadProfileOption } from '../target-profile-file';
import { client, readTargetRecords } from '../target';

export async function dedupeCommand(fileArg: string, given: { json?: string; standard?: string; mapping?: string; entity?: string; target?: string; profile?: string; clientId?: string; force?: boolean }): Promise<void> {
  const file = userPath(fileArg);
  const opts = { ...given, json: userPathOpt(given.json), standard: userPathOpt(given.standard), mapping: userPathOpt(given.mapping), profile: userPathOpt(given.profile) };
  if (opts.json) await ensureDirFor(opts.json);
  await checkOutputs({ inputs: [file, opts.standard, opts.mapping, opts.profile], outputs: [{ option: '--json', file: opts.json }], force: opts.force });
  const std = await loadStandardOption(opts.standard);
  // A profile that does not fit is refused before anything is read; it says how the target's values read back as the sheet's.
  const profile = await loadProfileOption(opts.profile, std);
  // Mapped first, like validate: clusters name the partner's own sheets and rows.
  const { data, mapping } = await readMappedFile(file, std, { mapping: opts.mapping, entity: opts.entity });
  const found = dedupeWorkbook(std, data);
  const report: Record<string, unknown> = { ...found, clusters: inPartnerSheets(found.clusters, mapping) };
  const url = opts.target ?? process.env.CTMS_TARGET_URL;
  if (url) {
    const target = client(url, await signInFromEnvOrPrompt(), undefined, opts.clientId ? { clientId: opts.clientId } : {});
    // Compare what would be sent: the values after the proposed transformations ("USA" is sent as "US").
    const proposed = applyProposals(data, verifyWorkbook(std, data, { values: decidedValues(mapping) }).proposals).workbook;
    report.target = inPartnerSheets(classifyAgainstTarget(std, proposed, await readTargetRecords(std, target, profile)), mapping);
  }
  const clusters = (report.clusters as unknown[]).length;
  if (opts.json) await writeTextAtomic(opts.json, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${path.basename(file)}: ${clusters} duplicate cluster${clusters === 1 ? '' : 's'}${url ? `; ${(report.target as unknown[]).length} rows classified against ${url}` : ''}\n`);
}
