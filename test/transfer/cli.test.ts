/**
 * The command line killed mid-transfer (SIGKILL, no chance to clean up) and resumed from its
 * log: every record ends in the target exactly once. The output workbook carries the status and
 * target id columns and the log in a hidden sheet.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { defaultStandard } from '../../src/core/standard/load';
import { LOG_SHEET } from '../../src/cli/xlsx-results';
import { readLog } from '../../src/cli/transfer-log-file';
import { planTransfer, countLog, type TransferLog } from '../../src/core/transfer';
import { MANAGED_HEADERS } from '../../src/core/sheet/headers';
import { wb, TODAY } from '../../testing/builders/wb';
import { writeWorkbook } from '../../testing/builders/xlsx';
import { ctgovWorkbook, startTarget, externalIdCounts, USER, type Target } from './helpers';

const ROOT = path.join(__dirname, '..', '..');
const std = defaultStandard();

interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

function cli(args: string[], onTick?: (kill: () => void) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'ctms-collect.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, CTMS_USER: USER.username, CTMS_PASSWORD: USER.password, CTMS_TARGET_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = onTick ? setInterval(() => onTick(() => child.kill('SIGKILL')), 25) : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => { if (timer) clearInterval(timer); resolve({ code, signal, stdout, stderr }); });
  });
}

/** The log's path (FILE.transfer-ID.json), once the log or its journal (….jsonl, while the transfer runs) is there. */
async function findLog(dir: string): Promise<string | undefined> {
  const f = (await fs.readdir(dir)).find((x) => /\.transfer-T[0-9TZ]+-[0-9a-f]{6}\.jsonl?$/.test(x));
  return f && path.join(dir, f.replace(/l$/, ''));
}

/** As the CLI reads it: from the journal while there is one (a line torn by the kill is ignored), else the readable log. */
async function readJson(file: string): Promise<TransferLog | undefined> {
  try { return await readLog(file); } catch { return undefined; }
}

let t: Target;
afterAll(async () => { await t?.stop(); });

test('submit killed with SIGKILL mid-transfer, then --resume: exactly once, log done, results and log written into the workbook', async () => {
  // Every answer held back 30 ms, so the transfer takes a few seconds and the kill lands mid-way.
  t = await startTarget({ faults: { rate: 1, kinds: ['slow'], delayMs: 30 } });
  const { sheets } = ctgovWorkbook(150);
  const file = path.join(t.dir, 'ctgov.xlsx');
  await writeWorkbook(file, sheets);
  const plan = planTransfer(std, wb(sheets), { today: TODAY, acceptProposals: true });
  const empty = t.server.snapshot();
  const total = plan.entities.reduce((n, e) => n + e.records.length, 0);
  const args = ['submit', file, '--target', t.url, '--accept-proposals', '--batch-size', '25'];

  // 1. Killed once the log shows a few batches.
  let seen = 0;
  let busy = false;
  const killed = await cli(args, (kill) => {
    if (busy) return;
    busy = true;
    void (async () => {
      const f = await findLog(t.dir);
      const log = f ? await readJson(f) : undefined;
      seen = log?.batches.length ?? 0;
      if (seen >= 4) kill();
      busy = false;
    })();
  });
  expect(killed.signal).toBe('SIGKILL');
  const logFile = (await findLog(t.dir))!;
  // Killed mid-way, the log is its journal: the readable log is written only when the transfer ends.
  await expect(fs.access(`${logFile}l`)).resolves.toBeUndefined();
  await expect(fs.access(logFile)).rejects.toThrow();
  const interrupted = (await readJson(logFile))!;
  expect(interrupted.status).toBe('running');
  expect(interrupted.batches.length).toBeGreaterThanOrEqual(4);
  const inTargetAfterKill = plan.entities.reduce((n, e) => n + externalIdCounts(t.server, e.object).size, 0);
  expect(inTargetAfterKill).toBeGreaterThan(0);
  expect(inTargetAfterKill).toBeLessThan(total);
  await expect(fs.access(path.join(t.dir, 'ctgov.submitted.xlsx'))).rejects.toThrow();

  // 2. Resumed from the log.
  const resumed = await cli([...args, '--resume', logFile]);
  expect(resumed.stderr).not.toMatch(/error/i);
  expect(resumed.code).toBe(0);
  expect(resumed.stdout).toContain(`transfer ${interrupted.transferId}: ${total} created, 0 updated, 0 unchanged, 0 failed`);
  expect(resumed.stdout).toContain(`reconciliation: ${total} checked, 0 discrepancies`);

  // Exactly once: one record per external id, nothing more than planned.
  for (const e of plan.entities) {
    const ids = externalIdCounts(t.server, e.object);
    expect(ids.size).toBe(e.records.length);
    expect([...ids.values()].filter((n) => n !== 1)).toEqual([]);
  }
  // Finished: the readable log is there and the journal gone.
  await expect(fs.access(`${logFile}l`)).rejects.toThrow();
  const log = JSON.parse(await fs.readFile(logFile, 'utf8')) as TransferLog;
  expect(log.transferId).toBe(interrupted.transferId);
  expect(log.status).toBe('done');
  expect(countLog(log)).toMatchObject({ sent: total, created: total, failed: 0, pending: 0 });
  expect(log.batches.length).toBeGreaterThan(interrupted.batches.length);
  // Records sent before the kill kept their first before-image and result.
  const firstDone = interrupted.entities[0]!.records.filter((r) => r.result?.ok);
  expect(firstDone.length).toBeGreaterThan(0);
  for (const r of firstDone) expect(log.entities[0]!.records.find((x) => x.row === r.row)!.result!.id).toBe(r.result!.id);

  // 3. The output workbook: CTMS Status / CTMS Target ID per row, the log in a hidden sheet.
  const out = new ExcelJS.Workbook();
  await out.xlsx.readFile(path.join(t.dir, 'ctgov.submitted.xlsx'));
  const [statusHeader, idHeader] = MANAGED_HEADERS;
  // Study Countries are derived from the Sites sheet, which has no row of their own to mark.
  for (const e of plan.entities.filter((x) => x.entity !== 'study_country')) {
    const ws = out.getWorksheet(e.sheet)!;
    const heads: string[] = [];
    ws.getRow(1).eachCell((c, i) => { heads[i] = String(c.value); });
    const sc = heads.indexOf(statusHeader);
    const ic = heads.indexOf(idHeader);
    expect(sc).toBeGreaterThan(0);
    expect(ic).toBeGreaterThan(0);
    const dbIds = new Map((t.server.db.prepare(`SELECT external_id__v AS k, id FROM "${e.object}"`).all() as { k: string; id: string }[]).map((r) => [r.k, r.id]));
    for (const r of e.records) {
      const row = ws.getRow(r.row);
      expect(row.getCell(sc).value).toBe('sent');
      expect(row.getCell(ic).value).toBe(dbIds.get(r.externalId));
    }
    for (const h of e.heldBack) {
      expect(ws.getRow(h.row).getCell(sc).value).toBe(`held back: ${h.reason}`);
      expect(ws.getRow(h.row).getCell(ic).value ?? null).toBeNull();
    }
  }
  const hidden = out.getWorksheet(LOG_SHEET)!;
  expect(hidden.state).toBe('hidden');
  const entry = hidden.getRow(2);
  expect([entry.getCell(1).value, entry.getCell(2).value]).toEqual([log.transferId, 'done']);
  let json = '';
  for (let c = 4; entry.getCell(c).value; c++) json += String(entry.getCell(c).value);
  expect(JSON.parse(json)).toEqual(log);

  // 4. rollback from the command line: dry run first (it writes nothing, not even the log), then for real; the log records it.
  const rbArgs = ['rollback', log.transferId, '--target', t.url, '--log', logFile];
  const beforeDry = t.server.snapshot();
  const logBeforeDry = await fs.readFile(logFile, 'utf8');
  const dry = await cli([...rbArgs, '--dry-run']);
  expect([dry.code, dry.stdout.trim()]).toEqual([0, `dry run: would delete ${total}, would restore 0`]);
  expect(t.server.snapshot()).toEqual(beforeDry);
  expect(await fs.readFile(logFile, 'utf8')).toBe(logBeforeDry);
  const rb = await cli(rbArgs);
  expect([rb.code, rb.stdout.trim()]).toEqual([0, `deleted ${total}, restored 0`]);
  expect(t.server.snapshot()).toEqual(empty);
  const after = (await readJson(logFile))!;
  expect(after.status).toBe('rolledBack');
  // The dry run wrote nothing: only the real rollback is in the log.
  expect(after.rollbacks.map((r) => [r.dryRun, r.deleted])).toEqual([[false, total]]);
  // A rolled-back transfer is not resumed (that would mark it done with nothing in the target).
  const again = await cli([...args, '--resume', logFile]);
  expect(again.code).toBe(2);
  expect(again.stderr).toContain('was rolled back');
  expect(t.server.snapshot()).toEqual(empty);
}, 90_000);
