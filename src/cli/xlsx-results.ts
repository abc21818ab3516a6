import type ExcelJS from 'exceljs';
import { rowStatuses, type TransferLog } from '../core/transfer/log';
import { MANAGED_HEADERS } from '../core/sheet/headers';
import { TEXT_FORMAT } from '../core/template/plan';
import { restyle } from './xlsx-write';

export const LOG_SHEET = '_ctms_transfers';
const CELL_LIMIT = 32000;

/**
 * Submission results written back into the sheets: a status column and the
 * target id per row, in columns the product manages; and the transfer log in
 * a hidden sheet, so the workbook carries its own history.
 */
export function writeBackResults(wb: ExcelJS.Workbook, log: TransferLog, layout?: ReadonlyMap<string, { sheet: string; headerRow: number }>): void {
  const statuses = rowStatuses(log);
  const [statusHeader, idHeader] = MANAGED_HEADERS;
  for (const e of log.entities) {
    // A partner's file (layout from the mapping): its own sheet, its header row; the columns go after its last column.
    const place = layout?.get(e.sheet) ?? { sheet: e.sheet, headerRow: 1 };
    const ws = wb.getWorksheet(place.sheet);
    if (!ws) continue;
    const header = ws.getRow(place.headerRow);
    const find = (label: string) => {
      for (let c = 1; c <= header.cellCount; c++) if (String(header.getCell(c).value ?? '').trim() === label) return c;
      return 0;
    };
    let sc = find(statusHeader);
    let ic = find(idHeader);
    const last = Math.max(header.cellCount, ws.columnCount);
    if (!sc) { sc = last + 1; header.getCell(sc).value = statusHeader; }
    if (!ic) { ic = Math.max(last, sc) + 1; header.getCell(ic).value = idHeader; }
    for (const c of [sc, ic]) { restyle(header.getCell(c), { font: { bold: true, italic: true } }); ws.getColumn(c).width = c === sc ? 40 : 20; }
    ws.eachRow((row, n) => {
      if (n <= place.headerRow) return;
      const s = statuses.get(`${e.sheet}\u0001${n}`);
      if (!s) return;
      row.getCell(sc).value = s.status;
      const idCell = row.getCell(ic);
      restyle(idCell, { numFmt: TEXT_FORMAT });
      idCell.value = s.targetId;
    });
  }
  const existing = wb.getWorksheet(LOG_SHEET);
  const ws = existing ?? wb.addWorksheet(LOG_SHEET, { state: 'hidden' });
  const rows = logRows(log);
  if (!existing) ws.addRow(rows.header);
  ws.addRow(rows.row);
}

/** The log sheet's header and the row for one transfer (the JSON split to fit Excel's cell limit). */
export function logRows(log: TransferLog): { header: string[]; row: string[] } {
  const json = JSON.stringify(log);
  const parts: string[] = [];
  for (let i = 0; i < json.length; i += CELL_LIMIT) parts.push(json.slice(i, i + CELL_LIMIT));
  return { header: ['transferId', 'status', 'startedAt', 'log (JSON, split across cells)'], row: [log.transferId, log.status, log.startedAt, ...parts] };
}
