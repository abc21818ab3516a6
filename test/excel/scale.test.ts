import { defaultStandard } from '../../src/core/standard/load';
import type { Issue, Proposal } from '../../src/core/model/issue';
import type { DuplicateDecision } from '../../src/core/master/decisions';
import type { FlagOverride } from '../../src/core/verify/overrides';
import { clearHighlights, highlight, readWorkbook, saveDecisions, saveOverrides } from '../../src/excel';
import { MAX_DECISIONS_CHARS as MAX_DECISIONS } from '../../src/excel/decisions';
import { MAX_OVERRIDES_CHARS as MAX_OVERRIDES } from '../../src/excel/overrides';
import { cellKey, createFakeExcel, FakeWorkbook, settingsBytes, SETTINGS_LIMIT_BYTES, type FakeStats } from '../../testing/fake-excel';

/**
 * Round trips at scale: 100,000 rows × 12 columns read, 20,000 flagged cells
 * painted with a note each, then cleared. Syncs must follow the payload
 * (bytes / 4 MB budget) and never the number of rows or cells.
 */
const ROWS = 100_000;
const LIMIT = 5_000_000;
const BUDGET = 4_000_000;

function bigWorkbook(): FakeWorkbook {
  const wb = new FakeWorkbook();
  const s = wb.addSheet('Sites'); // 12 columns
  s.load([['Study Number', 'Site Number', 'Organization ID', 'Principal Investigator Email', 'Site Status', 'Country', 'Site Activation Date', 'FSFV Date', 'LSLV Date', 'Subjects Screened', 'Subjects Enrolled', 'Subjects Completed']]);
  const base = 44_000;
  for (let r = 1; r <= ROWS; r++) {
    s.rows[r] = [`STUDY-${r % 97}`, `${r}`, `ORG-${r % 1000}`, `pi${r}@site${r % 50}.example.org`, 'Enrolling', 'US', base + (r % 700), base + (r % 700) + 30, '', r % 300, r % 200, r % 100];
    s.formats.set(cellKey(r, 6), 'yyyy-mm-dd');
    s.formats.set(cellKey(r, 7), 'yyyy-mm-dd');
  }
  return wb;
}

function flagged(): { issues: Issue[]; proposals: Proposal[] } {
  const issues: Issue[] = [];
  const proposals: Proposal[] = [];
  const add = (row: number, col: number, severity: Issue['severity'] = 'error') => {
    const cell = `${String.fromCharCode(65 + col)}${row}`;
    issues.push({ sheet: 'Sites', row, col, field: 'site_number', ruleId: 'required', family: 'required', severity, cells: [cell], value: null, params: {} });
  };
  for (let i = 0; i < 8000; i++) add(2 + i * 12, 1); // scattered, one column
  for (let i = 0; i < 6000; i++) add(50_000 + i, 4, 'warning'); // one long run
  for (let i = 0; i < 6000; i++) proposals.push({ sheet: 'Sites', row: 2 + ((i * 7919) % ROWS), col: 5 + (i % 6), field: 'country', ruleId: 'T-COUNTRY', steps: ['T-COUNTRY'], from: 'USA', to: 'US', toType: 'text' });
  return { issues, proposals };
}

function expectWithinLimits(stats: FakeStats, label: string) {
  const bytes = stats.totalRequestBytes + stats.totalResponseBytes;
  // A few fixed round trips (memory and sheet list, reads, events back on) plus one per 4 MB of payload.
  const bound = Math.ceil(bytes / BUDGET) + 5;
  // Reported by the test run for the record.
  console.log(`${label}: ${stats.syncCount} syncs, ${(stats.totalRequestBytes / 1e6).toFixed(2)} MB sent, ${(stats.totalResponseBytes / 1e6).toFixed(2)} MB received, largest request ${(stats.maxRequestBytes / 1e6).toFixed(2)} MB, largest response ${(stats.maxResponseBytes / 1e6).toFixed(2)} MB (bound ${bound})`);
  expect(stats.syncs.filter((s) => s.failed)).toEqual([]);
  expect(stats.maxRequestBytes).toBeLessThanOrEqual(LIMIT);
  expect(stats.maxResponseBytes).toBeLessThanOrEqual(LIMIT);
  expect(stats.syncCount).toBeLessThanOrEqual(bound);
}

describe('100,000 rows × 12 columns', () => {
  it('reads and highlights 20,000 cells in syncs proportional to the payload, each request under 5 MB', async () => {
    const std = defaultStandard();
    const wb = bigWorkbook();
    const fake = createFakeExcel(wb, { apiVersion: '1.18', payloadLimitBytes: LIMIT, maxAddressLength: 8192 });

    let progress = 0;
    const data = await readWorkbook(fake, std, (done) => { progress = done; });
    const sites = data.sheets[0]!;
    expect(sites.rows).toHaveLength(ROWS);
    expect(sites.rowNumbers[ROWS - 1]).toBe(ROWS + 1);
    expect(sites.rows[0]![6]).toBeInstanceOf(Date);
    expect(sites.rows[0]![9]).toBe(1);
    expect(progress).toBe(ROWS + 1);
    expectWithinLimits(fake.stats, 'read');
    expect(fake.stats.syncCount).toBeGreaterThan(2); // it had to chunk: one request could not carry it

    fake.resetStats();
    const result = flagged();
    const stats = await highlight(fake, std, result);
    expect(stats.painted).toBe(20_000);
    expect(stats.notesAdded).toBe(20_000);
    expect(wb.notes).toHaveLength(20_000);
    expectWithinLimits(fake.stats, 'highlight');
    expect(fake.stats.syncCount).toBeLessThan(20);
    // The memory of 20,000 marks lives in the settings, which the fake caps as hosts do (2 MB).
    const kept = settingsBytes(wb.settings);
    console.log(`settings after 20,000 marks: ${(kept / 1024).toFixed(0)} KB of ${SETTINGS_LIMIT_BYTES / 1024} KB`);
    expect(kept).toBeLessThan(SETTINGS_LIMIT_BYTES);
    // Beside them, decisions and overrides filled to their own caps still fit (the fake refuses a larger bag).
    const upTo = <T>(cap: number, one: (i: number) => T): T[] => {
      const out: T[] = [];
      while (JSON.stringify(out).length < cap * 0.95) out.push(one(out.length));
      return out;
    };
    await saveDecisions(fake, upTo(MAX_DECISIONS, (i): DuplicateDecision => ({
      clusterKey: `["Investigators","a${i}@site.org","b${i}@site.org"]`, sheet: 'Investigators', rows: [i + 2, i + 3], rowKeys: [`a${i}@site.org`, `b${i}@site.org`],
      keyFields: [{ key: 'email', header: 'Email' }], keep: i + 2, verdict: 'merge', score: 0.93, by: 'Dana Steward', at: '2024-06-30T12:00:00.000Z',
    })));
    await saveOverrides(fake, upTo(MAX_OVERRIDES, (i): FlagOverride => ({
      key: `["Sites","R-ENR-02","subjects_enrolled","abc-${i}","001"]`, sheet: 'Sites', row: i + 2, cells: [`K${i + 2}`], ruleId: 'R-ENR-02',
      severity: 'error', value: 12, reason: 'Confirmed with the site', by: 'Dana Steward', at: '2024-06-30T12:00:00.000Z',
    })));
    console.log(`settings with decisions and overrides at their caps: ${(settingsBytes(wb.settings) / 1024).toFixed(0)} KB`);

    fake.resetStats();
    const cleared = await clearHighlights(fake);
    expect(cleared.restored).toBe(20_000);
    expect(wb.notes).toHaveLength(0);
    expect(wb.sheet('Sites')!.fills.size).toBe(0);
    expectWithinLimits(fake.stats, 'clear');
  });
});
