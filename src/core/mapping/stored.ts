import type { Standard } from '../standard/schema';
import { parseProfile, ProfileError, type MappingProfile } from './profile';
import type { RawWorkbook } from './types';

/**
 * The mapping profile kept inside the workbook, so the pane and the command
 * line share it: a very hidden sheet whose column A holds the profile's JSON
 * from A1 down, cut in pieces. Sheets whose names begin with `_ctms` are the
 * add-in's own and are never taken for a partner's data.
 */
export const MAPPING_SHEET = '_ctms_mapping';
export const INTERNAL_SHEET_PREFIX = '_ctms';

/** Excel holds at most 32,767 characters in a cell; pieces stay well below it. */
export const CELL_CHUNK = 30_000;

export const isInternalSheet = (name: string) => name.toLowerCase().startsWith(INTERNAL_SHEET_PREFIX);

/** The profile's JSON in pieces of at most CELL_CHUNK characters, one per cell of column A from A1 down. */
export function profileToCells(p: MappingProfile): string[] {
  const text = JSON.stringify(p);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += CELL_CHUNK) out.push(text.slice(i, i + CELL_CHUNK));
  return out;
}

/** The profile read back from column A of the mapping sheet: pieces joined, then checked as any profile is (ProfileError with path and problem). */
export function profileFromCells(cells: readonly (string | null)[], std: Standard): MappingProfile {
  const text = cells.filter((c): c is string => typeof c === 'string').join('');
  if (!text.trim()) throw new ProfileError(`(top level): the ${MAPPING_SHEET} sheet holds no profile`);
  return parseProfile(text, std);
}

/** Column A of the mapping sheet in a raw workbook, or null when the workbook has none. */
export function storedProfileCells(raw: RawWorkbook): (string | null)[] | null {
  const sheet = raw.sheets.find((s) => s.name === MAPPING_SHEET);
  if (!sheet) return null;
  const cells: (string | null)[] = [];
  sheet.rows.forEach((row, i) => {
    // Rows are sparse (blank rows are left out): a piece belongs at its own row number.
    const at = sheet.rowNumbers[i]! - 1;
    const v = row[0];
    cells[at] = v === null || v === undefined ? null : String(v);
  });
  return Array.from(cells, (c) => c ?? null);
}

/** The workbook without the add-in's own sheets. */
export function partnerSheets(raw: RawWorkbook): RawWorkbook {
  return { sheets: raw.sheets.filter((s) => !isInternalSheet(s.name)) };
}

const colIndex = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
const cellText = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());

export interface ProfileFit {
  /** Share of the profile's recorded headers found where it recorded them, 0..1. */
  fits: number;
  /** Where the workbook no longer fits the profile, in words, with the cell. */
  misfits: string[];
  /** The profile's sheets that fit entirely (applied as they are; the others are matched afresh). */
  fittingSheets: string[];
}

/** How well a workbook still has the layout a profile was made from. */
export function profileFit(p: MappingProfile, raw: RawWorkbook): ProfileFit {
  let total = 0;
  let hit = 0;
  const misfits: string[] = [];
  const fittingSheets: string[] = [];
  for (const s of p.sheets) {
    const recorded = s.columns.filter((c) => c.source !== '');
    total += recorded.length;
    const sheet = raw.sheets.find((x) => x.name === s.source);
    if (!sheet) { misfits.push(`sheet '${s.source}' is not in the file`); continue; }
    const r = sheet.rowNumbers.indexOf(s.headerRow);
    const row = r >= 0 ? sheet.rows[r]! : [];
    let ok = true;
    for (const c of recorded) {
      const found = cellText(row[colIndex(c.column)]);
      if (found === c.source) { hit++; continue; }
      ok = false;
      misfits.push(found
        ? `${s.source}!${c.column}${s.headerRow}: header is now '${found}', the profile has '${c.source}'`
        : `${s.source}!${c.column}${s.headerRow}: header '${c.source}' is gone (the cell is blank)`);
    }
    if (ok) fittingSheets.push(s.source);
  }
  return { fits: total ? hit / total : 0, misfits, fittingSheets };
}

export interface BestProfile {
  name: string;
  profile: MappingProfile;
  fits: number;
  misfits: string[];
}

/**
 * Of several saved profiles, the one whose recorded sheets and headers fit
 * this workbook best (the most of its headers where it recorded them; a tie
 * goes to the profile that recorded more, then to the first given). Null when
 * none fits at all.
 */
export function bestProfile(std: Standard, profiles: readonly { name: string; profile: MappingProfile }[], raw: RawWorkbook): BestProfile | null {
  let best: (BestProfile & { recorded: number }) | null = null;
  for (const { name, profile } of profiles) {
    if (profile.standard !== std.id) continue;
    const fit = profileFit(profile, raw);
    if (fit.fits <= 0) continue;
    const recorded = profile.sheets.reduce((n, s) => n + s.columns.filter((c) => c.source !== '').length, 0);
    if (!best || fit.fits > best.fits || (fit.fits === best.fits && recorded > best.recorded)) {
      best = { name, profile, fits: fit.fits, misfits: fit.misfits, recorded };
    }
  }
  if (!best) return null;
  const { recorded: _recorded, ...out } = best;
  return out;
}

/** The part of a profile that still fits: its sheets whose every recorded header is where it was. */
export function fittingPart(p: MappingProfile, raw: RawWorkbook): MappingProfile {
  const keep = new Set(profileFit(p, raw).fittingSheets);
  return { ...p, sheets: p.sheets.filter((s) => keep.has(s.source)) };
}
