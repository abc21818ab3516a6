/**
 * Duplicate detection over a workbook: picks the matcher each sheet's entity
 * calls for (the standard's duplicate keys), clusters the matched rows and
 * words the evidence.
 */
import type { Standard, Entity } from '../standard/schema';
import type { WorkbookData, SheetData } from '../model/sheet';
import { fieldColumns, cellText } from './headers';
import { preparePersons, matchPersons, explainPersons, type PersonInput } from './person';
import { prepareOrgs, matchOrgs, explainOrgs, type OrgInput } from './organization';
import { clusterPairs, type Cluster, type ScoredPair } from './clustering';
import { classifyAgainstTarget, entityForSheet, type TargetRecords, type TargetClassification } from './target';
import { fingerprint } from './normalize';

export interface DuplicateCluster {
  sheet: string;
  /** Excel row numbers. */
  rows: number[];
  score: number;
  evidence: string[];
  suggestion: 'merge' | 'review';
  /** Excel row number of the suggested record to keep. */
  keep: number;
}

export interface DedupeReport {
  clusters: DuplicateCluster[];
  target?: TargetClassification[];
}

export interface DedupeOptions {
  /** Clusters whose weakest link scores at least this are suggested for merging (default 0.9). */
  mergeThreshold?: number;
  /** Pairs below this are not reported (default 0.75). */
  reviewThreshold?: number;
  /** Blocks larger than this are not compared (default 50). */
  maxBlockSize?: number;
  /** The target's records: adds the create/reuse/update classification. */
  existing?: TargetRecords;
}

interface SheetMatch {
  pairs: ScoredPair[];
  explain: (i: number, j: number) => string[];
}

type Getter = (row: number, key: string) => string;

function personMatch(n: number, get: Getter, o: Required<Omit<DedupeOptions, 'existing'>>): SheetMatch {
  const rows: PersonInput[] = [];
  for (let r = 0; r < n; r++) {
    rows.push({
      email: get(r, 'email'), firstName: get(r, 'first_name'), lastName: get(r, 'last_name'), middleName: get(r, 'middle_name'),
      orgId: get(r, 'org_id'), city: get(r, 'city'), state: get(r, 'state_province'), country: get(r, 'country'),
    });
  }
  const p = preparePersons(rows);
  return { pairs: matchPersons(p, o.reviewThreshold, o.maxBlockSize).pairs, explain: (i, j) => explainPersons(p, i, j) };
}

function orgMatch(n: number, get: Getter, fields: string[], o: Required<Omit<DedupeOptions, 'existing'>>): SheetMatch {
  const [nameKey, cityKey, countryKey] = fields;
  const rows: OrgInput[] = [];
  for (let r = 0; r < n; r++) rows.push({ name: get(r, nameKey), city: cityKey ? get(r, cityKey) : '', country: countryKey ? get(r, countryKey) : '' });
  const p = prepareOrgs(rows);
  return { pairs: matchOrgs(p, o.reviewThreshold, o.maxBlockSize).pairs, explain: (i, j) => explainOrgs(p, i, j) };
}

/** Entities without a fuzzy key: rows sharing the fingerprint of a unique field (e.g. one NCT number written twice). */
function uniqueFieldMatch(entity: Entity, n: number, get: Getter): SheetMatch {
  const pairs: ScoredPair[] = [];
  const why = new Map<string, string>();
  for (const f of entity.fields.filter((x) => x.unique)) {
    const seen = new Map<string, number>();
    for (let r = 0; r < n; r++) {
      const v = fingerprint(get(r, f.key));
      if (v === '') continue;
      const first = seen.get(v);
      if (first === undefined) { seen.set(v, r); continue; }
      pairs.push({ i: first, j: r, score: 1 });
      why.set(`${first},${r}`, `same ${f.header} ${get(r, f.key)}`);
    }
  }
  return { pairs, explain: (i, j) => [why.get(`${i},${j}`) ?? why.get(`${j},${i}`) ?? 'same unique key'] };
}

function filledCount(sheet: SheetData, r: number): number {
  let k = 0;
  for (const v of sheet.rows[r]) if (cellText(v) !== '') k++;
  return k;
}

function toReport(sheet: SheetData, c: Cluster, m: SheetMatch, mergeThreshold: number): DuplicateCluster {
  // Keep the most complete row; on a tie the first one, which is usually the original.
  let keep = c.members[0];
  for (const r of c.members) if (filledCount(sheet, r) > filledCount(sheet, keep)) keep = r;
  const evidence = m.explain(c.weakest.i, c.weakest.j);
  if (c.members.length > 2) evidence.unshift(`${c.members.length} rows linked by ${c.edges.length} matching pairs; weakest link rows ${sheet.rowNumbers[c.weakest.i]} and ${sheet.rowNumbers[c.weakest.j]}`);
  return {
    sheet: sheet.name,
    rows: c.members.map((r) => sheet.rowNumbers[r]),
    score: Math.round(c.score * 1000) / 1000,
    evidence,
    suggestion: c.score >= mergeThreshold ? 'merge' : 'review',
    keep: sheet.rowNumbers[keep],
  };
}

export function dedupeSheet(standard: Standard, entity: Entity, sheet: SheetData, options: DedupeOptions = {}): DuplicateCluster[] {
  const o = { mergeThreshold: options.mergeThreshold ?? 0.9, reviewThreshold: options.reviewThreshold ?? 0.75, maxBlockSize: options.maxBlockSize ?? 50 };
  const cols = fieldColumns(entity, sheet);
  const get: Getter = (r, key) => { const c = cols.get(key); return c === undefined ? '' : cellText(sheet.rows[r][c]); };
  const n = sheet.rows.length;
  const dk = standard.duplicateKeys.find((d) => d.entity === entity.key);
  const m = dk?.normalise === 'email' ? personMatch(n, get, o)
    : dk?.normalise === 'organization' ? orgMatch(n, get, dk.fields, o)
    : uniqueFieldMatch(entity, n, get);
  return clusterPairs(n, m.pairs).map((c) => toReport(sheet, c, m, o.mergeThreshold));
}

export function dedupeWorkbook(standard: Standard, workbook: WorkbookData, options: DedupeOptions = {}): DedupeReport {
  const clusters: DuplicateCluster[] = [];
  for (const sheet of workbook.sheets) {
    const entity = entityForSheet(standard, sheet.name);
    if (entity) clusters.push(...dedupeSheet(standard, entity, sheet, options));
  }
  const report: DedupeReport = { clusters };
  if (options.existing) report.target = classifyAgainstTarget(standard, workbook, options.existing);
  return report;
}
