import { issuesFromDiscrepancies, issuesSheetValues, mergeIssues, parseIssuesSheet, trackerSchema, ISSUE_HEADERS, type TrackedIssue } from '../../src/core/qc/tracker';
import { defaultStandard } from '../../src/core/standard/load';
import type { SheetData } from '../../src/core/model/sheet';

const causes = defaultStandard().qc!.causeCategories;

function asSheet(values: (string | number | null)[][]): SheetData {
  return { name: 'Issues', headers: values[0]!.map(String), rows: values.slice(1), rowNumbers: values.slice(1).map((_, i) => i + 2) };
}

const discrepancies = issuesFromDiscrepancies('T9', [
  { entity: 'site', sheet: 'Sites', row: 4, externalId: 'A-1-004', field: 'country__v', sent: 'US', inTarget: 'CA' },
  { entity: 'site', sheet: 'Sites', row: 5, externalId: 'A-1-005', field: '(record)', sent: 'present', inTarget: null },
]);

describe('issues tracker', () => {
  it('turns reconciliation discrepancies into open items linked to the record and transfer', () => {
    expect(discrepancies).toEqual([
      expect.objectContaining({ id: 'RC-T9-Sites-4-country__v', source: 'Reconciliation', description: 'country__v: sent "US", target holds "CA"', status: 'Open', link: { cell: 'Sites!4:4', transferId: 'T9' } }),
      expect.objectContaining({ id: 'RC-T9-Sites-5-(record)', description: 'sent, but not found in the target' }),
    ]);
  });

  it('keeps what people wrote on an item when it is generated again, and items added by hand', () => {
    const edited: TrackedIssue[] = [{ ...discrepancies[0]!, owner: 'Ann', status: 'In progress', cause: 'Target configuration', correctiveAction: 'picklist fixed' },
      { ...discrepancies[1]!, id: 'M-1', description: 'added by hand' }];
    const merged = mergeIssues(discrepancies, edited);
    expect(merged.map((i) => [i.id, i.owner, i.status, i.cause])).toEqual([
      ['RC-T9-Sites-4-country__v', 'Ann', 'In progress', 'Target configuration'],
      ['RC-T9-Sites-5-(record)', '', 'Open', ''],
      ['M-1', '', 'Open', ''],
    ]);
  });

  it('validates the JSON: known causes only, and a closed item has its date', () => {
    const schema = trackerSchema(causes);
    const bad = schema.safeParse({ version: 1, items: [{ ...discrepancies[0]!, cause: 'Gremlins', status: 'Closed' }] });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual([
      `items.0.cause: "Gremlins" is not a cause category of the standard (${causes.join(', ')})`,
      'items.0.dateClosed: a closed item needs the date it was closed',
    ]);
    expect(schema.safeParse({ version: 1, items: [{ ...discrepancies[0]!, status: 'Done' }] }).success).toBe(false);
  });

  it('names the cell of every entry out of shape in the Issues sheet', () => {
    const v = issuesSheetValues(discrepancies);
    const c = (h: string) => ISSUE_HEADERS.indexOf(h);
    v[1]![c('Status')] = 'Done';
    v[1]![c('Cause category')] = 'Gremlins';
    v[2]![c('Status')] = 'Closed';
    v.push(['', 'QC', 'Sites', 3, '', '', '', '', 'x', '', '', 'Open', '', '']);
    const { problems } = parseIssuesSheet(asSheet(v), causes);
    expect(problems).toEqual([
      { cell: 'Issues!L2', message: 'status "Done" is not one of Open, In progress, Closed' },
      { cell: 'Issues!J2', message: `cause "Gremlins" is not in the list (${causes.join(', ')})` },
      { cell: 'Issues!N3', message: 'a closed item needs the date it was closed' },
      { cell: 'Issues!A4', message: 'the ID is empty; give the item an ID (for example M-1 for one added by hand)' },
    ]);
  });

  it('refuses an Issues sheet without its headers', () => {
    const v = issuesSheetValues(discrepancies);
    v[0] = v[0]!.slice(0, 5);
    expect(parseIssuesSheet(asSheet(v), causes).problems[0]).toMatchObject({ cell: 'Issues!1', message: expect.stringMatching(/^the header row lacks "External ID"/) });
  });
});
