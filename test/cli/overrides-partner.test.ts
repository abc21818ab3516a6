/**
 * The overrides a steward makes in the pane on a partner's own layout travel
 * in the workbook's add-in settings, and `ctms-collect submit` reads them
 * (src/cli/xlsx-source.ts). The pane stores them in the terms both sides
 * verify in (the standard's sheet names, the partner's rows and cells), so the
 * command line, mapping the same file, applies them: the overridden row is
 * no longer held back.
 */
import path from 'node:path';
import { promises as fs } from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { createPaneServices } from '../../src/taskpane/context';
import { createExcelPort } from '../../src/excel/port';
import { memorySettings } from '../../src/taskpane/settings';
import { memoryLibrary } from '../../src/taskpane/mapping/library';
import { OVERRIDES_SETTING } from '../../src/core/verify/overrides';
import { defaultStandard } from '../../src/core/standard/load';
import { planSubmission } from '../../src/app/submit';
import { openXlsxSource } from '../../src/cli/xlsx-source';
import { createFakeExcel } from '../../testing/fake-excel';
import { partnerWorkbook } from '../../testing/builders/partner-sample';
import { tmpDir } from '../../testing/builders/cli';
import { PARTNER_SHEETS } from '../../samples/partner-rows';

const std = defaultStandard();
const tmp = tmpDir();
afterAll(() => tmp.cleanup());

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The partner sample saved as an .xlsx, with the pane's document settings in a webextension part as Excel keeps them. */
async function savedPartnerFile(name: string, settings: Record<string, unknown>): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const p of PARTNER_SHEETS) wb.addWorksheet(p.name).addRows(p.rows);
  const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
  const props = Object.entries(settings).map(([k, v]) => `<we:property name="${attr(k)}" value="${attr(JSON.stringify(v))}"/>`).join('');
  zip.file('xl/webextensions/webextension1.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11"><we:properties>${props}</we:properties></we:webextension>`);
  const file = path.join(tmp.dir, name);
  await fs.writeFile(file, await zip.generateAsync({ type: 'nodebuffer' }));
  return file;
}

async function heldBackOrganizations(file: string) {
  const { plan, overrides } = await planSubmission(await openXlsxSource(file, std), { std, dateOrder: null, acceptProposals: true });
  return { overrides, rows: plan.entities.find((e) => e.entity === 'organization')!.heldBack.map((h) => `${h.sheet} ${h.row}`) };
}

test('submit applies an override the pane made on a partner layout', async () => {
  // In the pane: the Chinese hospital name on the partner's Hospitals!B8 is accepted as it is.
  const fake = createFakeExcel(partnerWorkbook());
  const { validation } = createPaneServices(createExcelPort(fake), memorySettings(), memoryLibrary());
  await validation.validate();
  const flag = validation.getSnapshot().result!.issues.find((i) => i.sheet === 'Hospitals' && i.cells[0] === 'B8' && i.ruleId === 'charset');
  expect(flag?.severity).toBe('error');
  expect(await validation.override(flag!, 'The target stores the name in Chinese characters for this site')).toBe(true);
  const stored = fake.workbook.settings.get(OVERRIDES_SETTING);
  expect(typeof stored).toBe('string');

  // On the command line, the same file: without the pane's settings the row is held back, with them it is sent.
  const without = await heldBackOrganizations(await savedPartnerFile('partner-plain.xlsx', {}));
  expect(without).toEqual({ overrides: 0, rows: ['Organizations 8'] });
  const withPane = await heldBackOrganizations(await savedPartnerFile('partner-overridden.xlsx', { [OVERRIDES_SETTING]: stored }));
  expect(withPane).toEqual({ overrides: 1, rows: [] });
});
