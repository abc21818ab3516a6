import type { Standard } from '../core/standard/schema';
import type { WorkbookData } from '../core/model/sheet';
import type { DateOrder } from '../core/transform/dates';
import { parseDecisions, DECISIONS_SETTING, type DuplicateDecision } from '../core/master/decisions';
import { parseOverrides, OVERRIDES_SETTING, type FlagOverride } from '../core/verify/overrides';
import { PANE_SETTINGS_KEY, sanitizeSettings } from '../app/settings';
import type { SubmissionSource } from '../app/submit';
import { readAddinSettings } from './addin-settings';
import { isCsv } from './partner-read';
import type { WorkbookMapping } from '../core/mapping';
import type { ProfileUsed } from './profile-source';
import { readMappedFile, type MapOpts } from './mapped-read';

/**
 * A workbook file as the use cases see it: its data, and what a steward
 * stored in it from the pane (duplicate decisions, flag overrides, the
 * source's date order) — the add-in's document settings travel in the .xlsx.
 */
export interface XlsxSource extends SubmissionSource {
  /** How the file's sheets and columns map to the standard (a partner's own layout, or the template's). */
  mapping(): WorkbookMapping;
  /** The saved profile applied, if any. */
  profile(): ProfileUsed | undefined;
  /** The date order chosen in the pane for this workbook, if any. */
  storedDateOrder(): DateOrder | null;
}

export async function openXlsxSource(file: string, std: Standard, mapOpts: MapOpts = {}): Promise<XlsxSource> {
  // Mapped first, like validate: a partner's sheets, headers and rows are read in their own layout.
  const { data, mapping, profile } = await readMappedFile(file, std, mapOpts);
  // What the pane stored travels in the .xlsx (read apart from the cells: a streamed read has no workbook model).
  const settings = isCsv(file) ? new Map<string, unknown>() : await readAddinSettings(file);
  const decisions = parseDecisions(settings.get(DECISIONS_SETTING) ?? null);
  const overrides = parseOverrides(settings.get(OVERRIDES_SETTING) ?? null);
  const paneSettings = sanitizeSettings(settings.get(PANE_SETTINGS_KEY) ?? null);
  return {
    read: async (): Promise<WorkbookData> => data,
    loadDecisions: async (): Promise<DuplicateDecision[]> => decisions,
    loadOverrides: async (): Promise<FlagOverride[]> => overrides,
    mapping: () => mapping,
    profile: () => profile,
    storedDateOrder: () => paneSettings.dateOrder,
  };
}
