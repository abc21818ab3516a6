import type { Standard } from '../../core/standard/schema';
import { toWorkbookData } from '../../core/mapping/apply';
import { decidedValues } from '../../core/mapping/values';
import type { DecidedValues } from '../../core/transform/cell';
import type { ResultPlaces, WorkbookPort } from '../../app/workbook-port';
import type { MappedRead } from './store';
import type { WorkbookLayout } from '../validate/layout';
import { partnerLayout } from './live-layout';

/** What Validate needs of the Map step: the mapping to read through, or null for the template's own shape. */
export interface MappingForValidation {
  forValidation(std: Standard, onProgress?: (fraction: number) => void): Promise<MappedRead | null>;
}

export interface MappedValidation {
  /** The port with `read` giving the engine's view of the partner's sheets (standard names, partner positions). */
  source: WorkbookPort;
  /** The standard as the partner's file names its sheets (for highlights and notes). */
  std: Standard;
  /** The steward's value mappings, proposed in every cell holding the spelling. */
  values: DecidedValues;
  /** How edits on the partner's sheets reach the session (live re-checking), and how its results and overrides are shown there. */
  layout: WorkbookLayout;
  /** Where each standard sheet is in the partner's file (its sheet and header row): Submit writes its status columns there. */
  places: ResultPlaces;
}

export async function mappedSource(
  port: WorkbookPort, mapping: MappingForValidation | undefined, std: Standard, onProgress: (fraction: number) => void,
): Promise<MappedValidation | null> {
  const m = mapping ? await mapping.forValidation(std, onProgress) : null;
  if (!m) return null;
  const data = toWorkbookData(std, m.raw, m.mapping);
  const layout = partnerLayout(std, m.mapping);
  return {
    source: { ...port, read: async () => data },
    std: layout.std,
    values: decidedValues(m.mapping),
    layout,
    places: new Map(m.mapping.sheets.map((s) => [s.sheet, { sheet: s.source, headerRow: s.headerRow }])),
  };
}
