import type { Standard } from '../../core/standard/schema';
import type { DecidedValues } from '../../core/transform/cell';
import type { SubmissionSource, DryRunEntity } from '../../app/submit';
import type { ResultPlaces, WorkbookPort } from '../../app/workbook-port';
import { mappedSource, type MappingForValidation } from '../mapping/validation';

/**
 * What a dry run, submission or rollback reads the workbook through. On the
 * template's shape it is the workbook itself; on a partner's layout it is the
 * same mapping Validate reads through (mapping/validation.ts), so the plan
 * holds the standard's sheets at the partner's row numbers, as the command
 * line's does. The transfer log keeps the standard's names (the CLI's
 * `rollback --workbook` maps them the same way); the pane shows, selects and
 * writes on the partner's sheets.
 */
export interface SubmitLayout {
  source: SubmissionSource;
  /** The steward's value mappings from the Map step (proposals, as in Validate). */
  values?: DecidedValues;
  /** Where each standard sheet is, so where the status and target-id columns go (absent: the standard's sheets, header on row 1). */
  places?: ResultPlaces;
}

export async function submitLayout(port: WorkbookPort, mapping: MappingForValidation | undefined, std: Standard): Promise<SubmitLayout> {
  const mapped = await mappedSource(port, mapping, std, () => undefined);
  if (!mapped) return { source: port };
  return { source: mapped.source, values: mapped.values, places: mapped.places };
}

/** Standard sheet → the workbook's own name for it (empty on the template's shape). */
export const sheetNamesOf = (places: ResultPlaces | undefined): Record<string, string> =>
  Object.fromEntries([...(places ?? [])].map(([standard, p]) => [standard, p.sheet]));

/** A standard sheet as the workbook names it. */
export const shownSheet = (names: Readonly<Record<string, string>>, sheet: string): string => names[sheet] ?? sheet;

/** The dry run's lines and held-back rows on the workbook's own sheets (what is listed and selected). */
export function shownDryRun(entities: DryRunEntity[], names: Readonly<Record<string, string>>): DryRunEntity[] {
  return entities.map((e) => ({
    ...e, sheet: shownSheet(names, e.sheet), heldBack: e.heldBack.map((h) => ({ ...h, sheet: shownSheet(names, h.sheet) })),
  }));
}
