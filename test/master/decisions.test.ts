import { defaultStandard } from '../../src/core/standard/load';
import { dedupeWorkbook } from '../../src/core/master';
import {
  applyDecisions, auditDecision, encodeDecisions, keyClusters, locateDecisions, makeDecision, mergedRowsFor, parseDecisions, withDecision, withoutDecision,
  type DuplicateDecision, type KeyedCluster,
} from '../../src/core/master/decisions';
import { decisionEntry } from '../../src/core/audit';
import { planTransfer } from '../../src/core/transfer';
import type { WorkbookData } from '../../src/core/model/sheet';
import { clean, wb, TODAY, type Row, type Sheets } from '../../testing/builders/wb';

const std = defaultStandard();
const AT = new Date('2024-06-30T12:00:00Z');

/** clean() plus Ann Smyth, a typo twin of Ann Smith at the same organization, who is PI of a second site. */
function withTwin(): Sheets {
  const s = clean();
  s.Investigators!.push({ ...s.Investigators![0]!, Email: 'ann.smyth@mayo.org', 'Last Name': 'Smyth', 'GCP Training Date': null });
  s.Sites!.push({ ...s.Sites![0]!, 'Site Number': '002', 'Principal Investigator Email': 'ann.smyth@mayo.org' });
  return s;
}

function keyed(book: WorkbookData): KeyedCluster[] {
  return keyClusters(std, book, dedupeWorkbook(std, book).clusters);
}

function investigatorCluster(book: WorkbookData): KeyedCluster {
  const c = keyed(book).filter((x) => x.sheet === 'Investigators');
  expect(c).toHaveLength(1);
  return c[0]!;
}

/** Insert a row at the top of a sheet's data (Excel row 2), shifting the others down. */
function insertFirst(s: Sheets, sheet: string, row: Row): Sheets {
  s[sheet]!.unshift(row);
  return s;
}

describe('duplicate decisions', () => {
  test('the finder sees the twin; its cluster key names the records, not the rows', () => {
    const c = investigatorCluster(wb(withTwin()));
    expect(c.rows).toEqual([2, 3]);
    expect(c.keep).toBe(2); // the more complete row
    expect(c.keyFields).toEqual([{ key: 'email', header: 'Email' }]);
    expect(c.rowKeys).toEqual(['ann.smith@mayo.org', 'ann.smyth@mayo.org']);
    expect(JSON.parse(c.clusterKey)).toEqual(['Investigators', 'ann.smith@mayo.org', 'ann.smyth@mayo.org']);

    // A row inserted above, and T-EMAIL/T-TRIM style rewrites, keep the key.
    const moved = insertFirst(withTwin(), 'Investigators', { Email: 'zed.zorn@mayo.org', 'First Name': 'Zed', 'Last Name': 'Zorn', 'Organization ID': 'ORG-1', Country: 'US' });
    moved.Investigators![2]!.Email = '  Ann.Smyth@MAYO.org ';
    const again = investigatorCluster(wb(moved));
    expect(again.rows).toEqual([3, 4]);
    expect(again.clusterKey).toBe(c.clusterKey);
  });

  test('organizations are keyed by id and name only: accepting a country proposal keeps the decision', () => {
    const s = clean();
    s.Organizations!.push({ ...s.Organizations![0]!, 'Organization ID': 'ORG-1B', 'Organization Name': 'Mayo Clinic.' });
    const before = keyed(wb(s)).find((c) => c.sheet === 'Organizations')!;
    expect(before.keyFields.map((f) => f.key)).toEqual(['org_id', 'org_name']);
    // The same rows keyed again after the country was rewritten (the matcher itself compares raw countries).
    s.Organizations![2]!.Country = 'United States';
    const [after] = keyClusters(std, wb(s), [before]);
    expect(after!.clusterKey).toBe(before.clusterKey);
  });

  test('a decided cluster is not asked again; one that gained a row is', () => {
    const book = wb(withTwin());
    const c = investigatorCluster(book);
    const d = makeDecision(c, 'merge', 2, 'Dana Steward', AT);
    expect(d).toMatchObject({ sheet: 'Investigators', rows: [2, 3], keep: 2, verdict: 'merge', by: 'Dana Steward', at: '2024-06-30T12:00:00.000Z' });
    const { open, decided } = applyDecisions(keyed(book), [d]);
    expect(open.filter((x) => x.sheet === 'Investigators')).toEqual([]);
    expect(decided).toEqual([d]);

    const grown = withTwin();
    grown.Investigators!.push({ ...grown.Investigators![0]!, Email: 'a.smith@mayo.org', 'GCP Training Date': null });
    const open2 = applyDecisions(keyed(wb(grown)), [d]).open.filter((x) => x.sheet === 'Investigators');
    expect(open2).toHaveLength(1);
    expect(open2[0]!.rows).toEqual([2, 3, 4]);
  });

  test('one answer per cluster: deciding again replaces, undo removes', () => {
    const c = investigatorCluster(wb(withTwin()));
    const merge = makeDecision(c, 'merge', 2, 'Dana', AT);
    const distinct = makeDecision(c, 'notDuplicate', 2, 'Dana', AT);
    expect(withDecision([merge], distinct)).toEqual([distinct]);
    expect(withoutDecision([merge], c.clusterKey)).toEqual([]);
    expect(() => makeDecision(c, 'merge', 9, 'Dana', AT)).toThrow(/not in the cluster/);
    expect(() => makeDecision(c, 'merge', 2, '  ', AT)).toThrow(/who/);
  });

  test('mergedRowsFor drives planTransfer: the merged row is not sent, its references follow the kept record', () => {
    const c = investigatorCluster(wb(withTwin()));
    const d = makeDecision(c, 'merge', 2, 'Dana', AT);

    // Later: a row was inserted above the pair, so Smith is row 3 and Smyth row 4.
    const later = wb(insertFirst(withTwin(), 'Investigators', { Email: 'zed.zorn@mayo.org', 'First Name': 'Zed', 'Last Name': 'Zorn', Title: 'Dr.', 'Organization ID': 'ORG-1', Country: 'US' }));
    const merged = mergedRowsFor([d], later);
    expect(merged).toEqual({ Investigators: { 4: 3 } });

    const p = planTransfer(std, later, { today: TODAY, mergedRows: merged });
    const person = p.entities.find((e) => e.entity === 'person')!;
    expect(person.records.map((r) => r.row)).toEqual([2, 3]);
    expect(person.heldBack).toEqual([expect.objectContaining({ row: 4, reason: 'merged into row 3 by a duplicate decision' })]);
    const sites = p.entities.find((e) => e.entity === 'site')!;
    expect(sites.records.map((r) => r.refs.principal_investigator__v)).toEqual([['person', 'ann.smith@mayo.org'], ['person', 'ann.smith@mayo.org']]);
  });

  test('"not a duplicate" sends both rows', () => {
    const c = investigatorCluster(wb(withTwin()));
    expect(mergedRowsFor([makeDecision(c, 'notDuplicate', 2, 'Dana', AT)], wb(withTwin()))).toEqual({});
  });

  test('rows with equal keys (same e-mail, other case) are told apart by their old row numbers', () => {
    const s = clean();
    s.Investigators!.push({ ...s.Investigators![0]!, Email: 'ANN.SMITH@mayo.org', 'GCP Training Date': null });
    const c = investigatorCluster(wb(s));
    expect(c.rowKeys).toEqual(['ann.smith@mayo.org', 'ann.smith@mayo.org']);
    const d = makeDecision(c, 'merge', 2, 'Dana', AT);
    const shifted = insertFirst(s, 'Investigators', { Email: 'zed.zorn@mayo.org', 'First Name': 'Zed', 'Last Name': 'Zorn' });
    expect(mergedRowsFor([d], wb(shifted))).toEqual({ Investigators: { 4: 3 } });
  });

  test('a merge whose kept record is gone is left out, not guessed; a lost merged row is reported', () => {
    const c = investigatorCluster(wb(withTwin()));
    const d = makeDecision(c, 'merge', 2, 'Dana', AT);
    const noKept = withTwin();
    noKept.Investigators!.shift();
    expect(mergedRowsFor([d], wb(noKept))).toEqual({});
    const [l] = locateDecisions([d], wb(noKept));
    expect(l).toMatchObject({ rows: [null, 2], keep: null });
    expect(locateDecisions([{ ...d, sheet: 'Gone' }], wb(withTwin()))[0]!.rows).toEqual([null, null]);
  });

  test('stored form: round trip; anything malformed is dropped', () => {
    const c = investigatorCluster(wb(withTwin()));
    const good = makeDecision(c, 'merge', 2, 'Dana', AT);
    expect(parseDecisions(encodeDecisions([good]))).toEqual([good]);
    const bad: unknown[] = [
      { ...good, verdict: 'maybe' }, { ...good, rows: [2, 'x'] }, { ...good, rowKeys: ['only one'] }, { ...good, keyFields: [{ key: 1 }] }, { ...good, by: 7 }, null, 'x',
    ];
    expect(parseDecisions(JSON.stringify({ v: 1, decisions: [...bad, good] }))).toEqual([good]);
    expect(parseDecisions('not json')).toEqual([]);
    expect(parseDecisions(JSON.stringify({ v: 2, decisions: [good] }))).toEqual([]);
    expect(parseDecisions(null)).toEqual([]);
  });

  test('the audit trail words a decision like any other', () => {
    const c = investigatorCluster(wb(withTwin()));
    const d: DuplicateDecision = makeDecision(c, 'merge', 2, 'Dana', AT);
    expect(decisionEntry(auditDecision(d))).toMatchObject({ kind: 'decision', who: 'Dana', sheet: 'Investigators', row: 2, before: '2, 3', after: 'merge into row 2', ruleId: 'duplicate' });
    expect(decisionEntry(auditDecision({ ...d, verdict: 'notDuplicate' })).after).toBe('distinct records');
  });
});
