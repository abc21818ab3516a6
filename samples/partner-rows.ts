import { SAMPLE_ROWS } from './sample-rows';

/**
 * The sample as a partner really hands it back: its own sheet names, its own
 * headers ("Trial ID", "Centre No", "PI Mail", "FPI"), a title row and a blank
 * row above the headers, an extra column of its own, and a few list values in
 * its own spelling. The harness's "Load partner sample" writes it, and the
 * Map step's tests and e2e run on it.
 */
export interface PartnerSheet {
  name: string;
  /** From row 1: title, blank, headers, then data. */
  rows: unknown[][];
}

const title = (t: string) => [[t], []];

const studies = SAMPLE_ROWS.Studies!.map((r, i) => [...r, i === 0 ? 'priority' : '']);
// The partner's own spellings of list values the standard cannot read by itself.
studies[0]![3] = 'Open for inclusion';
studies[1]![3] = 'Finished';

const sites = SAMPLE_ROWS.Sites!.map((r, i) => [...r, ['M. Jones', 'M. Jones', 'P. Klein'][i] ?? '']);
sites[0]![4] = 'Open for inclusion';

export const PARTNER_SHEETS: PartnerSheet[] = [
  {
    name: 'Hospitals',
    rows: [
      ...title('Institutions — Acme CRO hand-over'),
      ['Org ID', 'Institution', 'Facility Type', 'Address', 'Town', 'Region', 'Postcode', 'Country', 'Telephone'],
      ...SAMPLE_ROWS.Organizations!,
    ],
  },
  {
    name: 'Trial List',
    rows: [
      ...title('Trials — Acme CRO hand-over, March 2024'),
      ['Trial ID', 'Title', 'Trial Phase', 'Trial Status', 'Sponsor', 'NCT', 'IND', 'TA', 'Enrolment', 'FPI', 'LPO', 'Report Due', 'Internal Remark'],
      ...studies,
    ],
  },
  {
    name: 'Centres',
    rows: [
      ...title('Centres — Acme CRO hand-over'),
      ['Trial ID', 'Centre No', 'Org ID', 'PI Mail', 'Centre Status', 'Centre Country', 'Opened', 'FPI', 'LPO', 'Screened', 'Enrolled', 'Completed', 'Monitor'],
      ...sites,
    ],
  },
];
