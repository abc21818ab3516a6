import { DECISIONS_SETTING, encodeDecisions, parseDecisions, type DuplicateDecision } from '../core/master/decisions';
import type { ExcelHost } from './host';

/**
 * The steward's duplicate decisions, kept in the workbook's settings so they
 * travel with the file (the next session, or a colleague opening it, is not
 * asked again). They hold sheet names, row numbers, normalised key values
 * such as e-mail addresses and the steward's name: data already in the
 * workbook, nothing secret.
 *
 * Size: settings are a small per-add-in property bag stored in the file
 * (Microsoft documents about 2 MB for an add-in's document settings), shared
 * with the marks memory (ctmsCollect.marks) and the template's standard, and a
 * single write also has to fit Excel on the web's request payload limit. A
 * decision is ~250 bytes, so the cap below leaves room for thousands; beyond
 * that the list would have to move to a hidden sheet or a custom XML part.
 */
export { DECISIONS_SETTING };
export const MAX_DECISIONS_CHARS = 512 * 1024;

export async function loadDecisions(host: ExcelHost): Promise<DuplicateDecision[]> {
  return host.run(async (ctx) => {
    const s = ctx.workbook.settings.getItemOrNullObject(DECISIONS_SETTING).load('value');
    await ctx.sync();
    return s.isNullObject ? [] : parseDecisions(s.value);
  });
}

/** Replace the stored list (whole: it is small, and a half-written list could not exist). */
export async function saveDecisions(host: ExcelHost, decisions: DuplicateDecision[]): Promise<void> {
  const text = encodeDecisions(decisions);
  if (text.length > MAX_DECISIONS_CHARS) {
    throw new Error(`Too many duplicate decisions to keep in the workbook (${Math.round(text.length / 1024)} KB; the limit is ${MAX_DECISIONS_CHARS / 1024} KB).`);
  }
  await host.run(async (ctx) => {
    ctx.workbook.settings.add(DECISIONS_SETTING, text);
    await ctx.sync();
  });
}
