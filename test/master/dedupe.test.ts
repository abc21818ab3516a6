import { defaultStandard } from '../../src/core/standard';
import type { SheetData, CellValue } from '../../src/core/model/sheet';
import { dedupeWorkbook, classifyAgainstTarget, compareNames, clusterPairs, BlockBuilder, forEachCandidatePair, type TargetRecords } from '../../src/core/master';

const std = defaultStandard();

function sheet(name: string, headers: string[], rows: CellValue[][]): SheetData {
  return { name, headers, rows, rowNumbers: rows.map((_, k) => k + 2) };
}

const investigators = sheet('Investigators',
  // Headers in another order, case and spacing: matching must not care.
  ['first name', 'LAST_NAME', 'E-mail', 'organization id', 'City', 'Country', 'Phone'],
  [
    ['John', 'Smith', 'john.smith@rmh.nhs.uk', 'ORG-RMH', 'London', 'GB', null],          // 2
    ['Jon', 'Smyth', 'jsmith@gmail.com', 'ORG-RMH', 'London', 'GB', '+442071234567'],      // 3 typo + other email
    ['Marie', 'Dubois', 'marie.dubois@aphp.fr', 'ORG-APHP', 'Paris', 'FR', null],          // 4
    ['Marie', 'Dubois-Laurent', 'm.dubois@chu-lyon.fr', 'ORG-APHP', 'Paris', 'FR', null],  // 5 hyphenated
    ['Dubois', 'Marie', 'MARIE.DUBOIS@APHP.FR ', 'ORG-APHP', 'Paris', 'FR', null],          // 6 swapped + case-only email twin
    ['José', 'Núñez', 'jnunez@hospital.es', 'ORG-HM', 'Madrid', 'ES', null],              // 7
    ['Jose', 'Nunez', 'jose.nunez@gmail.com', 'ORG-HM', 'Madrid', 'ES', null],            // 8 accents
    ['J.', 'Nunez', 'j.nunez@hm.es', 'ORG-HM', 'Madrid', 'ES', null],                     // 9 initial
    ['John', 'Smith', 'john.smith@mayo.edu', 'ORG-MAYO', 'Rochester', 'US', null],         // 10 namesake elsewhere
    ['Jane', 'Smith', 'jane.smith@rmh.nhs.uk', 'ORG-RMH', 'London', 'GB', null],           // 11 colleague
  ]);

const organizations = sheet('Organizations', ['Organization ID', 'Organization Name', 'City', 'Country'], [
  ['ORG-1', "St. Mary's Hosp.", 'London', 'GB'],
  ['ORG-2', 'Saint Marys Hospital', 'London', 'GB'],
  ['ORG-3', 'Acme Pharma, Inc.', 'Boston', 'US'],
  ['ORG-4', 'ACME Pharmaceuticals', 'Boston', 'US'],
  ['ORG-5', 'Acme Pharma', 'Basel', 'CH'],
  ['ORG-6', 'University of Texas', 'Austin', 'US'],
  ['ORG-7', 'University of Toledo', 'Toledo', 'US'],
]);

describe('dedupeWorkbook', () => {
  const report = dedupeWorkbook(std, { sheets: [investigators, organizations] });
  const inv = report.clusters.filter((c) => c.sheet === 'Investigators');
  const org = report.clusters.filter((c) => c.sheet === 'Organizations');

  it('matches the contract shape', () => {
    for (const c of report.clusters) {
      expect(c.rows.length).toBeGreaterThanOrEqual(2);
      expect(c.score).toBeGreaterThan(0);
      expect(c.score).toBeLessThanOrEqual(1);
      expect(c.evidence.length).toBeGreaterThan(0);
      expect(['merge', 'review']).toContain(c.suggestion);
      expect(c.rows).toContain(c.keep);
    }
    expect(report.target).toBeUndefined();
  });

  it('finds the investigator variants and nothing else', () => {
    expect(inv.map((c) => c.rows)).toEqual([[2, 3], [4, 5, 6], [7, 8, 9]]);
  });

  it('words the evidence', () => {
    const smith = inv.find((c) => c.rows.includes(2))!;
    expect(smith.evidence).toEqual(expect.arrayContaining(['same organization ORG-RMH', 'same city London, GB']));
    expect(smith.evidence.join(' ')).toMatch(/last name Smith ~ Smyth \(\d{1,3} % similar\)/);
    // The most complete row is the one to keep.
    expect(smith.keep).toBe(3);
  });

  it('treats a case-only email twin as an exact duplicate', () => {
    const rows = [investigators.rows[2], investigators.rows[4]];
    const r = dedupeWorkbook(std, { sheets: [sheet('Investigators', investigators.headers, rows)] });
    expect(r.clusters).toHaveLength(1);
    expect(r.clusters[0].score).toBe(1);
    expect(r.clusters[0].suggestion).toBe('merge');
    expect(r.clusters[0].evidence[0]).toMatch(/same email marie\.dubois@aphp\.fr \(differs only in case or spaces\)/);
  });

  it('normalises organization names but keeps other cities and names apart', () => {
    expect(org.map((c) => c.rows)).toEqual([[2, 3], [4, 5]]);
    expect(org[0].evidence[0]).toMatch(/same name after normalisation/);
  });

  it('ignores sheets the standard does not know', () => {
    expect(dedupeWorkbook(std, { sheets: [sheet('Notes', ['x'], [['a'], ['a']])] }).clusters).toEqual([]);
  });
});

describe('classifyAgainstTarget', () => {
  const existing: TargetRecords = {
    person: [
      { id: 'V0B1', fields: { email: 'john.smith@rmh.nhs.uk', first_name: 'John', last_name: 'Smith', org_id: 'ORG-RMH', city: 'London', country: 'GB' } },
      { id: 'V0B2', fields: { email: 'marie.dubois@aphp.fr', first_name: 'Marie', last_name: 'Dubois', org_id: 'ORG-APHP', city: 'Lyon', country: 'FR' } },
    ],
    organization: [{ id: 'V0O1', fields: { org_id: 'ORG-X', org_name: 'Saint Marys Hospital', city: 'London', country: 'GB' } }],
  };
  const result = classifyAgainstTarget(std, { sheets: [investigators, organizations] }, existing);
  const at = (s: string, row: number) => result.find((r) => r.sheet === s && r.row === row)!;

  it('gives every row one entry', () => expect(result).toHaveLength(investigators.rows.length + organizations.rows.length));
  it('reuses an identical record', () => expect(at('Investigators', 2)).toEqual({ sheet: 'Investigators', row: 2, action: 'reuse', targetId: 'V0B1' }));
  it('updates with the differing fields, target value first', () => {
    expect(at('Investigators', 4)).toEqual({ sheet: 'Investigators', row: 4, action: 'update', targetId: 'V0B2', changes: { city: ['Lyon', 'Paris'] } });
    // Matched on the email whatever its case; the swapped names are changes.
    expect(at('Investigators', 6).changes).toEqual({ first_name: ['Marie', 'Dubois'], last_name: ['Dubois', 'Marie'], city: ['Lyon', 'Paris'] });
  });
  it('creates what the target lacks', () => expect(at('Investigators', 7).action).toBe('create'));
  it('matches organizations on the normalised name, city and country', () => {
    expect(at('Organizations', 2)).toMatchObject({ action: 'update', targetId: 'V0O1', changes: { org_id: ['ORG-X', 'ORG-1'], org_name: ['Saint Marys Hospital', "St. Mary's Hosp."] } });
    expect(at('Organizations', 4).action).toBe('create');
  });
  it('is added to the dedupe report when the target is given', () => {
    expect(dedupeWorkbook(std, { sheets: [investigators] }, { existing }).target).toHaveLength(investigators.rows.length);
  });
});

describe('building blocks', () => {
  it('reads names with swaps, hyphens and initials', () => {
    expect(compareNames('marie', 'dubois', 'dubois', 'marie').relation).toBe('swapped');
    expect(compareNames('marie', 'dubois', 'marie', 'dubois laurent').score).toBeGreaterThan(0.9);
    expect(compareNames('j', 'nunez', 'jose', 'nunez').score).toBeGreaterThan(0.9);
    expect(compareNames('klaus', 'mowinha', 'klaus', 'marmar').score).toBe(0);
  });
  it('compares each pair sharing a block once', () => {
    const b = new BlockBuilder();
    [['x', 'y'], ['x', 'y'], ['x'], ['z']].forEach((keys, i) => keys.forEach((k) => b.add(i, k)));
    const seen: string[] = [];
    const n = forEachCandidatePair(b.build(4, 10), (i, j) => seen.push(`${i}-${j}`));
    expect(n).toBe(3);
    expect(seen.sort()).toEqual(['0-1', '0-2', '1-2']);
  });
  it('leaves out oversized blocks', () => {
    const b = new BlockBuilder();
    for (let i = 0; i < 5; i++) b.add(i, 'common');
    const idx = b.build(5, 4);
    expect(idx.oversizedBlocks).toBe(1);
    expect(forEachCandidatePair(idx, () => undefined)).toBe(0);
  });
  it('clusters transitively and scores by the weakest link', () => {
    const c = clusterPairs(5, [{ i: 0, j: 1, score: 0.95 }, { i: 1, j: 3, score: 0.8 }, { i: 0, j: 3, score: 0.7 }]);
    expect(c).toHaveLength(1);
    expect(c[0].members).toEqual([0, 1, 3]);
    expect(c[0].score).toBe(0.8);
  });
});
