import type { SheetData } from '../../src/core/model/sheet';
import type { Cluster } from '../../src/core/master';
import type { DuplicateCluster } from '../../src/core/master';
import type { SyntheticPerson } from './synthetic';
import { truePairs } from './synthetic';

/** The generated persons as an Investigators sheet (row k+2 holds record k). */
export function personsSheet(rows: readonly SyntheticPerson[]): SheetData {
  return {
    name: 'Investigators',
    headers: ['Email', 'First Name', 'Last Name', 'Organization ID', 'City', 'Country'],
    rows: rows.map((p) => [p.email ?? null, p.firstName ?? null, p.lastName ?? null, p.orgId ?? null, p.city ?? null, p.country ?? null]),
    rowNumbers: rows.map((_, k) => k + 2),
  };
}

export interface PairScore { precision: number; recall: number; truePairs: number; predictedPairs: number; correct: number }

/** Precision and recall over record pairs: a pair is predicted when both rows land in one cluster. */
export function scoreClusters(rows: readonly SyntheticPerson[], clusters: readonly (DuplicateCluster | Cluster)[]): PairScore {
  const truth = truePairs(rows);
  let predicted = 0;
  let correct = 0;
  for (const c of clusters) {
    const m = 'rows' in c ? c.rows.map((r) => r - 2) : c.members;
    for (let a = 0; a < m.length; a++) for (let b = a + 1; b < m.length; b++) {
      predicted++;
      const [i, j] = m[a] < m[b] ? [m[a], m[b]] : [m[b], m[a]];
      if (truth.has(`${i},${j}`)) correct++;
    }
  }
  return { precision: predicted ? correct / predicted : 1, recall: truth.size ? correct / truth.size : 1, truePairs: truth.size, predictedPairs: predicted, correct };
}
