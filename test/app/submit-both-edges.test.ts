import path from 'node:path';
import { main } from '../../src/cli/main';
import { SubmitStore } from '../../src/taskpane/submit/store';
import { memoryUrl, vaultClientFactory } from '../../src/taskpane/submit/env';
import { defaultStandard } from '../../src/core/standard/load';
import { wb } from '../../testing/builders/wb';
import { writeWorkbook } from '../../testing/builders/xlsx';
import { inertPort } from '../taskpane/helpers';
import { ctgovWorkbook, startTarget, USER, type Target } from '../transfer/helpers';

/**
 * One use case, two edges: the pane's Submit store and the CLI's submit
 * both plan and dry-run through src/app/submit.ts. The same workbook (rows
 * from real ClinicalTrials.gov extracts) against the same reference CTMS
 * must give the same plan: per sheet, the same creates, updates and rows
 * held back.
 */

const std = defaultStandard();
let t: Target;
afterAll(async () => { await t?.stop(); });

async function cliDryRun(file: string, url: string): Promise<Map<string, [number, number, number, number]>> {
  const out: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out.push(String(s)); return true; });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const env = { ...process.env };
  Object.assign(process.env, { CTMS_USER: USER.username, CTMS_PASSWORD: USER.password });
  try {
    const code = await main(['node', 'ctms-collect', 'submit', file, '--target', url, '--dry-run', '--accept-proposals']);
    expect(code).toBe(0);
  } finally {
    write.mockRestore();
    err.mockRestore();
    process.env = env;
    process.exitCode = undefined;
  }
  const bySheet = new Map<string, [number, number, number, number]>();
  for (const line of out.join('').split('\n')) {
    const m = /^(.+): would create (\d+), update (\d+), leave (\d+) unchanged, hold back (\d+)$/.exec(line);
    if (m) bySheet.set(m[1]!, [Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])]);
  }
  return bySheet;
}

test('the pane and the CLI dry-run the same plan of the same workbook against the same target', async () => {
  t = await startTarget();
  const { sheets } = ctgovWorkbook(40);
  const file = path.join(t.dir, 'partner.xlsx');
  await writeWorkbook(file, sheets);

  // The CLI reads the .xlsx file; the pane reads the same rows through its workbook port.
  const cli = await cliDryRun(file, t.url);

  const port = inertPort({ read: async () => wb(sheets) });
  const store = new SubmitStore(port, { createClient: vaultClientFactory, urls: memoryUrl(t.url) }, async () => undefined);
  expect(await store.signIn(USER.username, USER.password)).toBe(true);
  store.setAcceptProposals(true);
  await store.dryRun({ std, dateOrder: null });
  const pane = new Map(store.getSnapshot().dryRun!.entities.map((e) => [e.sheet, [e.create, e.update, e.unchanged, e.heldBack.length] as [number, number, number, number]]));

  expect(store.getSnapshot().error).toBeNull();
  expect([...cli.keys()].sort()).toEqual([...std.entities.map((e) => e.sheet), 'Study Countries'].sort());
  expect(pane).toEqual(cli);
  // Something is planned on every sheet: the comparison is not of empty plans.
  for (const [sheet, [create]] of cli) expect({ sheet, create: create > 0 }).toEqual({ sheet, create: true });
});
