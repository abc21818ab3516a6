/**
 * Rollback from the command line against the reference server (issue 13):
 * - a later transfer in the same folder sent the records again: refused in one line naming it,
 *   `--in-order` rolls back both, newest first, and the target is as before both;
 * - the CLI killed (SIGKILL) while a batch of updates was committed but unanswered: rollback
 *   restores every updated record to its prior values, record by record.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { readLog } from '../../src/cli/transfer-log-file';
import { MANAGED_HEADERS } from '../../src/core/sheet/headers';
import type { TransferLog } from '../../src/core/transfer';
import { clean } from '../../testing/builders/wb';
import { writeXlsx, xlsxOf } from '../../testing/builders/cli';
import { oneLine, runMain } from '../../testing/builders/cli-main';
import { writeWorkbook } from '../../testing/builders/xlsx';
import { clientFor, ctgovWorkbook, startTarget, withTarget, USER, type Target } from './helpers';

const ROOT = path.join(__dirname, '..', '..');

describe('rollback with a later transfer in the same folder', () => {
  const target = withTarget();

  test('refused with the later transfer named, its time and how many records; --in-order rolls back both, newest first', async () => {
    const t = target();
    const empty = t.server.snapshot();
    const file = await writeXlsx(xlsxOf(clean() as never), path.join(t.dir, 'data.xlsx'));
    const first = await runMain('submit', file, '--target', t.url);
    expect(first.code).toBe(0);
    const firstLog = first.out.match(/^log: (.+)$/m)![1]!;
    const t1 = JSON.parse(await fs.readFile(firstLog, 'utf8')) as TransferLog;
    // The same workbook sent again: every record found there and sent again.
    const second = await runMain('submit', file, '--target', t.url, '--out', path.join(t.dir, 'again.xlsx'));
    expect(second.code).toBe(0);
    const secondLog = second.out.match(/^log: (.+)$/m)![1]!;
    const t2 = JSON.parse(await fs.readFile(secondLog, 'utf8')) as TransferLog;
    const sent = t1.entities.reduce((n, e) => n + e.records.length, 0);
    const snap = t.server.snapshot();
    const logBefore = await fs.readFile(firstLog, 'utf8');

    const refused = await runMain('rollback', t1.transferId, '--target', t.url, '--log', firstLog);
    expect(refused.code).toBe(2);
    const when = `${t2.startedAt.slice(0, 16).replace('T', ' ')} UTC`;
    expect(oneLine(refused)).toBe(`ctms-collect: ${sent} records of this transfer were reused or updated by the later transfer ${t2.transferId} of ${when}; roll that one back first, or pass --in-order to roll back both, newest first`);
    expect(t.server.snapshot()).toEqual(snap);
    expect(await fs.readFile(firstLog, 'utf8')).toBe(logBefore);

    const inOrder = await runMain('rollback', t1.transferId, '--target', t.url, '--log', firstLog, '--in-order');
    expect(inOrder.err).toBe('');
    // The second transfer created nothing (all found), so it restores; the first then deletes.
    expect([inOrder.code, inOrder.out.trim().split('\n')]).toEqual([0, [
      `${t2.transferId}: deleted 0, restored ${sent}`,
      `${t1.transferId}: deleted ${sent}, restored 0`,
      `deleted ${sent}, restored ${sent}`,
    ]]);
    expect(t.server.snapshot()).toEqual(empty);
    expect((await readLog(firstLog)).status).toBe('rolledBack');
    expect((await readLog(secondLog)).status).toBe('rolledBack');
  });
});

describe('a partial rollback from the command line', () => {
  const target = withTarget();

  test('the log and the submitted copy\'s status columns say what is in the target, row by row; run again, they say it is all undone', async () => {
    const t = target();
    const file = await writeXlsx(xlsxOf(clean() as never), path.join(t.dir, 'data.xlsx'));
    const sent = await runMain('submit', file, '--target', t.url);
    expect(sent.code).toBe(0);
    const logFile = sent.out.match(/^log: (.+)$/m)![1]!;
    const submitted = sent.out.match(/^results: (.+)$/m)![1]!;
    const { transferId } = await readLog(logFile);
    // Someone else's study names the sponsor: the sponsor cannot be deleted, nor can the study be the last thing left.
    const sponsor = t.server.db.prepare(`SELECT id FROM "organization__v" WHERE external_id__v = 'ORG-SP'`).get() as { id: string };
    const [other] = await clientFor(t).upsert('study__v', [{ external_id__v: 'OTHER-1', name__v: 'OTHER-1', study_phase__v: 'phase_2__v', study_status__v: 'active__v', sponsor__v: sponsor.id }], 'external_id__v');
    expect(other!.ok).toBe(true);

    const out = path.join(t.dir, 'after.xlsx');
    const partial = await runMain('rollback', transferId, '--target', t.url, '--log', logFile, '--workbook', submitted, '--out', out);
    expect(partial.code).toBe(1);
    expect(partial.out).toMatch(/^deleted 6, restored 0; 1 failed\nresults: .*after\.xlsx\n$/);
    const log = await readLog(logFile);
    expect(log.status).toBe('done');

    const statusesIn = async (f: string) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(f);
      return book;
    };
    const check = async (f: string) => {
      const book = await statusesIn(f);
      let rows = 0;
      for (const e of log.entities.filter((x) => x.entity !== 'study_country')) {
        const ws = book.getWorksheet(e.sheet)!;
        const heads: string[] = [];
        ws.getRow(1).eachCell((c, i) => { heads[i] = String(c.value); });
        const sc = heads.indexOf(MANAGED_HEADERS[0]);
        const ic = heads.indexOf(MANAGED_HEADERS[1]);
        for (const r of e.records) {
          const inTarget = t.server.db.prepare(`SELECT id FROM "${e.object}" WHERE external_id__v = ?`).get(r.externalId) as { id: string } | undefined;
          const row = ws.getRow(r.row);
          if (inTarget) {
            expect([r.externalId, row.getCell(sc).value, row.getCell(ic).value]).toEqual([r.externalId, expect.stringMatching(/^sent; rollback failed: OPERATION_NOT_ALLOWED: /), inTarget.id]);
          } else {
            expect([r.externalId, row.getCell(sc).value, row.getCell(ic).value ?? null]).toEqual([r.externalId, 'rolled back (deleted)', null]);
          }
          rows++;
        }
      }
      return rows;
    };
    expect(await check(out)).toBeGreaterThan(4);
    expect(log.entities.flatMap((e) => e.records).filter((r) => r.rollback?.error).map((r) => r.externalId)).toEqual(['ORG-SP']);

    // The other study goes; the rollback runs again over what is left, and the rows say all is undone.
    await clientFor(t).delete('study__v', [String((t.server.db.prepare(`SELECT id FROM "study__v" WHERE external_id__v = 'OTHER-1'`).get() as { id: string }).id)]);
    const out2 = path.join(t.dir, 'after2.xlsx');
    const rest = await runMain('rollback', transferId, '--target', t.url, '--log', logFile, '--workbook', out, '--out', out2);
    expect([rest.code, rest.out.split('\n')[0]]).toEqual([0, 'deleted 1, restored 0']);
    expect((await readLog(logFile)).status).toBe('rolledBack');
    await check(out2);
    // An existing --out is refused without --force, before anything is asked of the target.
    const again = await runMain('rollback', transferId, '--target', t.url, '--log', logFile, '--workbook', out, '--out', out2);
    expect(again.code).toBe(2);
    expect(oneLine(again)).toContain('already exists');
  });
});

interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** The real CLI in a child process; `kill` sends SIGKILL (no chance to clean up). */
function cli(args: string[]): { done: Promise<Run>; kill: () => void } {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'ctms-collect.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, CTMS_USER: USER.username, CTMS_PASSWORD: USER.password, CTMS_TARGET_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '', stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { done, kill: () => child.kill('SIGKILL') };
}

/** Resolves once `check` holds, looking every 20 ms (what is awaited is an event in the database, not a time). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('rollback after the CLI was killed while updates were in flight', () => {
  let t: Target;
  // Answers to study upserts from the second on are held back (after the commit) while armed.
  let armed = false;
  let studyPosts = 0;
  afterAll(async () => { await t?.stop(); });

  test('every updated record goes back to its prior values, record by record; created ones are deleted', async () => {
    t = await startTarget({
      faults: {
        rate: 1, kinds: ['slow'], delayMs: 60_000,
        only: ({ method, url }) => armed && method === 'POST' && /\/vobjects\/study__v$/.test(url.split('?')[0]!) && !/_method=DELETE/i.test(url) && ++studyPosts >= 2,
      },
    });
    const { sheets } = ctgovWorkbook(60);
    const first = path.join(t.dir, 'ctgov.xlsx');
    await writeWorkbook(first, sheets);
    const created = await cli(['submit', first, '--target', t.url, '--accept-proposals', '--batch-size', '10']).done;
    expect(created.code).toBe(0);
    const prior = t.server.snapshot();

    // The same studies and organizations amended, one new organization: the second transfer updates and creates.
    const amended = JSON.parse(JSON.stringify(sheets)) as typeof sheets;
    for (const s of amended.Studies!) s['Study Title'] = `${String(s['Study Title'])} (amended)`;
    for (const o of amended.Organizations!) o['Organization Name'] = `${String(o['Organization Name'])} Amended`;
    amended.Organizations!.push({ ...amended.Organizations![0]!, 'Organization ID': 'ORG-NEW-1', 'Organization Name': 'New Hospital' });
    const second = path.join(t.dir, 'amended.xlsx');
    await writeWorkbook(second, amended);
    const studies = amended.Studies!.length;
    expect(studies).toBeGreaterThan(20);

    armed = true;
    const run = cli(['submit', second, '--target', t.url, '--accept-proposals', '--batch-size', '10']);
    const amendedTitles = () => (t.server.db.prepare(`SELECT COUNT(*) AS n FROM "study__v" WHERE study_title__v LIKE '% (amended)'`).get() as { n: number }).n;
    // The second batch of studies is committed; its answer is held back, so the CLI cannot have logged it.
    await until(() => amendedTitles() >= 20);
    run.kill();
    const killed = await run.done;
    armed = false;
    expect(killed.signal).toBe('SIGKILL');
    expect(t.server.snapshot()).not.toEqual(prior);

    const name = (await fs.readdir(t.dir)).find((f) => /^amended\.transfer-.+\.jsonl$/.test(f))!;
    const logFile = path.join(t.dir, name.replace(/l$/, ''));
    const interrupted = await readLog(logFile);
    expect(interrupted.status).toBe('running');
    // Updates in flight: imaged before they were sent, no answer logged, and changed in the target.
    const studyLog = interrupted.entities.find((e) => e.object === 'study__v')!;
    const inFlight = studyLog.records.filter((r) => r.imaged && r.beforeImage !== null && !r.result);
    expect(inFlight.length).toBeGreaterThanOrEqual(10);
    const titleNow = (ext: string) => (t.server.db.prepare(`SELECT study_title__v AS v FROM "study__v" WHERE external_id__v = ?`).get(ext) as { v: string }).v;
    expect(inFlight.filter((r) => titleNow(r.externalId).endsWith(' (amended)')).length).toBeGreaterThanOrEqual(10);

    // The killed transfer's lock marker is still in the target; once it is wholly rolled back, it goes too.
    const markersOf = () => (t.server.db.prepare(`SELECT COUNT(*) AS n FROM "transfer_lock__c" WHERE transfer__c = ?`).get(interrupted.transferId) as { n: number }).n;
    expect(markersOf()).toBe(1);
    const rb = await cli(['rollback', interrupted.transferId, '--target', t.url, '--log', logFile]).done;
    expect(rb.stderr).toBe('');
    expect(rb.code).toBe(0);
    expect(rb.stdout).toMatch(/^deleted 1, restored \d+\n$/);
    // Record by record: every object, every field as it was before the killed transfer.
    const after = t.server.snapshot();
    for (const object of Object.keys(prior)) expect([object, after[object]]).toEqual([object, prior[object]]);
    const log = await readLog(logFile);
    expect(log.status).toBe('rolledBack');
    for (const r of inFlight) expect(log.entities.find((e) => e.object === 'study__v')!.records.find((x) => x.externalId === r.externalId)!.rollback?.done).toBe('restored');
  }, 120_000);
});
