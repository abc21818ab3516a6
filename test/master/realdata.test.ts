/**
 * Evaluation on real data no one here wrote. The figures printed here are the
 * ones in docs/benchmarks.md and docs/mastering.md; the assertions keep them
 * from silently getting worse.
 */
import { defaultStandard } from '../../src/core/standard';
import type { SheetData } from '../../src/core/model/sheet';
import { dedupeWorkbook, prepareOrgs, matchOrgs, clusterPairs } from '../../src/core/master';
import { readFda, fdaSheet } from './fda';
import { fixture, parseCsv } from './helpers';

const std = defaultStandard();

describe('FDA Clinical Investigator Inspection List (DA + FC, 4,248 rows)', () => {
  const rows = readFda();
  const t0 = performance.now();
  const report = dedupeWorkbook(std, { sheets: [fdaSheet(rows)] });
  const ms = performance.now() - t0;
  // Which FDA ids the engine put together.
  const together = new Set<string>();
  for (const c of report.clusters) {
    const ids = [...new Set(c.rows.map((r) => rows[r - 2].id))].sort();
    for (let a = 0; a < ids.length; a++) for (let b = a + 1; b < ids.length; b++) together.add(`${ids[a]}|${ids[b]}`);
  }
  const labels = parseCsv(fixture('fda-cliil-erblast/fda-cliil-labels.tsv').replace(/\t/g, ',').split('\n').filter((l) => !l.startsWith('#')).join('\n')).slice(1).filter((r) => r.length > 2);
  const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

  it('reads both files', () => expect(rows).toHaveLength(4248));

  it('clusters repeated investigators and reports the figures', () => {
    const sameId = new Map<string, number>();
    for (const r of rows) sameId.set(r.id, (sameId.get(r.id) ?? 0) + 1);
    const repeatedIds = [...sameId.values()].filter((n) => n > 1).length;
    // Rows sharing an FDA id are one investigator (the FDA's own key): how many such groups end up in one cluster.
    const clusterOf = new Map<number, number>();
    report.clusters.forEach((c, k) => c.rows.forEach((r) => clusterOf.set(r - 2, k)));
    let kept = 0;
    for (const [id, n] of sameId) {
      if (n < 2) continue;
      const idx = rows.map((r, k) => (r.id === id ? k : -1)).filter((k) => k >= 0);
      const c = clusterOf.get(idx[0]);
      if (c !== undefined && idx.every((k) => clusterOf.get(k) === c)) kept++;
    }
    let tp = 0; let fp = 0; let fn = 0; let tn = 0;
    for (const [a, b, label] of labels) {
      if (label === 'unsure') continue;
      const predicted = together.has(key(a, b));
      if (label === 'same') { if (predicted) tp++; else fn++; } else if (predicted) fp++; else tn++;
    }
    const labelled = new Set(labels.map(([a, b]) => key(a, b)));
    const outside = [...together].filter((k) => !labelled.has(k));
    const figures = { ms: Math.round(ms), clusters: report.clusters.length, repeatedIds, repeatedIdsClustered: kept, crossIdPairs: together.size, labelledSame: tp + fn, labelledDifferent: fp + tn, tp, fp, fn, precision: tp / (tp + fp), recall: tp / (tp + fn), predictedOutsideSample: outside.length };
    console.log('FDA CLIIL', figures);
    expect(figures.precision).toBeGreaterThanOrEqual(0.95);
    expect(figures.recall).toBeGreaterThanOrEqual(0.5);
    expect(kept / repeatedIds).toBeGreaterThanOrEqual(0.95);
  });

  it('explains a cross-file cluster in words', () => {
    const c = report.clusters.find((x) => x.rows.some((r) => rows[r - 2].name.startsWith('Dabiri-Beckett')))!;
    expect(c.evidence.join('; ')).toMatch(/last name Beckett ~ Dabiri-Beckett/);
  });
});

describe('ClinicalTrials.gov lead-sponsor names (25,836)', () => {
  const names = parseCsv(fixture('trec2022-ctgov-sample/lead_sponsor_name_counts.csv')).slice(1).filter((r) => r.length === 2).map((r) => r[0].replace(/^\[|\]$/g, ''));
  const t0 = performance.now();
  const p = prepareOrgs(names.map((name) => ({ name })));
  const { pairs, compared } = matchOrgs(p, 0.75, 50);
  const clusters = clusterPairs(p.n, pairs);
  const ms = performance.now() - t0;
  const merge = clusters.filter((c) => c.score >= 0.9);

  it('clusters the name variants comparing a small multiple of the rows', () => {
    const inClusters = clusters.reduce((s, c) => s + c.members.length, 0);
    console.log('Lead sponsors', { names: names.length, ms: Math.round(ms), compared, clusters: clusters.length, merge: merge.length, review: clusters.length - merge.length, namesInClusters: inClusters });
    expect(names.length).toBe(25836);
    expect(compared).toBeLessThan(names.length * 10);
    expect(merge.length).toBeGreaterThan(50);
  });

  const clusterOf = (name: string) => clusters.find((c) => c.members.includes(names.indexOf(name)));
  it('merges legal-form and accent variants', () => {
    for (const [a, b] of [['Celgene', 'Celgene Corporation'], ['Carl Zeiss Meditec, Inc.', 'Carl Zeiss Meditec AG'], ['Universidad Autonoma de Queretaro', 'Universidad Autónoma de Querétaro']]) {
      const c = clusterOf(a);
      expect(c?.members).toContain(names.indexOf(b));
      expect(c!.score).toBeGreaterThanOrEqual(0.9);
    }
  });
  it('does not merge a name with an extra distinctive word', () => {
    // Each may sit in a review cluster (score below 0.9) or in none, never in a cluster proposed for merging.
    for (const n of ['Seoul National University Hospital', 'Taipei City Hospital', 'University of Amsterdam']) {
      expect(names).toContain(n);
      expect(merge.filter((c) => c.members.includes(names.indexOf(n)))).toEqual([]);
    }
  });
});

describe('ClinicalTrials.gov records present in more than one format (AACT fixtures)', () => {
  // One row per record of the AACT loader's test files (legacy XML, API v2 JSON, classic v1 JSON): the file,
  // the NCT id it holds and its brief title, extracted from the originals by ctti-aact/make-nct-ids.js.
  const studies = parseCsv(fixture('ctti-aact/nct-ids.csv').trim()).slice(1).map(([file, nct, title]) => ({ file: file!, nct: nct!, title: title! }));
  const sheet: SheetData = {
    name: 'Studies',
    headers: ['Study Number', 'Study Title', 'NCT Number'],
    // The study number is what the file claims to be; the NCT number is what it holds.
    rows: studies.map((s) => [s.file.replace(/^.*\//, '').replace(/\.(xml|json)$/, '') + '-' + studies.indexOf(s), s.title, s.nct]),
    rowNumbers: studies.map((_, k) => k + 2),
  };
  const report = dedupeWorkbook(std, { sheets: [sheet] });

  it('finds the five studies recorded twice, across formats and mislabelled files', () => {
    console.log('AACT', { records: studies.length, clusters: report.clusters.length });
    const found = report.clusters.map((c) => c.rows.map((r) => studies[r - 2].file).join(' + ')).sort();
    expect(found).toEqual([
      'json_api_v1_classic/NCT04780763.json + json_api_v1_classic/results_1.json',
      'json_api_v2/NCT02278341.json + json_api_v2/NCT02552212.json',
      'xml_legacy/NCT00023673.xml + json_api_v1_classic/NCT00023673.json',
      'xml_legacy/NCT00081588.xml + xml_legacy/NCT00980226.xml',
      'xml_legacy/NCT02028676.xml + json_api_v1_classic/NCT02028676.json',
    ].sort());
    for (const c of report.clusters) expect(c.evidence[0]).toMatch(/^same NCT Number NCT\d{8}$/);
  });
});
