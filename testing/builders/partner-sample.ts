import { PARTNER_SHEETS } from '../../samples/partner-rows';
import { cellKey, FakeWorkbook, isoToSerial } from '../fake-excel';

/** The partner sample in a fake workbook: dates as Excel serials in a date format, as a partner's Excel holds them. */
export function partnerWorkbook(): FakeWorkbook {
  const wb = new FakeWorkbook();
  for (const p of PARTNER_SHEETS) {
    const s = wb.addSheet(p.name);
    const rows = p.rows.map((r) => r.map((v) => (v instanceof Date ? isoToSerial(v.toISOString().slice(0, 10)) : (v as string | number | null))));
    s.load(rows);
    p.rows.forEach((r, i) => r.forEach((v, c) => { if (v instanceof Date) s.formats.set(cellKey(i, c), 'yyyy-mm-dd'); }));
  }
  return wb;
}
