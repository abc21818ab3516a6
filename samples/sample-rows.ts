/**
 * The rows of samples/sample-migration.xlsx, by sheet (row 2 onwards, in the
 * standard's column order): scripts/make-sample.ts writes the .xlsx from
 * them and the development harness loads them into its fake workbook, so
 * both show the same sample. Dates are Date objects, as a partner's Excel
 * would hold them; a few are text on purpose. The last rows of Organizations
 * and Investigators are duplicates across spellings (Charité / Charite,
 * Müller / Mueller, a pinyin name again in Chinese characters) so the
 * Duplicates tab has something to show; they are appended so the rows the
 * browser tests look at keep their addresses.
 */
const d = (s: string) => new Date(`${s}T00:00:00Z`);
export const SAMPLE_ROWS: Record<string, unknown[][]> = {
  Organizations: [
    ['ORG-MGH', 'Massachusetts General Hospital', 'Hospital', '55 Fruit Street', 'Boston', 'MA', '02114', 'US', '+16177262000'],
    ['ORG-RMH', 'Royal Marsden Hospital', 'Hospital', 'Fulham Road', 'London', '', 'SW3 6JJ', 'United Kingdom', '020 7352 8171'],
    ['ORG-CHA', 'Charité Universitätsmedizin Berlin', 'University', 'Charitéplatz 1', 'Berlin', '', '10117', 'DEU', '+49 30 450 50'],
    ['ORG-SPN', 'Acme Pharma Inc', 'Sponsor', '1 Main St', 'Princeton', 'NJ', '08540', 'USA', ''],
    ['ORG-PUH', '北京大学人民医院', 'Hospital', '11 Xizhimen South St', 'Beijing', '', '100044', 'CN', ''],
    ['ORG-CHB', 'Charite Universitaetsmedizin Berlin', 'University', 'Chariteplatz 1', 'Berlin', '', '10117', 'DEU', ''],
  ],
  Studies: [
    ['ACME-101', 'A Phase 2 Study of ACM-1 in Adults With Asthma', 'Phase II', 'Enrolling', 'ORG-SPN', 'NCT01234567', '123456', 'Respiratory', 120, d('2024-02-01'), null, d('2026-06-30')],
    ['ACME-202', 'Long-term Safety of ACM-1', 'Phase 3', 'Completed', 'ORG-SPN', 'NCT07654321', '', 'Respiratory', 300, d('2021-01-15'), d('2023-09-30'), d('2024-03-31')],
  ],
  Sites: [
    ['ACME-101', '001', 'ORG-MGH', 'a.smith@mgh.example.org', 'Recruiting', 'US', d('2024-01-10'), d('2024-02-01'), null, 30, 20, 5],
    ['ACME-101', '002', 'ORG-RMH', 'j.brown@rmh.example.org', '', 'GB', d('2024-01-20'), '03/02/2024', null, 25, 12, 0],
    ['ACME-202', '001', 'ORG-CHA', 'k.muller@charite.example.org', 'Closed', 'DE', d('2020-12-01'), d('2021-01-15'), d('2023-09-30'), 40, 35, 36],
  ],
  Investigators: [
    ['A.Smith@MGH.example.org', 'Anna', 'Smith', '', 'Dr.', 'MD', 'ORG-MGH', 'Boston', 'MA', 'US', '+16177262001', d('2023-05-01')],
    ['j.brown@rmh.example.org', 'James', 'Brown', '', 'Prof.', 'MD PhD', 'ORG-RMH', 'London', '', 'GB', '', d('2022-11-15')],
    ['k.muller@charite.example.org', 'Klaus', 'Müller', '', 'Dr.', 'MD', 'ORG-CHA', 'Berlin', '', 'Germany', '', d('2021-03-01')],
    ['klaus.mueller@charite.example.org', 'Klaus', 'Mueller', '', '', 'MD', 'ORG-CHA', 'Berlin', '', 'Germany', '', null],
    ['zhang.wei@pkuph.example.cn', 'Wei', 'Zhang', '', 'Dr.', 'MD', 'ORG-PUH', 'Beijing', '', 'CN', '', d('2023-09-12')],
    ['Zhang.Wei@pkuph.example.cn', '伟', '张', '', '', '', 'ORG-PUH', 'Beijing', '', 'CN', '', null],
  ],
  'Site Staff': [
    ['ACME-101', '001', 'a.smith@mgh.example.org', 'PI', d('2024-01-10'), null],
    ['ACME-101', '002', 'j.brown@rmh.example.org', 'Principal Investigator', d('2024-01-20'), null],
    ['ACME-202', '001', 'k.muller@charite.example.org', 'Principal Investigator', d('2020-12-01'), d('2023-09-30')],
    ['ACME-202', '001', 'a.smith@mgh.example.org', 'Investigator', d('2021-02-01'), d('2023-09-30')],
  ],
};
