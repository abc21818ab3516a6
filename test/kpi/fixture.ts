import type { WorkbookData } from '../../src/core/model/sheet';
import { clean, d, wb, type Sheets } from '../../testing/builders/wb';

/**
 * The KPI fixture: clean() plus a second site (002) with its own PI (Bob) and
 * Ann as sub-investigator, and exactly four errors:
 *   Sites row 2           Subjects Completed 12 > Screened 10 (R-ENR-01) and > Enrolled 8 (R-ENR-03): 2 errors on 3 distinct cells
 *   Investigators row 2   First Name blank (required): 1 error, 1 cell
 *   Organizations row 3   Organization Type "Pharma" (picklist): 1 error, 1 cell
 * and one proposal: Sites row 3 Country "USA" → "US".
 *
 * Cells checked (rows × columns of the standard, all present):
 *   Organizations 2 × 9 = 18, Studies 1 × 12 = 12, Sites 2 × 12 = 24,
 *   Investigators 2 × 12 = 24, Site Staff 3 × 6 = 18  → 96 cells, 10 records.
 */
export function kpiSheets(): Sheets {
  const s = clean();
  s.Organizations![1]!['Organization Type'] = 'Pharma';
  s.Sites![0]!['Subjects Completed'] = 12;
  s.Sites!.push({ 'Study Number': 'ABC-123', 'Site Number': '002', 'Organization ID': 'ORG-1', 'Principal Investigator Email': 'bob.jones@mayo.org', 'Site Status': 'Planned', Country: 'USA' });
  s.Investigators![0]!['First Name'] = null;
  s.Investigators!.push({ Email: 'bob.jones@mayo.org', 'First Name': 'Bob', 'Last Name': 'Jones', 'Organization ID': 'ORG-1', Country: 'US' });
  s['Site Staff']!.push(
    { 'Study Number': 'ABC-123', 'Site Number': '002', Email: 'bob.jones@mayo.org', Role: 'Principal Investigator', 'Start Date': d('2022-01-01') },
    { 'Study Number': 'ABC-123', 'Site Number': '002', Email: 'ann.smith@mayo.org', Role: 'Sub Investigator', 'Start Date': d('2022-01-01') },
  );
  return s;
}

export function kpiWorkbook(): WorkbookData {
  return wb(kpiSheets());
}
