/**
 * `map --save COPY.xlsx` writes its copy through the surgical writer: the very
 * hidden `_ctms_mapping` sheet is added (or put in place of the one stored
 * before) and every other part of the partner's workbook — its sheets, a chart,
 * a pivot table, a defined name, conditional formats and validation — comes
 * out byte for byte as it went in. The command line reads the profile back
 * from the copy and ExcelJS sees the sheet as very hidden.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { MAPPING_SHEET } from '../../src/core/mapping';
import { runMain } from '../../testing/builders/cli-main';
import { tmpDir } from '../../testing/builders/cli';
import { clean } from '../../testing/builders/wb';
import { partnerShaped } from '../../testing/builders/partner';
import { richWorkbook } from '../../testing/builders/rich-xlsx';
import { zipChanges } from '../../testing/builders/zip-parts';


const t = tmpDir();
const at = (f: string) => path.join(t.dir, f);
afterAll(() => t.cleanup());

async function readBook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** Column A of the mapping sheet, joined: the profile's JSON. */
function storedJson(wb: ExcelJS.Workbook): string {
  const ws = wb.getWorksheet(MAPPING_SHEET)!;
  const pieces: string[] = [];
  ws.eachRow((row) => { pieces.push(String(row.getCell(1).value ?? '')); });
  return pieces.join('');
}

test('the profile sheet is added very hidden; only the lists that name it change, every other part is byte for byte the same', async () => {
  const partner = at('partner.xlsx');
  await fsp.writeFile(partner, await richWorkbook(partnerShaped(clean())));
  const saved = at('saved.xlsx');
  const m = await runMain('map', partner, '--out', at('p.json'), '--save', saved);
  expect(m.err).toBe('');
  expect(m.out).toMatch(/profile stored in .*saved\.xlsx \(sheet _ctms_mapping, very hidden\)/);

  const { changed, lost } = await zipChanges(partner, saved);
  expect(lost).toEqual([]);
  const added = changed.filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
  // One new sheet part; the workbook, its relationships and the content types name it; nothing else changes.
  expect(added).toHaveLength(1);
  expect(changed.filter((n) => !added.includes(n))).toEqual(['[Content_Types].xml', 'xl/_rels/workbook.xml.rels', 'xl/workbook.xml']);

  const wb = await readBook(saved);
  const before = await readBook(partner);
  expect(wb.worksheets.map((w) => w.name)).toEqual([...before.worksheets.map((w) => w.name), MAPPING_SHEET]);
  expect(wb.getWorksheet(MAPPING_SHEET)!.state).toBe('veryHidden');
  const profile = JSON.parse(storedJson(wb)) as { format: string; sheets: { source: string; headerRow: number }[] };
  expect(profile.format).toBe('ctms-collect-mapping');
  expect(profile.sheets.find((s) => s.source === 'Centres')).toMatchObject({ headerRow: 2 });
  expect(wb.definedNames.getRanges('SiteTotals').ranges).toEqual(['Summary!$A$1:$B$3']);

  // The command line reads it back from the copy.
  const v = await runMain('validate', saved, '--json', at('v.json'));
  expect(v.err).toBe('');
  expect(v.out).toMatch(/mapping: the profile stored in the workbook applied/);
});

test('a profile sheet already in the workbook is replaced in its place: same position, very hidden, the new profile; other parts as they were', async () => {
  // What a fresh map stores for this layout.
  const partner = at('partner2.xlsx');
  await fsp.writeFile(partner, await richWorkbook(partnerShaped(clean())));
  expect((await runMain('map', partner, '--out', at('p2.json'), '--save', at('fresh.xlsx'))).err).toBe('');
  const fresh = storedJson(await readBook(at('fresh.xlsx')));

  // The same profile stored before in another hand (indented JSON) in a merely hidden sheet, before the Summary sheet.
  const book = partnerShaped(clean());
  const old = book.addWorksheet(MAPPING_SHEET, { state: 'hidden' });
  const oldJson = await fsp.readFile(at('p2.json'), 'utf8');
  expect(oldJson).not.toBe(fresh);
  old.getCell('A1').value = oldJson;
  const stored = at('stored.xlsx');
  await fsp.writeFile(stored, await richWorkbook(book));

  const again = at('again.xlsx');
  const m = await runMain('map', stored, '--out', at('p3.json'), '--save', again);
  expect(m.err).toBe('');
  const names = (await readBook(stored)).worksheets.map((w) => w.name);
  expect(names.indexOf(MAPPING_SHEET)).toBeLessThan(names.indexOf('Summary'));
  const wb = await readBook(again);
  expect(wb.worksheets.map((w) => w.name)).toEqual(names);
  expect(wb.getWorksheet(MAPPING_SHEET)!.state).toBe('veryHidden');
  expect(storedJson(wb)).toBe(fresh);

  // The sheet's own part and the workbook (its state) change; no part is added or lost.
  const { changed, lost } = await zipChanges(stored, again);
  expect(lost).toEqual([]);
  expect(changed.filter((n) => n !== 'xl/workbook.xml')).toEqual([expect.stringMatching(/^xl\/worksheets\/sheet\d+\.xml$/)]);
  expect(changed).toContain('xl/workbook.xml');
  const v = await runMain('validate', again, '--json', at('v2.json'));
  expect(v.err).toBe('');
  expect(v.out).toMatch(/mapping: the profile stored in the workbook applied/);
});
