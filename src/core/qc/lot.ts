import type { Entity, Standard } from '../standard/schema';
import type { CellValue, SheetData, WorkbookData } from '../model/sheet';
import { findSheet, matchColumns } from '../sheet/headers';
import type { TransferLog } from '../transfer/log';

/**
 * The lot a QC sample is drawn from: one entry per record, in workbook order
 * (the standard's sheet order, then row), so a seed always meets the same list.
 */
export interface LotRecord {
  entity: string;
  sheet: string;
  /** Excel row number in the source sheet. */
  row: number;
  externalId: string;
  /** Study and site the record belongs to ('' when it has none): the strata of a stratified draw. */
  study: string;
  site: string;
  /** The transfer that sent it, when the lot is a transferred batch. */
  transferId: string | null;
}

/** A source row located by the lot: its values by field key. */
export interface SourceRow {
  entity: Entity;
  sheet: SheetData;
  values: Map<string, CellValue>;
  /** 0-based column of each field present in the sheet. */
  cols: Map<string, number>;
}

function text(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).trim();
}

/** Reads rows of the standard's sheets by field key (headers matched the way the engine matches them). */
export class SourceIndex {
  private readonly rows = new Map<string, SourceRow>();
  readonly order: { entity: Entity; sheet: SheetData; row: number }[] = [];

  constructor(std: Standard, data: WorkbookData) {
    for (const entity of std.entities) {
      const sheet = findSheet(data.sheets, entity);
      if (!sheet) continue;
      const { colOfField } = matchColumns(entity, sheet);
      sheet.rows.forEach((cells, i) => {
        const values = new Map<string, CellValue>();
        const cols = new Map<string, number>();
        entity.fields.forEach((f, fi) => {
          const c = colOfField[fi]!;
          values.set(f.key, c < 0 ? null : cells[c] ?? null);
          if (c >= 0) cols.set(f.key, c);
        });
        const row = sheet.rowNumbers[i]!;
        this.rows.set(`${sheet.name}\u0001${row}`, { entity, sheet, values, cols });
        this.order.push({ entity, sheet, row });
      });
    }
  }

  get(sheet: string, row: number): SourceRow | undefined {
    return this.rows.get(`${sheet}\u0001${row}`);
  }
}

function externalIdOf(entity: Entity, values: Map<string, CellValue>): string {
  const id = entity.externalId.replace(/\{([a-z_0-9]+)\}/g, (_, k: string) => text(values.get(k)));
  return entity.externalIdLowerCase ? id.toLowerCase() : id;
}

function strata(values: Map<string, CellValue>): { study: string; site: string } {
  return { study: text(values.get('study_number')), site: text(values.get('site_number')) };
}

/** Every data row of the standard's sheets: QC of a sheet before transfer. */
export function lotFromWorkbook(std: Standard, data: WorkbookData): LotRecord[] {
  const index = new SourceIndex(std, data);
  return index.order.map(({ entity, sheet, row }) => {
    const { values } = index.get(sheet.name, row)!;
    return { entity: entity.key, sheet: sheet.name, row, externalId: externalIdOf(entity, values), ...strata(values), transferId: null };
  });
}

/**
 * The records a transfer sent successfully (a rolled-back transfer has none
 * left to check), in workbook order. Rows the log names but the workbook no
 * longer has are still in the lot, without study or site.
 */
export function lotFromTransfer(std: Standard, data: WorkbookData, log: TransferLog): LotRecord[] {
  if (log.status === 'rolledBack') return [];
  const index = new SourceIndex(std, data);
  const rank = new Map(index.order.map((o, i) => [`${o.sheet.name}\u0001${o.row}`, i]));
  const out: (LotRecord & { rank: number })[] = [];
  for (const e of log.entities) {
    for (const r of e.records) {
      if (!r.result?.ok) continue;
      const src = index.get(r.sheet, r.row);
      const s = src ? strata(src.values) : { study: '', site: '' };
      out.push({ entity: e.entity, sheet: r.sheet, row: r.row, externalId: r.externalId, ...s, transferId: log.transferId, rank: rank.get(`${r.sheet}\u0001${r.row}`) ?? Number.MAX_SAFE_INTEGER });
    }
  }
  out.sort((a, b) => a.rank - b.rank || (a.sheet < b.sheet ? -1 : a.sheet > b.sheet ? 1 : a.row - b.row));
  return out.map(({ rank: _rank, ...r }) => r);
}

export { text as displayValue };
