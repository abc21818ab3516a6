import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Standard } from '../core/standard/schema';
import {
  bestProfile, fittingPart, MAPPING_SHEET, parseProfile, profileFit, profileFromCells, profileMappings, ProfileError, storedProfileCells,
  type AppliedProfile, type MappingProfile, type RawWorkbook, type SheetMapping,
} from '../core/mapping';
import { InputError } from './errors';

/**
 * Where the mapping decided beforehand comes from: `--mapping FILE` (applied
 * strictly: a file that no longer fits is refused with the cell), `--mapping
 * DIR` (a folder of saved profiles: the one that fits best is applied, as far
 * as it still fits), or the profile stored in the workbook itself (sheet
 * _ctms_mapping, written by the pane). An explicit --mapping wins.
 */
/** The profile's file name (or the stored sheet's), the share of its recorded headers found in place, and where the file no longer fits (those sheets are matched afresh). */
export type ProfileUsed = AppliedProfile;

export interface DecidedBeforehand {
  fixed?: Map<string, SheetMapping>;
  used?: ProfileUsed;
}

async function readText(file: string, what: string): Promise<string> {
  try { return await fs.readFile(file, 'utf8'); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${what} not found: ${file}` : `Cannot open ${file}: ${(e as Error).message}`);
  }
}

function parsed<T>(label: string, run: () => T): T {
  try { return run(); } catch (e) {
    if (e instanceof ProfileError) throw new InputError(`${label}: ${e.message}`);
    throw e;
  }
}

async function isDirectory(p: string): Promise<boolean> {
  try { return (await fs.stat(p)).isDirectory(); } catch { return false; }
}

/** Every saved profile of a folder (*.json); one that cannot be read stops the run with its name and problem. */
export async function readProfileFolder(dir: string, std: Standard): Promise<{ name: string; profile: MappingProfile }[]> {
  const names = (await fs.readdir(dir)).filter((n) => n.toLowerCase().endsWith('.json')).sort();
  if (!names.length) throw new InputError(`--mapping ${dir}: the folder holds no mapping profile (*.json)`);
  const out: { name: string; profile: MappingProfile }[] = [];
  for (const name of names) {
    const text = await readText(path.join(dir, name), 'Mapping profile');
    out.push({ name, profile: parsed(`Mapping profile ${name}`, () => parseProfile(text, std)) });
  }
  return out;
}

function tolerant(std: Standard, p: MappingProfile, raw: RawWorkbook, from: ProfileUsed['from'], name: string): DecidedBeforehand {
  const fit = profileFit(p, raw);
  const used: ProfileUsed = { from, name, fits: Math.round(fit.fits * 1000) / 1000, misfits: fit.misfits };
  const part = fittingPart(p, raw);
  return { fixed: part.sheets.length ? profileMappings(std, part, raw) : undefined, used };
}

export async function decidedBeforehand(std: Standard, raw: RawWorkbook, mapping: string | undefined): Promise<DecidedBeforehand> {
  if (mapping && await isDirectory(mapping)) {
    const best = bestProfile(std, await readProfileFolder(mapping, std), raw);
    if (!best) return { used: undefined };
    return tolerant(std, best.profile, raw, 'folder', best.name);
  }
  if (mapping) {
    const text = await readText(mapping, 'Mapping profile');
    const label = `Mapping profile ${path.basename(mapping)}`;
    const fixed = parsed(label, () => profileMappings(std, parseProfile(text, std), raw));
    return { fixed, used: { from: 'file', name: path.basename(mapping), fits: 1, misfits: [] } };
  }
  const cells = storedProfileCells(raw);
  if (!cells) return {};
  const p = parsed(`The mapping profile stored in the workbook (sheet ${MAPPING_SHEET})`, () => profileFromCells(cells, std));
  return tolerant(std, p, raw, 'workbook', MAPPING_SHEET);
}

/** One line for people: which profile was applied and where it no longer fits. */
export function profileLine(used: ProfileUsed | undefined, asked: boolean): string {
  if (!used) return asked ? 'mapping: no saved profile fits this file; matched afresh' : '';
  const where = used.from === 'workbook' ? 'the profile stored in the workbook' : `profile ${used.name}`;
  if (!used.misfits.length) return `mapping: ${where} applied`;
  const shown = used.misfits.slice(0, 3).join('; ');
  return `mapping: ${where} applied where it still fits (${Math.round(used.fits * 100)} % of its headers); no longer fits: ${shown}${used.misfits.length > 3 ? ` (+${used.misfits.length - 3} more)` : ''}`;
}
