import { OVERRIDES_SETTING, encodeOverrides, parseOverrides, type FlagOverride } from '../core/verify/overrides';
import type { ExcelHost } from './host';
import { jsonSetting } from './json-setting';

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

const stored = jsonSetting<FlagOverride>(OVERRIDES_SETTING, MAX_OVERRIDES_CHARS, 'overrides', parseOverrides, encodeOverrides);

export const loadOverrides = (host: ExcelHost): Promise<FlagOverride[]> => stored.load(host);
export const saveOverrides = (host: ExcelHost, overrides: FlagOverride[]): Promise<void> => stored.save(host, overrides);
