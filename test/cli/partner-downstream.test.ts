import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { runMain } from '../../testing/builders/cli-main';
import { tmpDir } from '../../testing/builders/cli';
import { writeWorkbook } from '../../testing/builders/xlsx';
import { partnerShaped, PARTNER_SHEETS, TITLE_ROWS } from '../../testing/builders/partner';
import { MANAGED_HEADERS } from '../../src/core/sheet/headers';
import { ctgovWorkbook, startTarget, USER, type Target } from '../transfer/helpers';


/**
 * Everything downstream of validate on a partner's layout: the real
 * ClinicalTrials.gov workbook (../shared/data/real via the ctgov builder),
 * once in the template's shape and once renamed and reshaped (own sheet names
 * and headers, reversed columns, a title row, an extra column). Duplicate
 * clusters and the submission plan must be the same, named in the partner's
 * sheets and rows.
 */
const BACK = new Map(Object.entries(PARTNER_SHEETS).map(([std, partner]) => [partner, std]));
const sheetsOf = () => {
  const { sheets } = ctgovWorkbook(120);
  // Two near-duplicates for dedupe to find: an organization under another id, an investigator e-mail in capitals.
  const org = sheets.Organizations![3]!;
  sheets.Organizations!.push({ ...org, 'Organization ID': 'ORG-DUP-1', 'Organization Name': String(org['Organization Name']).toUpperCase() });
  const inv = sheets.Investigators![2]!;
  sheets.Investigators!.push({ ...inv, Email: String(inv.Email).toUpperCase().replace('@', '.X@') });
  return sheets;
};

let t: Target;
let saved: NodeJS.ProcessEnv;
beforeAll(async () => {
  t = await startTarget();
  saved = { ...process.env };
  process.env.CTMS_USER = USER.username;
  process.env.CTMS_PASSWORD = USER.password;
  delete process.env.CTMS_TARGET_URL;
  delete process.env.CTMS_SESSION_ID;
});
afterAll(async () => {
  process.env = saved;
  await t?.stop();
});

type Cluster = { sheet: string; rows: number[]; keep: number; score: number; suggestion: string };

test('dedupe and submit --dry-run find the same on a renamed, reshaped copy, in the partner\'s sheets and rows', async () => {
  const dir = tmpDir();
  try {
    const sheets = sheetsOf();
    const tpl = path.join(dir.dir, 'template.xlsx');
    const partner = path.join(dir.dir, 'partner.xlsx');
    await writeWorkbook(tpl, sheets);
    await partnerShaped(sheets).xlsx.writeFile(partner);

    const a = await runMain('dedupe', tpl, '--json', path.join(dir.dir, 'a.json'));
    const b = await runMain('dedupe', partner, '--json', path.join(dir.dir, 'b.json'));
    expect(a.err).toBe('');
    expect(b.err).toBe('');
    const ca = (JSON.parse(readFileSync(path.join(dir.dir, 'a.json'), 'utf8')) as { clusters: Cluster[] }).clusters;
    const cb = (JSON.parse(readFileSync(path.join(dir.dir, 'b.json'), 'utf8')) as { clusters: Cluster[] }).clusters;
    expect(ca.length).toBeGreaterThanOrEqual(2);
    expect(cb.every((c) => BACK.has(c.sheet))).toBe(true);
    const back = (c: Cluster) => ({ sheet: BACK.get(c.sheet), rows: c.rows.map((r) => r - TITLE_ROWS), keep: c.keep - TITLE_ROWS, score: c.score, suggestion: c.suggestion });
    const plain = (c: Cluster) => ({ sheet: c.sheet, rows: c.rows, keep: c.keep, score: c.score, suggestion: c.suggestion });
    expect(cb.map(back)).toEqual(ca.map(plain));

    const da = await runMain('submit', tpl, '--target', t.url, '--dry-run');
    const db = await runMain('submit', partner, '--target', t.url, '--dry-run');
    expect(da.err).toBe('');
    expect(db.err).toBe('');
    expect(da.out).toMatch(/^Studies: would create \d+/m);
    expect(db.out).toMatch(/^Trials: would create \d+/m);
    expect(da.out).toMatch(/hold back [1-9]/);
    const normalized = db.out.split('\n').map((line) => {
      const head = /^([^:]+): would/.exec(line);
      if (head && BACK.has(head[1]!)) return line.replace(head[1]!, BACK.get(head[1]!)!);
      return line.replace(/^ {2}row (\d+):/, (_m, n: string) => `  row ${Number(n) - TITLE_ROWS}:`);
    }).join('\n');
    expect(normalized).toBe(da.out);
  } finally { dir.cleanup(); }
});

test('submit writes status and target id onto the partner\'s own sheets, after its last column, below its header row', async () => {
  const dir = tmpDir();
  try {
    const partner = path.join(dir.dir, 'partner.xlsx');
    await partnerShaped(sheetsOf()).xlsx.writeFile(partner);
    const out = path.join(dir.dir, 'out.xlsx');
    const r = await runMain('submit', partner, '--target', t.url, '--accept-proposals', '--out', out);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/transfer \S+: \d+ created/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet('Sites')).toBeUndefined();
    const ws = wb.getWorksheet('Centres')!;
    const header = ws.getRow(2);
    const [statusHeader, idHeader] = MANAGED_HEADERS;
    const width = 13; // Comments + the 12 site fields
    expect(header.getCell(width + 1).value).toBe(statusHeader);
    expect(header.getCell(width + 2).value).toBe(idHeader);
    // The title row and the partner's own cells are left as they were.
    expect(ws.getRow(1).getCell(width + 1).value).toBeNull();
    expect(ws.getCell('A3').value).toBe('checked');
    let sent = 0;
    for (let n = 3; n <= ws.rowCount; n++) if (ws.getRow(n).getCell(width + 2).value) sent++;
    expect(sent).toBeGreaterThan(0);
  } finally { dir.cleanup(); }
});
