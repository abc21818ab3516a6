import type ExcelJS from 'exceljs';
import type { Standard } from '../core/standard/schema';
import type { WorkbookData } from '../core/model/sheet';
import type { DateOrder } from '../core/transform/dates';
import { parseDecisions, DECISIONS_SETTING, type DuplicateDecision } from '../core/master/decisions';
import { parseOverrides, OVERRIDES_SETTING, type FlagOverride } from '../core/verify/overrides';
import { PANE_SETTINGS_KEY, sanitizeSettings } from '../app/settings';
import type { SubmissionSource } from '../app/submit';
import { readAddinSettings } from './addin-settings';
import { readWorkbookFile } from './xlsx-read';

/**
 * A workbook file as the use cases see it: its data, and what a steward
 * stored in it from the pane (duplicate decisions, flag overrides, the
 * source's date order) — the add-in's document settings travel in the .xlsx.
 */
export interface XlsxSource extends SubmissionSource {
  /** The ExcelJS workbook read (for writing a copy with results). */
  workbook(): ExcelJS.Workbook;
  /** The date order chosen in the pane for this workbook, if any. */
  storedDateOrder(): DateOrder | null;
}

export async function openXlsxSource(file: string, std: Standard): Promise<XlsxSource> {
  const { wb, data } = await readWorkbookFile(file, std);
  const settings = await readAddinSettings(file);
  const decisions = parseDecisions(settings.get(DECISIONS_SETTING) ?? null);
  const overrides = parseOverrides(settings.get(OVERRIDES_SETTING) ?? null);
  const paneSettings = sanitizeSettings(settings.get(PANE_SETTINGS_KEY) ?? null);
  return {
    read: async (): Promise<WorkbookData> => data,
    loadDecisions: async (): Promise<DuplicateDecision[]> => decisions,
    loadOverrides: async (): Promise<FlagOverride[]> => overrides,
    workbook: () => wb,
    storedDateOrder: () => paneSettings.dateOrder,
  };
}
