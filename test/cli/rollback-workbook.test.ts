/**
 * `rollback --workbook` writes its copy through the surgical writer: on a
 * partner's own layout (renamed sheets, a title row above the header, its own
 * columns) the status and target-id columns submit put after the partner's
 * last column are found and rewritten there, no sheet of the standard's names
 * appears, and every part the rollback does not concern — a chart, a pivot
 * table, a defined name, conditional formats and validation on another sheet,
 * the sheets not sent — comes out byte for byte as it went in.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { readLog } from '../../src/cli/transfer-log-file';
import { MANAGED_HEADERS } from '../../src/core/sheet/headers';
import type { TransferLog } from '../../src/core/transfer';
import { oneLine, runMain } from '../../testing/builders/cli-main';
import { clean } from '../../testing/builders/wb';
import { partnerShaped, PARTNER_SHEETS, TITLE_ROWS } from '../../testing/builders/partner';
import { richWorkbook } from '../../testing/builders/rich-xlsx';
import { storedEntries, zipChanges } from '../../testing/builders/zip-parts';
import { withTarget } from '../transfer/helpers';


const [STATUS, TARGET_ID] = MANAGED_HEADERS;
const HEADER_ROW = TITLE_ROWS + 1;

async function readBook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** Column numbers (1-based) of the result columns on a partner sheet's header row, and how many header cells it has. */
function resultColumns(ws: ExcelJS.Worksheet): { sc: number; ic: number; width: number } {
  const heads: string[] = [];
  ws.getRow(HEADER_ROW).eachCell((c, i) => { heads[i] = String(c.value); });
  return { sc: heads.indexOf(STATUS), ic: heads.indexOf(TARGET_ID), width: heads.filter((h) => h !== undefined).length };
}

/** The log sheet's rows below its header: transfer id and status. */
function logSheetRows(wb: ExcelJS.Workbook): string[] {
  const ws = wb.getWorksheet('_ctms_transfers')!;
  const out: string[] = [];
  ws.eachRow((row, n) => { if (n > 1) out.push(`${String(row.getCell(1).value)} ${String(row.getCell(2).value)}`); });
  return out;
}

describe('rollback --workbook on a partner\'s layout', () => {
  const target = withTarget();

  async function partnerFile(dir: string): Promise<string> {
    const file = path.join(dir, 'partner.xlsx');
    await fsp.writeFile(file, await richWorkbook(partnerShaped(clean())));
    return file;
  }

  test('the status cells on the partner\'s sheets say rolled back, in the columns submit added; untouched parts are byte for byte the same', async () => {
    const t = target();
    const file = await partnerFile(t.dir);
    const sent = await runMain('submit', file, '--target', t.url, '--out', path.join(t.dir, 'submitted.xlsx'));
    expect(sent.err).toBe('');
    expect(sent.code).toBe(0);
    const logFile = sent.out.match(/^log: (.+)$/m)![1]!;
    const submitted = path.join(t.dir, 'submitted.xlsx');
    const { transferId } = await readLog(logFile);
    const before = await readBook(submitted);
    const columnsBefore = new Map(Object.values(PARTNER_SHEETS).map((s) => [s, resultColumns(before.getWorksheet(s)!)]));
    for (const c of columnsBefore.values()) expect(c.sc).toBeGreaterThan(1);

    const out = path.join(t.dir, 'rolled.xlsx');
    const r = await runMain('rollback', transferId, '--target', t.url, '--log', logFile, '--workbook', submitted, '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^deleted \d+, restored 0\nresults: .*rolled\.xlsx\n$/);
    const log = await readLog(logFile);
    expect(log.status).toBe('rolledBack');

    const wb = await readBook(out);
    // The partner's sheets and no other: nothing named like the standard's sheets was added.
    expect(wb.worksheets.map((w) => w.name)).toEqual(before.worksheets.map((w) => w.name));
    for (const std of Object.keys(PARTNER_SHEETS)) expect(wb.getWorksheet(std)).toBeUndefined();
    let rows = 0;
    for (const e of log.entities) {
      const ws = wb.getWorksheet(PARTNER_SHEETS[e.sheet]!)!;
      // The same two columns, found by their headers on the partner's header row: none added after them.
      const cols = resultColumns(ws);
      expect([ws.name, cols]).toEqual([ws.name, columnsBefore.get(ws.name)]);
      expect(ws.getRow(1).getCell(cols.sc).value).toBeNull();
      for (const rec of e.records) {
        expect(rec.row).toBeGreaterThan(HEADER_ROW);
        const row = ws.getRow(rec.row);
        expect([rec.externalId, row.getCell(cols.sc).value, row.getCell(cols.ic).value ?? null]).toEqual([rec.externalId, 'rolled back (deleted)', null]);
        // The partner's own cells on the row are left as they were.
        expect(row.getCell(1).value).toBe('checked');
        rows++;
      }
    }
    expect(rows).toBeGreaterThan(5);
    expect(logSheetRows(wb)).toEqual([`${transferId} done`, `${transferId} rolledBack`]);
    expect(wb.getWorksheet('_ctms_transfers')!.state).toBe('hidden');

    // Only the sent sheets, the log sheet and the styles may change; the workbook's list of parts does not.
    const { changed, lost } = await zipChanges(submitted, out);
    expect(lost).toEqual([]);
    for (const n of changed) expect(n).toMatch(/^(xl\/worksheets\/sheet\d+\.xml|xl\/styles\.xml)$/);
    expect(changed.length).toBeGreaterThan(0);
    // (styles.xml may move: it is written after the last sheet edited, once the sheets' formats are known.)
    const parts = [...(await storedEntries(out)).keys()].sort();
    expect(parts).toEqual([...(await storedEntries(submitted)).keys()].sort());
    expect(parts).toEqual(expect.arrayContaining(['xl/charts/chart1.xml', 'xl/pivotTables/pivotTable1.xml', 'xl/pivotCache/pivotCacheRecords1.xml', 'xl/drawings/drawing1.xml']));
    expect(wb.definedNames.getRanges('SiteTotals').ranges).toEqual(['Summary!$A$1:$B$3']);
    expect(wb.getWorksheet('Summary')!.getCell('B2').dataValidation?.type).toBe('whole');
  });

  test('--in-order over two transfers of the same rows: the oldest writes last, and each log gets its row in the log sheet', async () => {
    const t = target();
    const file = await partnerFile(t.dir);
    const first = await runMain('submit', file, '--target', t.url, '--out', path.join(t.dir, 'first.xlsx'));
    expect(first.code).toBe(0);
    const firstLog = first.out.match(/^log: (.+)$/m)![1]!;
    const second = await runMain('submit', file, '--target', t.url, '--out', path.join(t.dir, 'second.xlsx'));
    expect(second.code).toBe(0);
    const secondLog = second.out.match(/^log: (.+)$/m)![1]!;
    const t1 = JSON.parse(await fsp.readFile(firstLog, 'utf8')) as TransferLog;
    const t2 = JSON.parse(await fsp.readFile(secondLog, 'utf8')) as TransferLog;

    const out = path.join(t.dir, 'both.xlsx');
    const r = await runMain('rollback', t1.transferId, '--target', t.url, '--log', firstLog, '--in-order', '--workbook', path.join(t.dir, 'second.xlsx'), '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const wb = await readBook(out);
    // The second transfer restored what the first created; the first then deleted it: that is how the rows stand.
    const sites = wb.getWorksheet(PARTNER_SHEETS.Sites!)!;
    const cols = resultColumns(sites);
    const siteRows = t1.entities.find((e) => e.sheet === 'Sites')!.records.map((x) => x.row);
    expect(siteRows.length).toBeGreaterThan(0);
    for (const n of siteRows) expect([n, sites.getRow(n).getCell(cols.sc).value]).toEqual([n, 'rolled back (deleted)']);
    expect(logSheetRows(wb)).toEqual([`${t2.transferId} done`, `${t2.transferId} rolledBack`, `${t1.transferId} rolledBack`]);
    expect(wb.getWorksheet('Sites')).toBeUndefined();
  });

  test('--mapping, as given to submit, says where the sheets are; without --workbook it is refused in one line', async () => {
    const t = target();
    const file = await partnerFile(t.dir);
    const profile = path.join(t.dir, 'acme.json');
    expect((await runMain('map', file, '--out', profile)).err).toBe('');
    const sent = await runMain('submit', file, '--target', t.url, '--mapping', profile, '--out', path.join(t.dir, 'mapped.xlsx'));
    expect(sent.code).toBe(0);
    const logFile = sent.out.match(/^log: (.+)$/m)![1]!;
    const { transferId } = await readLog(logFile);

    const alone = await runMain('rollback', transferId, '--target', t.url, '--log', logFile, '--mapping', profile);
    expect(alone.code).toBe(2);
    expect(oneLine(alone)).toBe('ctms-collect: --mapping says where the sheets of the workbook given with --workbook are; add --workbook');

    const out = path.join(t.dir, 'mapped.rolled-back.xlsx');
    const r = await runMain('rollback', transferId, '--target', t.url, '--log', logFile, '--workbook', path.join(t.dir, 'mapped.xlsx'), '--mapping', profile);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^deleted \d+, restored 0\nresults: .*mapped\.rolled-back\.xlsx\n$/);
    const wb = await readBook(out);
    const trials = wb.getWorksheet(PARTNER_SHEETS.Studies!)!;
    const cols = resultColumns(trials);
    const rows = (await readLog(logFile)).entities.find((e) => e.sheet === 'Studies')!.records.map((x) => x.row);
    expect(rows.length).toBeGreaterThan(0);
    for (const n of rows) expect([n, trials.getRow(n).getCell(cols.sc).value]).toEqual([n, 'rolled back (deleted)']);
    expect(wb.getWorksheet('Studies')).toBeUndefined();
  });
});
