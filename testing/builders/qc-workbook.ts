import { FakeWorkbook } from '../fake-excel';
import { QC_HEADERS } from '../../src/core/qc';
import { columnLetter } from '../../src/core/sheet/address';

/** A Site Staff sheet of 40 clean rows over two studies: a lot the QC draw samples from, in the fake Excel. */
export function qcStaffWorkbook(): FakeWorkbook {
  const wb = new FakeWorkbook();
  const rows: (string | number | null)[][] = [['Study Number', 'Site Number', 'Email', 'Role', 'Start Date', 'End Date']];
  for (let i = 0; i < 40; i++) rows.push([i < 20 ? 'S1' : 'S2', '001', `p${i}@x.org`, 'Study Coordinator', '2023-01-05', null]);
  wb.addSheet('Site Staff').load(rows);
  return wb;
}

/** The QC sheet's column letter for a header. */
export const qcColumn = (header: string): string => columnLetter(QC_HEADERS.indexOf(header));
