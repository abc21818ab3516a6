/**
 * Issue 15 item 2: --annotate, --fix and submit's copy change only the parts they must.
 * Every other part of a partner's workbook — a chart, a pivot table with its cache,
 * defined names, conditional formats and data validation on another sheet — comes out
 * byte for byte as it went in (the compressed bytes too), and the changed parts parse.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type ExcelJS from 'exceljs';
import { readXlsx, tmpDir, xlsxOf } from '../../testing/builders/cli';
import { runMain } from '../../testing/builders/cli-main';
import { clean } from '../../testing/builders/wb';
import { richWorkbook } from '../../testing/builders/rich-xlsx';
import { storedEntries as stored, zipChanges } from '../../testing/builders/zip-parts';
import { resultsPatch } from '../../src/cli/xlsx-patch/results';
import { writePatchedWorkbook } from '../../src/cli/xlsx-patch/writer';
import type { TransferLog } from '../../src/core/transfer/log';
import { MARK_COLORS } from '../../src/core/verify/messages';

const t = tmpDir();
const at = (f: string) => path.join(t.dir, f);
afterAll(() => t.cleanup());

/** Names whose bytes differ between the input and the output (and names only in the output); the copy loses none. */
async function changedParts(input: string, output: string): Promise<string[]> {
  const { changed, lost } = await zipChanges(input, output);
  expect(lost).toEqual([]);
  return changed;
}

async function xmlPartsParse(file: string): Promise<void> {
  const zip = await JSZip.loadAsync(await fsp.readFile(file));
  for (const name of Object.keys(zip.files)) {
    if (!/\.(xml|rels|vml)$/.test(name)) continue;
    const text = await zip.file(name)!.async('string');
    // Well-formed enough for a strict reader: one root, every start tag closed.
    expect(text).toMatch(/^(<\?xml[^>]*\?>\s*)?<[A-Za-z]/);
  }
}

const argb = (c: ExcelJS.Cell) => (c.fill && c.fill.type === 'pattern' ? c.fill.fgColor?.argb : undefined);
const noteText = (c: ExcelJS.Cell): string | undefined => {
  const n = c.note as string | ExcelJS.Comment | undefined;
  return n === undefined ? undefined : typeof n === 'string' ? n : (n.texts ?? []).map((x) => x.text).join('');
};

let input = '';
beforeAll(async () => {
  const s = clean();
  s['Site Staff']![0]!.Role = 'PI';
  s.Sites![0]!['LSLV Date'] = 'March 4, 2023';
  s.Sites![0]!['Subjects Completed'] = 35;
  s.Sites![0]!['Subjects Screened'] = 30;
  input = at('rich.xlsx');
  await fsp.writeFile(input, await richWorkbook(xlsxOf(s as never)));
});

test('--annotate and --fix leave the chart, pivot table, names, formats and validation parts byte for byte', async () => {
  const r = await runMain('validate', input, '--annotate', at('a.xlsx'), '--fix', at('f.xlsx'), '--quiet');
  expect(r.err).toBe('');
  expect(r.code).toBe(1);

  const annotatedChanges = await changedParts(input, at('a.xlsx'));
  // Only the flagged sheets, the styles, and the notes' parts (and the lists that name them).
  for (const n of annotatedChanges) expect(n).toMatch(/^(xl\/worksheets\/(sheet\d+\.xml|_rels\/sheet\d+\.xml\.rels)|xl\/styles\.xml|xl\/comments\d+\.xml|xl\/drawings\/vmlDrawing\d+\.vml|\[Content_Types\]\.xml)$/);
  expect(annotatedChanges).toEqual(expect.arrayContaining(['xl/styles.xml', '[Content_Types].xml']));
  const fixedChanges = await changedParts(input, at('f.xlsx'));
  for (const n of fixedChanges) expect(n).toMatch(/^(xl\/worksheets\/sheet\d+\.xml|xl\/styles\.xml)$/);
  for (const f of [at('a.xlsx'), at('f.xlsx')]) {
    const names = [...(await stored(f)).keys()];
    expect(names).toEqual(expect.arrayContaining(['xl/charts/chart1.xml', 'xl/pivotTables/pivotTable1.xml', 'xl/pivotCache/pivotCacheRecords1.xml', 'xl/drawings/drawing1.xml']));
    await xmlPartsParse(f);
  }

  const a = await readXlsx(at('a.xlsx'));
  const d2 = a.getWorksheet('Site Staff')!.getCell('D2');
  expect(d2.value).toBe('PI');
  expect(argb(d2)).toBe(`FF${MARK_COLORS.proposal.slice(1)}`);
  expect(noteText(d2)).toMatch(/PI → Principal Investigator/);
  expect(argb(a.getWorksheet('Sites')!.getCell('L2'))).toBe(`FF${MARK_COLORS.error.slice(1)}`);
  expect(a.definedNames.getRanges('SiteTotals').ranges).toEqual(['Summary!$A$1:$B$3']);
  const f = await readXlsx(at('f.xlsx'));
  expect(f.getWorksheet('Site Staff')!.getCell('D2').value).toBe('Principal Investigator');
  expect(f.getWorksheet('Sites')!.getCell('I2').value).toEqual(new Date(Date.UTC(2023, 2, 4)));
  expect(f.getWorksheet('Sites')!.getCell('I2').numFmt).toBe('yyyy-mm-dd');
  expect(argb(f.getWorksheet('Site Staff')!.getCell('D2'))).toBeUndefined();
  expect(f.getWorksheet('Summary')!.getCell('B2').dataValidation?.type).toBe('whole');
});

test("submit's copy adds the result columns and the log sheet, and leaves every other part as it was", async () => {
  const log = {
    transferId: 'T-1', status: 'completed', startedAt: '2026-01-01T00:00:00Z',
    entities: [{ sheet: 'Sites', heldBack: [], records: [{ sheet: 'Sites', row: 2, result: { ok: true, id: '007' } }] }],
  } as unknown as TransferLog;
  await writePatchedWorkbook(input, at('s.xlsx'), await resultsPatch(input, log));
  const changes = await changedParts(input, at('s.xlsx'));
  for (const n of changes) expect(n).toMatch(/^(xl\/worksheets\/sheet\d+\.xml|xl\/styles\.xml|xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|\[Content_Types\]\.xml)$/);
  await xmlPartsParse(at('s.xlsx'));
  const s = await readXlsx(at('s.xlsx'));
  const ws = s.getWorksheet('Sites')!;
  const header = ws.getRow(1).values as unknown[];
  const sc = header.indexOf('CTMS Status');
  const ic = header.indexOf('CTMS Target ID');
  expect(sc).toBeGreaterThan(0);
  expect(ic).toBe(sc + 1);
  expect(ws.getCell(2, sc).value).toBe('sent');
  // Text stays text: a target id with a leading zero is neither a number nor reformatted.
  expect(ws.getCell(2, ic).value).toBe('007');
  expect(ws.getCell(2, ic).numFmt).toBe('@');
  const logSheet = s.getWorksheet('_ctms_transfers')!;
  expect(logSheet.state).toBe('hidden');
  expect(logSheet.getCell('A2').value).toBe('T-1');
  expect(s.getWorksheet('Summary')!.getCell('A2').value).toBe('US');
});
