import { OVERRIDES_SETTING, encodeOverrides, parseOverrides, type FlagOverride } from '../core/verify/overrides';
import type { ExcelHost } from './host';

/**
 * Manual overrides of flags, kept in the workbook's settings (like the
 * duplicate decisions, see decisions.ts) so they travel with the file: the
 * next session, or a colleague opening it, sees the same flags overridden.
 * They hold sheet names, row numbers, id values already in the workbook, the
 * reason and the user's name: nothing secret.
 *
 * Size: an override is ~300 bytes; settings are shared with the marks memory,
 * the decisions and the template's standard, and one write must fit Excel on
 * the web's request payload limit, hence the cap. Overriding flags by the
 * thousand would be a sign the rule (or the standard) is wrong, not the data.
 */
export { OVERRIDES_SETTING };
export const MAX_OVERRIDES_CHARS = 512 * 1024;

export async function loadOverrides(host: ExcelHost): Promise<FlagOverride[]> {
  return host.run(async (ctx) => {
    const s = ctx.workbook.settings.getItemOrNullObject(OVERRIDES_SETTING).load('value');
    await ctx.sync();
    return s.isNullObject ? [] : parseOverrides(s.value);
  });
}

/** Replace the stored list (whole: it is small, and a half-written list could not exist). */
export async function saveOverrides(host: ExcelHost, overrides: FlagOverride[]): Promise<void> {
  const text = encodeOverrides(overrides);
  if (text.length > MAX_OVERRIDES_CHARS) {
    throw new Error(`Too many overrides to keep in the workbook (${Math.round(text.length / 1024)} KB; the limit is ${MAX_OVERRIDES_CHARS / 1024} KB).`);
  }
  await host.run(async (ctx) => {
    ctx.workbook.settings.add(OVERRIDES_SETTING, text);
    await ctx.sync();
  });
}
