/**
 * Duplicate decisions made in the task pane are saved in the workbook's add-in
 * settings (xl/webextensions/webextension1.xml). The command line reads them
 * too, so `ctms-collect submit` does not send a merged row twice and points
 * references to it at the kept record.
 */
import path from 'node:path';
import { promises as fs } from 'node:fs';
import JSZip from 'jszip';
import { defaultStandard } from '../../src/core/standard/load';
import { dedupeWorkbook } from '../../src/core/master';
import { keyClusters, makeDecision, encodeDecisions, DECISIONS_SETTING } from '../../src/core/master/decisions';
import { parseWebExtensionProperties, readAddinSettings } from '../../src/cli/addin-settings';
import type { TransferLog } from '../../src/core/transfer';
import { verifyWorkbook } from '../../src/core/verify/engine';
import { makeOverride, encodeOverrides, OVERRIDES_SETTING } from '../../src/core/verify/overrides';
import { clean, cleanWith, wb as workbookOf } from '../../testing/builders/wb';
import { cliAsync, tmpDir, writeXlsx, xlsxOf } from '../../testing/builders/cli';
import { startTarget, USER, type Target } from '../transfer/helpers';

const std = defaultStandard();
const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A webextension part as Excel writes it: the setting's value is JSON (a JSON string here). */
function webExtensionXml(props: Record<string, string>): string {
  const items = Object.entries(props).map(([k, v]) => `<we:property name="${xmlEscape(k)}" value="${xmlEscape(JSON.stringify(v))}"/>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11" id="{6F3C1A52-0000-4000-8000-000000000001}"><we:reference id="wa000000000" version="1.0.0.0" store="developer" storeType="Registry"/><we:alternateReferences/><we:properties>${items}</we:properties><we:bindings/><we:snapshot xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></we:webextension>`;
}

test('properties are read from the webextension XML with entities and JSON values', () => {
  const map = parseWebExtensionProperties(webExtensionXml({ 'a.b': 'x "quoted" & <tagged>' }) + '<we:property name="n" value="42"/>');
  expect(map.get('a.b')).toBe('x "quoted" & <tagged>');
  expect(map.get('n')).toBe(42);
});

describe('submit honours merge decisions stored by the pane', () => {
  let target: Target;
  const tmp = tmpDir();
  beforeAll(async () => {
    target = await startTarget();
    // The child process takes its credentials from the environment, as a user's shell would give them.
    process.env.CTMS_USER = USER.username;
    process.env.CTMS_PASSWORD = USER.password;
  });
  afterAll(async () => { await target.stop(); tmp.cleanup(); });

  it('holds back the merged organization and sends its site against the kept one', async () => {
    const sheets = clean();
    // The same hospital entered twice (row 4 repeats row 2), and a second site pointing at the repeat.
    sheets.Organizations!.push({ ...sheets.Organizations![0]!, 'Organization ID': 'ORG-1B' });
    sheets.Sites!.push({ ...sheets.Sites![0]!, 'Site Number': '002', 'Organization ID': 'ORG-1B' });
    const data = workbookOf(sheets);
    const cluster = keyClusters(std, data, dedupeWorkbook(std, data).clusters).find((c) => c.sheet === 'Organizations');
    expect(cluster?.rows).toEqual([2, 4]);
    const decision = makeDecision(cluster!, 'merge', 2, 'steward');

    const file = path.join(tmp.dir, 'decided.xlsx');
    await writeXlsx(xlsxOf(sheets), file);
    const zip = await JSZip.loadAsync(await fs.readFile(file));
    zip.file('xl/webextensions/webextension1.xml', webExtensionXml({ [DECISIONS_SETTING]: encodeDecisions([decision]) }));
    await fs.writeFile(file, await zip.generateAsync({ type: 'nodebuffer' }));
    expect((await readAddinSettings(file)).has(DECISIONS_SETTING)).toBe(true);

    const run = await cliAsync(['submit', file, '--target', target.url, '--out', path.join(tmp.dir, 'out.xlsx')], tmp.dir);
    expect(run.stderr).toMatch(/Applying 1 duplicate merge decision/);
    expect(run.code).toBe(0);
    const logFile = (await fs.readdir(tmp.dir)).find((f) => f.includes('.transfer-'))!;
    const log = JSON.parse(await fs.readFile(path.join(tmp.dir, logFile), 'utf8')) as TransferLog;
    const orgs = log.entities.find((e) => e.entity === 'organization')!;
    expect(orgs.records.map((r) => r.externalId).sort()).toEqual(['ORG-1', 'ORG-SP']);
    expect(orgs.heldBack.find((h) => h.row === 4)?.reason).toMatch(/merged/);
    const kept = orgs.records.find((r) => r.externalId === 'ORG-1')!.result!.id;
    const site2 = log.entities.find((e) => e.entity === 'site')!.records.find((r) => r.externalId === 'ABC-123-002')!;
    expect(site2.result?.ok).toBe(true);
    expect(site2.request.organization__v).toBe(kept);
  });

  it('sends a row whose business-rule error was overridden with a reason', async () => {
    // More completed than enrolled (R-ENR-03): a steward confirmed the source counts are right.
    const sheets = cleanWith('Sites', { 'Subjects Completed': 9 });
    const data = workbookOf(sheets);
    const result = verifyWorkbook(std, data);
    const flag = result.issues.find((i) => i.ruleId === 'R-ENR-03')!;
    expect(flag).toBeDefined();
    const o = makeOverride(std, flag, data, result.proposals, { reason: 'Re-consented completers counted twice at source; confirmed with the site', by: 'steward' });

    const file = path.join(tmp.dir, 'overridden.xlsx');
    await writeXlsx(xlsxOf(sheets), file);
    const zip = await JSZip.loadAsync(await fs.readFile(file));
    zip.file('xl/webextensions/webextension1.xml', webExtensionXml({ [OVERRIDES_SETTING]: encodeOverrides([o]) }));
    await fs.writeFile(file, await zip.generateAsync({ type: 'nodebuffer' }));

    const run = await cliAsync(['submit', file, '--target', target.url, '--out', path.join(tmp.dir, 'out2.xlsx')], tmp.dir);
    expect(run.stderr).toMatch(/Applying 1 flag override/);
    expect(run.code).toBe(0);
    const logFile = (await fs.readdir(tmp.dir)).filter((f) => f.startsWith('overridden.transfer-'))[0]!;
    const log = JSON.parse(await fs.readFile(path.join(tmp.dir, logFile), 'utf8')) as TransferLog;
    const sites = log.entities.find((e) => e.entity === 'site')!;
    expect(sites.heldBack).toEqual([]);
    expect(sites.records[0]!.result?.ok).toBe(true);
  });
});
