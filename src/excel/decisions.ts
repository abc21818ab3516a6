import { DECISIONS_SETTING, encodeDecisions, parseDecisions, type DuplicateDecision } from '../core/master/decisions';
import type { ExcelHost } from './host';
import { jsonSetting } from './json-setting';

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

const stored = jsonSetting<DuplicateDecision>(DECISIONS_SETTING, MAX_DECISIONS_CHARS, 'duplicate decisions', parseDecisions, encodeDecisions);

export const loadDecisions = (host: ExcelHost): Promise<DuplicateDecision[]> => stored.load(host);
export const saveDecisions = (host: ExcelHost, decisions: DuplicateDecision[]): Promise<void> => stored.save(host, decisions);
