import os from 'node:os';
import path from 'node:path';
import { promises as fs, existsSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { runMain } from '../../testing/builders/cli-main';
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { AuditTrail, decisionEntry, AUDIT_SHEET } from '../../src/core/audit';
import type { TransferLog } from '../../src/core/transfer/log';
import { kpiWorkbook } from './fixture';

/** The CLI in this process through main(), as a user runs it. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runMain(...args);
  return { code: r.code, stdout: r.out, stderr: r.err };
}

function wellFormed(xml: string): void {
  const p = new SaxesParser({ xmlns: true });
  p.on('error', (e) => { throw e; });
  p.write(xml).close();
}

let dir: string;
let input: string;
let logFile: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ctms-report-'));
  input = path.join(dir, 'partner.xlsx');
  const wb = new ExcelJS.Workbook();
  for (const s of kpiWorkbook().sheets) {
    const ws = wb.addWorksheet(s.name);
    ws.addRow(s.headers);
    for (const r of s.rows) ws.addRow(r);
  }
  const trail = new AuditTrail({ who: 'Ann Steward', now: () => new Date('2024-06-30T10:00:00Z') });
  trail.append({ kind: 'transformation', sheet: 'Sites', row: 3, cell: 'F3', before: 'USA', after: 'US', ruleId: 'T-COUNTRY' });
  trail.append(decisionEntry({ kind: 'mapping', ruleId: 'T-FSFV', what: 'FSFV Date', decision: 'loaded as is; marked for review' }));
  trail.append(decisionEntry({ kind: 'override', sheet: 'Organizations', row: 3, cell: 'C3', ruleId: 'picklist', note: 'agreed', who: 'Bob Lead' }));
  const { headers, rows } = trail.toRows();
  const audit = wb.addWorksheet(AUDIT_SHEET, { state: 'hidden' });
  audit.addRow(headers);
  for (const r of rows) audit.addRow(r);
  await wb.xlsx.writeFile(input);

  const log: TransferLog = {
    transferId: 'T20240630T100000Z-abcdef', who: 'Ann Steward', startedAt: '2024-06-30T10:00:00.000Z', finishedAt: '2024-06-30T10:01:00.000Z',
    target: 'http://localhost:8787', standard: { id: 'ctms-standard-v1', version: '1.0.0' }, status: 'done', batches: [], rollbacks: [],
    entities: [{ entity: 'site', sheet: 'Sites', object: 'site__v', heldBack: [], records: [
      { sheet: 'Sites', row: 3, externalId: 'ABC-123-002', request: {}, beforeImage: null, imaged: true, result: { ok: true, id: 'V1', event: 'created', attempts: 1 } },
    ] }],
  };
  logFile = path.join(dir, 'partner.transfer.json');
  await fs.writeFile(logFile, JSON.stringify(log));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('ctms-collect report', () => {
  it('writes the dashboard workbook: KPI table, native chart parts, Mapping Spec and Audit sheets', async () => {
    const out = path.join(dir, 'dashboard.xlsx');
    const html = path.join(dir, 'dashboard.html');
    const r = await cli(['report', input, '--out', out, '--html', html, '--log', logFile]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // The picklist error is overridden in the audit trail: 3 errors, 4 failing cells of 96 → 95.8%; 300/96 = 3.125.
    expect(r.stdout).toContain('accuracy 95.8% of cells, 80.0% of records; 3.13 errors per 100 cells; 10 records');
    expect(r.stdout).toContain('hash chain intact');

    const zip = await JSZip.loadAsync(await fs.readFile(out));
    const names = Object.keys(zip.files);
    expect(names).toEqual(expect.arrayContaining(['xl/drawings/drawing1.xml', 'xl/drawings/_rels/drawing1.xml.rels', 'xl/worksheets/_rels/sheet1.xml.rels',
      'xl/charts/chart1.xml', 'xl/charts/chart2.xml', 'xl/charts/chart3.xml', 'xl/charts/chart4.xml']));
    const text = (p: string) => zip.file(p)!.async('string');
    const types = await text('[Content_Types].xml');
    for (const n of [1, 2, 3, 4]) expect(types).toContain(`<Override PartName="/xl/charts/chart${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`);
    expect(types).toContain('PartName="/xl/drawings/drawing1.xml"');
    const sheet = await text('xl/worksheets/sheet1.xml');
    expect(sheet).toMatch(/<drawing r:id="rIdDr1"\/><\/worksheet>$|<drawing r:id="rIdDr1"\/>/);
    expect(await text('xl/worksheets/_rels/sheet1.xml.rels')).toContain('Target="../drawings/drawing1.xml"');
    const drawing = await text('xl/drawings/drawing1.xml');
    expect(drawing.match(/<xdr:twoCellAnchor/g)).toHaveLength(4);
    expect(drawing).toContain('descr="Pareto chart of 3 errors by rule family');
    const rels = await text('xl/drawings/_rels/drawing1.xml.rels');
    for (const n of [1, 2, 3, 4]) expect(rels).toContain(`Target="../charts/chart${n}.xml"`);
    const pareto = await text('xl/charts/chart1.xml');
    expect(pareto).toContain('<c:barChart><c:barDir val="col"/>');
    expect(pareto).toContain('<c:lineChart>');
    expect(pareto).toMatch(/<c:f>'Dashboard'!\$A\$\d+:\$A\$\d+<\/c:f>/);
    expect(pareto).toContain('<c:v>Business rule</c:v>');
    const progress = await text('xl/charts/chart2.xml');
    expect(progress).toContain('<c:barDir val="col"/>');
    expect(progress).toContain('<c:v>ABC-123-002</c:v>');
    expect(await text('xl/charts/chart3.xml')).toContain('<c:barDir val="bar"/>');
    for (const p of ['xl/charts/chart1.xml', 'xl/charts/chart2.xml', 'xl/charts/chart3.xml', 'xl/charts/chart4.xml', 'xl/drawings/drawing1.xml', 'xl/worksheets/sheet1.xml', '[Content_Types].xml', 'xl/worksheets/_rels/sheet1.xml.rels']) {
      wellFormed(await text(p));
    }

    // The file still opens as a workbook, with the sheets and the figures.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Dashboard', 'Mapping Spec', 'Audit']);
    const dash = wb.getWorksheet('Dashboard')!;
    const cells: string[] = [];
    dash.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    expect(cells).toEqual(expect.arrayContaining(['Key performance indicators', 'Data accuracy (cells)', '95.8%', '≥ 98%', 'missed', 'QC error rate (per 100 cells)', '3.13', 'Chart data']));
    // The pareto chart's data block: header row, then the families with counts.
    const dataHead = cells.indexOf('Errors by rule family (Pareto)');
    expect(cells.slice(dataHead, dataHead + 4)).toEqual(['Errors by rule family (Pareto)', 'Errors', 'Cumulative share', '80% cut']);
    const spec: string[] = [];
    wb.getWorksheet('Mapping Spec')!.eachRow((row) => spec.push((row.values as unknown[]).slice(1).join(' | ')));
    expect(spec.join('\n')).toContain('T-COUNTRY');
    expect(spec.join('\n')).toContain('T-FSFV: FSFV Date | loaded as is; marked for review | Ann Steward');
    expect(spec.join('\n')).toContain('Organizations!C3 flagged picklist | accepted as is: agreed | Bob Lead');
    const audit = wb.getWorksheet('Audit')!;
    expect(audit.getRow(1).getCell(1).value).toBe('Seq');
    expect(audit.getRow(4).getCell(3).value).toBe('Bob Lead');

    // The HTML: the same figures, inline SVG charts with text alternatives, real table headers, nothing external.
    const page = await fs.readFile(html, 'utf8');
    expect(page).toContain('95.8%');
    expect(page).toContain('3.13');
    expect(page.match(/<svg /g)).toHaveLength(4);
    expect(page).toContain('role="img" aria-labelledby="chart-pareto-families-t chart-pareto-families-d"');
    expect(page).toContain('<desc id="chart-pareto-families-d">Pareto chart of 3 errors');
    expect(page).toContain('<th scope="col">KPI</th>');
    expect(page).toContain('<th scope="row">Data accuracy (cells)</th>');
    expect(page).toContain('<html lang="en">');
    expect(page).not.toMatch(/\b(src|href)=|<script|<link|url\(|@import/i);
    expect(page.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//);
    // The transfer log counts: site 002's Sites row was sent.
    expect(page).toContain('<th scope="row">Transferred (records)</th><td>1</td>');
  });

  it('exits 2 with one line and no output for unusable input', async () => {
    const out = path.join(dir, 'none.xlsx');
    const missing = await cli(['report', path.join(dir, 'nope.xlsx'), '--out', out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^ctms-collect: File not found: .*nope\.xlsx\n$/);
    expect(existsSync(out)).toBe(false);

    expect((await cli(['report', input])).stderr).toMatch(/Nothing to write/);
    expect((await cli(['report', input, '--out', path.join(dir, 'x.csv')])).code).toBe(2);
    expect((await cli(['report', input, '--out', path.join(dir, 'no-such-dir', 'x.xlsx')])).code).toBe(2);
    const badLog = path.join(dir, 'bad.json');
    await fs.writeFile(badLog, '{"hello":1}');
    const r = await cli(['report', input, '--out', out, '--log', badLog]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a transfer log');
    expect(existsSync(out)).toBe(false);
    const notXlsx = path.join(dir, 'text.xlsx');
    await fs.writeFile(notXlsx, 'not a workbook');
    expect((await cli(['report', notXlsx, '--html', path.join(dir, 'y.html')])).code).toBe(2);
    expect(existsSync(path.join(dir, 'y.html'))).toBe(false);
  });

  it('reports a tampered audit trail on the dashboard', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(input);
    wb.getWorksheet(AUDIT_SHEET)!.getRow(2).getCell(9).value = 'GB'; // After of entry 1
    const tampered = path.join(dir, 'tampered.xlsx');
    await wb.xlsx.writeFile(tampered);
    const html = path.join(dir, 'tampered.html');
    const r = await cli(['report', tampered, '--html', html]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('CHAIN BROKEN: entry 1 was changed after it was recorded');
    expect(await fs.readFile(html, 'utf8')).toContain('CHAIN BROKEN');
  });
});
