import type { Standard } from '../../core/standard/schema';
import type { WorkbookMapping } from '../../core/mapping/types';
import { partnerStandard, toPartner, toWorkbookData } from '../../core/mapping/apply';
import type { WorkbookLayout } from '../validate/layout';

/**
 * Live re-checking on a partner's layout. The session holds each mapped
 * sheet under the standard's name, with the partner's row numbers and
 * columns at the partner's positions; an edited row is read from the
 * partner's sheet and reshaped by the same toWorkbookData the full read
 * went through, so the session sees it exactly as a full validation would.
 */
export function partnerLayout(std: Standard, mapping: WorkbookMapping): WorkbookLayout {
  const shown = partnerStandard(std, mapping);
  return {
    std: shown,
    async readEdited(port, sheet, rowNumbers) {
      const s = mapping.sheets.find((x) => x.source === sheet);
      if (!s) return { kind: 'ignored' };
      // The header row decides which column is which field; rows above it are the partner's titles.
      if (rowNumbers.some((n) => n <= s.headerRow)) return { kind: 'layout' };
      const read = await port.readRows!(shown, sheet, rowNumbers);
      const raw = { sheets: [{ name: sheet, rows: read.map((r) => r.values), rowNumbers: read.map((r) => r.rowNumber) }] };
      const data = toWorkbookData(std, raw, { sheets: [s], ignoredSheets: [] }).sheets[0];
      if (!data) return { kind: 'ignored' };
      return { kind: 'rows', sheet: data.name, rows: data.rows.map((values, i) => ({ rowNumber: data.rowNumbers[i]!, values })) };
    },
    shown: (result) => toPartner(result, mapping),
    // Only mapped sheets are renamed: a partner sheet the mapping leaves out keeps its name, even a standard one.
    shownSheet: (name) => mapping.sheets.find((s) => s.sheet === name)?.source ?? name,
    sessionSheet: (name) => mapping.sheets.find((s) => s.source === name)?.sheet ?? name,
  };
}
