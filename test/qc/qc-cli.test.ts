import os from 'node:os';
import path from 'node:path';
import { promises as fs, existsSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { runMain } from '../../testing/builders/cli-main';
import { QC_HEADERS, ISSUE_HEADERS } from '../../src/core/qc';
import type { TransferLog } from '../../src/core/transfer/log';

/** The CLI in this process through main(), as a user runs it. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runMain(...args);
  return { code: r.code, stdout: r.out, stderr: r.err };
}

let dir: string;
let input: string;
let logFile: string;
const p = (f: string) => path.join(dir, f);

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ctms-qc-'));
  input = p('partner.xlsx');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Site Staff');
  ws.addRow(['Study Number', 'Site Number', 'Email', 'Role', 'Start Date', 'End Date']);
  for (let i = 0; i < 60; i++) ws.addRow([i < 30 ? 'S1' : 'S2', '001', `p${i}@x.org`, 'Study Coordinator', new Date(Date.UTC(2023, 0, (i % 28) + 1)), null]);
  await wb.xlsx.writeFile(input);
  const log = {
    transferId: 'T20240701T100000Z-abc123', who: 'dev', startedAt: '2024-07-01T10:00:00.000Z', target: 'http://127.0.0.1:8787',
    standard: { id: 'ctms-standard-v1', version: '1.0.0' }, status: 'done', batches: [], rollbacks: [],
    entities: [{ entity: 'site_staff', sheet: 'Site Staff', object: 'study_person__clin', heldBack: [], records: [
      ...Array.from({ length: 60 }, (_, i) => ({ sheet: 'Site Staff', row: i + 2, externalId: `X-${i}`, request: { team_role__v: 'Study Coordinator', start_date__clin: `2023-01-${String((i % 28) + 1).padStart(2, '0')}` }, beforeImage: null, imaged: true, result: { ok: true, id: `V${i}`, attempts: 1 } })),
      { sheet: 'Site Staff', row: 70, externalId: 'X-bad', request: {}, beforeImage: null, imaged: true, result: { ok: false, error: 'INVALID_DATA', attempts: 1 } },
    ] }],
  } as unknown as TransferLog;
  logFile = p('partner.transfer.json');
  await fs.writeFile(logFile, JSON.stringify(log));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function qcRows(file: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: string[][] = [];
  wb.getWorksheet('QC')!.eachRow((r) => out.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return out;
}

describe('qc', () => {
  it('writes the QC workbook: sheet per sampled field, lists, protection, issues, checklist and plan', async () => {
    const r = await cli(['qc', input, '--log', logFile, '--out', p('qc.xlsx'), '--aql', '1.0', '--seed', '2024', '--stratify', '--fields', 'critical', '--instructions', p('qc.md')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('lot of 60 records sent by transfer T20240701T100000Z-abc123; AQL 1.0, code letter E: 13 of 60 records, accept with at most 0 nonconforming, reject at 1; seed 2024');
    expect(r.stdout).toContain('39 fields to check on 13 records; 1 transfer error in the Issues sheet');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(p('qc.xlsx'));
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([['QC', 'visible'], ['Issues', 'visible'], ['Checklist', 'visible'], ['QC Lists', 'hidden'], ['QC Plan', 'hidden']]);
    const qc = wb.getWorksheet('QC')!;
    expect((qc.getRow(1).values as unknown[]).slice(1)).toEqual(QC_HEADERS);
    expect(qc.rowCount).toBe(40);
    const verdictCol = QC_HEADERS.indexOf('Verdict') + 1;
    const v = qc.getCell(2, verdictCol);
    expect(v.dataValidation).toMatchObject({ type: 'list', formulae: ["'QC Lists'!$A$2:$A$3"] });
    expect(qc.getCell(2, QC_HEADERS.indexOf('Cause category') + 1).dataValidation).toMatchObject({ type: 'list' });
    expect(v.protection).toMatchObject({ locked: false });
    expect(qc.getCell(2, QC_HEADERS.indexOf('Source value') + 1).protection?.locked).not.toBe(false);
    const sheetProtection = (qc as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection;
    // Structure locked: ExcelJS reads a permission back as true only when the protection allows it.
    expect(sheetProtection.sheet).toBe(true);
    for (const k of ['insertRows', 'deleteRows', 'insertColumns', 'deleteColumns']) expect(sheetProtection[k]).not.toBe(true);
    expect(sheetProtection.autoFilter).toBe(true);
    // Target values come from the transfer log.
    expect(qc.getCell(2, QC_HEADERS.indexOf('Target value') + 1).value).toMatch(/Study Coordinator|2023-01-\d\d|^$/);
    const issues = wb.getWorksheet('Issues')!;
    expect((issues.getRow(1).values as unknown[]).slice(1)).toEqual(ISSUE_HEADERS);
    expect(issues.getCell(2, 1).value).toBe('TR-T20240701T100000Z-abc123-Site Staff-70');
    const plan = JSON.parse(String(wb.getWorksheet('QC Plan')!.getCell('A2').value));
    expect(plan).toMatchObject({ method: 'iso2859', aql: '1.0', codeLetter: 'E', sampleSize: 13, acceptance: 0, rejection: 1, seed: 2024, stratified: true, scope: 'critical' });
    const md = await fs.readFile(p('qc.md'), 'utf8');
    expect(md).toContain('| Random draw | seed 2024; xoroshiro128+');
    expect(md).toContain('| Site Staff | Role | study_person__clin.team_role__v | yes | yes |');
  });

  it('draws the same records again from the same seed', async () => {
    await cli(['qc', input, '--log', logFile, '--out', p('qc-again.xlsx'), '--seed', '2024', '--stratify', '--fields', 'critical']);
    expect(await qcRows(p('qc-again.xlsx'))).toEqual(await qcRows(p('qc.xlsx')));
    await cli(['qc', input, '--log', logFile, '--out', p('qc-other.xlsx'), '--seed', '7', '--stratify', '--fields', 'critical']);
    expect(await qcRows(p('qc-other.xlsx'))).not.toEqual(await qcRows(p('qc.xlsx')));
  });

  it('a fixed percentage without a log samples the workbook itself', async () => {
    const r = await cli(['qc', input, '--out', p('qc-pct.xlsx'), '--percent', '10', '--seed', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('lot of 60 records; 10% of 60 records → 6; seed 1');
    // 6 records × 6 fields of Site Staff.
    expect((await qcRows(p('qc-pct.xlsx'))).length).toBe(37);
  });

  it.each([
    [['--aql', '0.7'], 'AQL 0.7 is not a column of ISO 2859-1 Table 2-A'],
    [['--aql', '1.0', '--percent', '5'], 'Give either --aql or --percent, not both'],
    [['--percent', '0'], '--percent must be a number above 0 and at most 100'],
    [['--seed', 'abc'], '--seed must be a whole number'],
    [['--target', 'http://127.0.0.1:1'], '--target needs --log'],
  ])('refuses %j with one clear line and writes nothing', async (extra, message) => {
    const out = p(`bad-${Math.abs(extra.join('').length)}.xlsx`);
    const r = await cli(['qc', input, '--out', out, ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });
});

describe('qc-report', () => {
  async function fill(from: string, to: string, edit: (ws: ExcelJS.Worksheet, col: (h: string) => number) => void): Promise<void> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(from);
    const ws = wb.getWorksheet('QC')!;
    edit(ws, (h) => QC_HEADERS.indexOf(h) + 1);
    await wb.xlsx.writeFile(to);
  }

  it('reads the reviewers\' findings and reports the KPIs (hand-computed)', async () => {
    await fill(p('qc.xlsx'), p('qc-filled.xlsx'), (ws, col) => {
      for (let r = 2; r <= 40; r++) {
        ws.getCell(r, col('Verdict')).value = 'Pass';
        ws.getCell(r, col('Reviewer')).value = 'Rita';
        ws.getCell(r, col('Date')).value = new Date(Date.UTC(2024, 6, 2));
      }
      // Two failures on the first sampled record (rows 2 and 3 of the QC sheet), one on the second (row 5).
      for (const [r, cause] of [[2, 'Mapping rule wrong'], [3, 'Mapping rule wrong'], [5, 'Transformation wrong']] as const) {
        ws.getCell(r, col('Verdict')).value = 'Fail';
        ws.getCell(r, col('Cause category')).value = cause;
      }
    });
    const r = await cli(['qc-report', p('qc-filled.xlsx'), '--json', p('qc-kpis.json'), '--out', p('qc-updated.xlsx')]);
    expect(r.stderr).toBe('');
    // 2 nonconforming records ≥ Re 1: lot rejected → exit 1.
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('QC error rate (manual review): 7.69% — 3 failed of 39 fields checked; goal below 0.50%: missed');
    expect(r.stdout).toContain('Lot rejected: 2 nonconforming of 13 records (13 fully reviewed); accept at 0 or fewer, reject at 1');
    expect(r.stdout).toContain('Top causes (80%): Mapping rule wrong 2, Transformation wrong 1');
    const json = JSON.parse(await fs.readFile(p('qc-kpis.json'), 'utf8'));
    expect(json.kpis.overall).toMatchObject({ checked: 39, failed: 3 });
    expect(json.kpis.lot).toMatchObject({ nonconforming: 2, decision: 'rejected' });
    expect(json.tracker.items.map((i: { source: string }) => i.source)).toEqual(['QC', 'QC', 'QC', 'Transfer']);
    expect(json.plan.seed).toBe(2024);
    // The updated copy lists the QC failures in its Issues sheet, for owners to close.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(p('qc-updated.xlsx'));
    expect(wb.getWorksheet('Issues')!.getCell(2, 1).value).toBe('QC-0001');
    expect(wb.getWorksheet('Issues')!.getCell(5, 1).value).toBe('TR-T20240701T100000Z-abc123-Site Staff-70');
  });

  it('report --qc adds the manual QC figures beside the validation figures (HTML, JSON and the Dashboard sheet)', async () => {
    const r = await cli(['report', input, '--qc', p('qc-filled.xlsx'), '--html', p('dash.html'), '--json', p('dash.json'), '--out', p('dash.xlsx')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('QC error rate (manual review): 7.69%');
    const html = await fs.readFile(p('dash.html'), 'utf8');
    expect(html).toContain('QC error rate (errors per 100 cells)');
    expect(html).toContain('Manual QC error rate (failed ÷ checked fields)');
    expect(html).toContain('7.69%');
    expect(html).toContain('Rejected');
    expect(html).toContain('Manual QC failures by cause (Pareto)');
    const json = JSON.parse(await fs.readFile(p('dash.json'), 'utf8'));
    expect(json.validation.volume.records).toBe(60);
    expect(json.manualQc.kpis.overall).toMatchObject({ checked: 39, failed: 3 });
    expect(json.manualQc.kpis.causes.map((c: { key: string }) => c.key)).toEqual(['Mapping rule wrong', 'Transformation wrong']);
    expect(json.manualQc.plan).toMatchObject({ codeLetter: 'E', seed: 2024 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(p('dash.xlsx'));
    const texts: string[] = [];
    wb.getWorksheet('Dashboard')!.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
    expect(texts).toContain('Manual QC (source data verification)');
    expect(texts).toContain('Manual QC: top causes (Pareto)');
  });

  it('report without --qc has no manual QC figures', async () => {
    const r = await cli(['report', input, '--json', p('dash-plain.json')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(await fs.readFile(p('dash-plain.json'), 'utf8')).manualQc).toBeNull();
  });

  it('refuses a QC sheet edited out of shape, naming the cells', async () => {
    await fill(p('qc.xlsx'), p('qc-bad.xlsx'), (ws, col) => {
      ws.getCell(2, col('Verdict')).value = 'Passed';
      ws.getCell(3, col('Cause category')).value = 'Gremlins';
    });
    const r = await cli(['qc-report', p('qc-bad.xlsx'), '--json', p('bad.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('qc-bad.xlsx is not a usable QC workbook: QC!N2: verdict "Passed" is not one of Pass, Fail; QC!R3: cause "Gremlins" is not in the list');
    expect(existsSync(p('bad.json'))).toBe(false);
  });

  it('refuses a workbook that is not a QC workbook', async () => {
    const r = await cli(['qc-report', input]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('partner.xlsx has no readable sampling plan');
  });
});
