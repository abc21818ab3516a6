/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { App } from '../../src/taskpane/App';
import { createPaneServices, PaneProvider } from '../../src/taskpane/context';
import { createExcelPort } from '../../src/excel/port';
import { memorySettings } from '../../src/taskpane/settings';
import { memoryLibrary } from '../../src/taskpane/mapping/library';
import { memoryUrl, SubmitEnvProvider, type SubmitEnv } from '../../src/taskpane/submit/env';
import { SubmitStore } from '../../src/taskpane/submit/store';
import { MANAGED_HEADERS } from '../../src/core/sheet/headers';
import { defaultStandard } from '../../src/core/standard/load';
import { MemoryCtms } from '../../testing/memory-ctms';
import { cellKey, createFakeExcel, FakeWorkbook, isoToSerial, type FakeExcel } from '../../testing/fake-excel';
import { partnerWorkbook } from '../../testing/builders/partner-sample';
import { PARTNER_SHEETS } from '../../samples/partner-rows';
import { saveUserName } from '../../src/taskpane/userName';
import { loadLazyChunks } from './helpers';

/**
 * Dry run, submit and rollback from the pane on a partner's own layout (the
 * partner sample: renamed sheets, a title and a blank row above the header
 * on row 3, its own headers, an extra column). The pane reads through the
 * Map step's mapping, as Validate does and as the command line's submit
 * does: the plan is the one of the same rows in the template's shape, named
 * on the partner's sheets and rows, and the status and target-id columns go
 * on the partner's header row after its last column.
 */

const std = defaultStandard();
/** Standard sheet → the partner's, and the partner's header row (title and blank row above it). */
const PARTNER: Record<string, string> = { Organizations: 'Hospitals', Studies: 'Trial List', Sites: 'Centres' };
const HEADER_ROW = 3;
/** Rows above the data in the partner's sheets, beyond the template's one header row. */
const SHIFT = HEADER_ROW - 1;

/**
 * The same rows (the partner's own spellings included) in the template's shape: the standard's
 * sheets and headers on row 1, the partner's extra column left out, dates as the partner's Excel holds them.
 */
function templateShaped(): FakeWorkbook {
  const wb = new FakeWorkbook();
  for (const [standard, partner] of Object.entries(PARTNER)) {
    const e = std.entities.find((x) => x.sheet === standard)!;
    const data = PARTNER_SHEETS.find((p) => p.name === partner)!.rows.slice(HEADER_ROW).map((r) => r.slice(0, e.fields.length));
    const s = wb.addSheet(standard);
    s.load([e.fields.map((f) => f.header), ...data.map((r) => r.map((v) => (v instanceof Date ? isoToSerial(v.toISOString().slice(0, 10)) : (v as string | number | null))))]);
    data.forEach((r, i) => r.forEach((v, c) => { if (v instanceof Date) s.formats.set(cellKey(i + 1, c), 'yyyy-mm-dd'); }));
  }
  return wb;
}

function arranged(workbook: FakeWorkbook) {
  const fake = createFakeExcel(workbook);
  const port = createExcelPort(fake);
  const services = createPaneServices(port, memorySettings(), memoryLibrary());
  const target = new MemoryCtms();
  const submit = new SubmitStore(port, { createClient: () => target, urls: memoryUrl() }, services.audit, async () => 'Dana Steward', services.mapping);
  return { fake, submit, target, mapping: services.mapping };
}

const ctx = { std, dateOrder: null };
/** A header row as the sheet holds it, trailing empty cells left out. */
function headerOf(fake: FakeExcel, sheet: string, row = HEADER_ROW): unknown[] {
  const s = fake.workbook.sheet(sheet)!;
  const out = s.rows[row - 1]!.map((_, c) => s.get(row - 1, c) ?? null);
  while (out.length && (out[out.length - 1] === null || out[out.length - 1] === '')) out.pop();
  return out;
}
const cell = (fake: FakeExcel, sheet: string, row: number, col: number) => fake.workbook.sheet(sheet)!.get(row - 1, col);
/** A reason's cells as they are in the partner's sheet (its columns are in the standard's order; its rows SHIFT lower). */
const shifted = (reason: string) => reason.replace(/\b([A-Z]{1,3})(\d+)\b/g, (_, col: string, row: string) => `${col}${Number(row) + SHIFT}`);
const partnerHeaders = (name: string) => PARTNER_SHEETS.find((p) => p.name === name)!.rows[HEADER_ROW - 1]!;

beforeAll(loadLazyChunks);
beforeEach(() => { localStorage.clear(); saveUserName('Dana Steward'); });

describe('Submit on a partner layout', () => {
  it("dry runs the same plan as the template's shape, on the partner's sheets and rows, and a held-back row selects the partner's row", async () => {
    const partner = arranged(partnerWorkbook());
    const template = arranged(templateShaped());
    for (const a of [partner, template]) {
      expect(await a.submit.signIn('dev', 'dev-password')).toBe(true);
      await a.submit.dryRun(ctx);
      expect(a.submit.getSnapshot().error).toBeNull();
    }
    const mine = partner.submit.getSnapshot().dryRun!.entities;
    const theirs = template.submit.getSnapshot().dryRun!.entities;
    expect(mine.map((e) => e.sheet)).toEqual(theirs.map((e) => PARTNER[e.sheet] ?? e.sheet));
    expect(mine.map((e) => [e.create, e.update, e.unchanged, e.heldBack.length])).toEqual(theirs.map((e) => [e.create, e.update, e.unchanged, e.heldBack.length]));
    // Rows are held back for the same reasons, each named on the partner's sheet at its own row.
    const held = mine.flatMap((e) => e.heldBack.map((h) => `${h.sheet}!${h.row}: ${h.reason}`));
    expect(held).toEqual(theirs.flatMap((e) => e.heldBack.map((h) => `${PARTNER[h.sheet] ?? h.sheet}!${h.row + SHIFT}: ${shifted(h.reason)}`)));
    // The partner's own spelling of a study status ("Open for inclusion", Trial List row 4) holds its row back.
    expect(held).toEqual(expect.arrayContaining([expect.stringMatching(/^Trial List!4: /)]));
    expect(partner.submit.getSnapshot().notice).toMatch(/^Dry run: would create \d+, update 0, leave 0 unchanged, hold back [1-9]\d*\. Nothing was sent\.$/);

    const h = mine.find((e) => e.sheet === 'Trial List')!.heldBack.find((x) => x.row === 4)!;
    await partner.submit.select(h.sheet, h.row);
    expect(partner.submit.getSnapshot().error).toBeNull();
    expect(partner.fake.workbook.activeSheetId).toBe(partner.fake.workbook.sheet('Trial List')!.id);
    expect(partner.fake.workbook.sheet('Trial List')!.selection).toBe('A4');
    // Nothing was written, and no sheet of the standard's name appeared.
    expect(Object.keys(PARTNER).filter((n) => partner.fake.workbook.sheet(n))).toEqual([]);
  });

  it("submits the partner's values under the standard's fields and writes the results on its header row after its last column; rollback writes back there", async () => {
    const partner = arranged(partnerWorkbook());
    const template = arranged(templateShaped());
    for (const a of [partner, template]) {
      expect(await a.submit.signIn('dev', 'dev-password')).toBe(true);
      // Proposals sent as accepted: more of the sample's rows go out.
      a.submit.setAcceptProposals(true);
      await a.submit.dryRun(ctx);
    }
    const log = await partner.submit.submit(ctx);
    expect(partner.submit.getSnapshot().error).toBeNull();
    expect(log).not.toBeNull();
    const other = await template.submit.submit(ctx);
    expect(other).not.toBeNull();
    // What reached the target is exactly what the same rows in the template's shape send.
    const sent = partner.target.snapshot();
    expect(Object.keys(sent).length).toBeGreaterThanOrEqual(2);
    expect(sent).toEqual(template.target.snapshot());
    // The log keeps the standard's sheets at the partner's rows: the command line's rollback --workbook maps them the same way.
    expect(log!.entities.map((e) => e.sheet)).toEqual(other!.entities.map((e) => e.sheet));
    expect(log!.entities.flatMap((e) => e.records.map((r) => r.row))).toEqual(other!.entities.flatMap((e) => e.records.map((r) => r.row + SHIFT)));

    const { fake } = partner;
    expect(Object.keys(PARTNER).filter((n) => fake.workbook.sheet(n))).toEqual([]);
    for (const sheet of Object.values(PARTNER)) {
      const headers = partnerHeaders(sheet);
      // After the partner's last column, on its header row; the title row above is left alone.
      expect(headerOf(fake, sheet)).toEqual([...headers, ...MANAGED_HEADERS]);
      expect(cell(fake, sheet, 1, headers.length) ?? null).toBeNull();
    }
    // Each record's status and target id on its own row of the partner's sheet.
    const statusCol = partnerHeaders('Hospitals').length;
    const orgs = log!.entities.find((e) => e.sheet === 'Organizations')!;
    expect(orgs.records.length).toBeGreaterThan(0);
    for (const r of orgs.records) {
      expect(cell(fake, 'Hospitals', r.row, statusCol)).toBe('sent');
      expect(cell(fake, 'Hospitals', r.row, statusCol + 1)).toBe(r.result!.id);
    }
    const studies = log!.entities.find((e) => e.sheet === 'Studies')!;
    const heldRow = studies.heldBack.find((h) => h.row === 4)!;
    expect(cell(fake, 'Trial List', 4, partnerHeaders('Trial List').length)).toBe(`held back: ${heldRow.reason}`);
    // Results name the partner's sheets.
    const bars = partner.submit.getSnapshot().progress.map((p) => p.sheet);
    expect(bars).toEqual(expect.arrayContaining(Object.values(PARTNER)));
    expect(bars.filter((n) => n in PARTNER)).toEqual([]);

    await partner.submit.loadTransfers();
    await partner.submit.rollback(partner.submit.getSnapshot().transfers.find((l) => l.transferId === log!.transferId)!, ctx);
    expect(partner.submit.getSnapshot().error).toBeNull();
    expect(partner.target.records(orgs.object)).toEqual([]);
    // The same columns rewritten, none added, still no sheet of the standard's name.
    for (const sheet of Object.values(PARTNER)) expect(headerOf(fake, sheet)).toEqual([...partnerHeaders(sheet), ...MANAGED_HEADERS]);
    for (const r of orgs.records) {
      expect(cell(fake, 'Hospitals', r.row, statusCol)).toBe('rolled back (deleted)');
      expect(cell(fake, 'Hospitals', r.row, statusCol + 1) ?? '').toBe('');
    }
    expect(Object.keys(PARTNER).filter((n) => fake.workbook.sheet(n))).toEqual([]);
  });

  it("sends a partner's spelling as the value the steward chose for it in the Map step", async () => {
    const { submit, target, mapping } = arranged(partnerWorkbook());
    await mapping.analyze();
    const item = mapping.getSnapshot().values.find((v) => v.sheet === 'Trial List' && v.value === 'Open for inclusion')!;
    const field = std.entities.find((e) => e.key === item.entity)!.fields.find((f) => f.key === item.field)!;
    const to = field.picklist![0]!;
    mapping.chooseValue(item, to);
    expect(await submit.signIn('dev', 'dev-password')).toBe(true);
    submit.setAcceptProposals(true);
    await submit.dryRun(ctx);
    const studies = submit.getSnapshot().dryRun!.entities.find((e) => e.sheet === 'Trial List')!;
    expect(studies.heldBack.map((h) => h.row)).not.toContain(4);
    const log = await submit.submit(ctx);
    const sent = log!.entities.find((e) => e.sheet === 'Studies')!.records.find((r) => r.row === 4)!;
    expect(sent.result?.ok).toBe(true);
    // In the target under the standard's field, as the shipped profile stores that list value.
    expect(to).toBe('Planned');
    expect(target.snapshot().study__v!.find((r) => r.external_id__v === 'ACME-101')).toMatchObject({ study_status__v: 'planned__v' });
  });

  it("shows the dry run and the results on the partner's sheets in the panel, and a row link selects the partner's row", async () => {
    const user = userEvent.setup();
    const fake = createFakeExcel(partnerWorkbook());
    const target = new MemoryCtms();
    const env: SubmitEnv = { createClient: () => target, urls: memoryUrl() };
    render(
      <FluentProvider theme={webLightTheme}>
        <PaneProvider host={fake} storage={memorySettings()} library={memoryLibrary()}>
          <SubmitEnvProvider value={env}>
            <App initialPanel="submit" />
          </SubmitEnvProvider>
        </PaneProvider>
      </FluentProvider>,
    );
    await user.type(await screen.findByTestId('username'), 'dev');
    await user.type(screen.getByTestId('password'), 'dev-password');
    await user.click(screen.getByTestId('sign-in'));
    await screen.findByTestId('signed-in');
    await user.click(screen.getByTestId('dry-run'));
    const table = await screen.findByTestId('dry-run-table');
    for (const sheet of Object.values(PARTNER)) expect(within(table).getByTestId(`plan-${sheet}`)).toBeInTheDocument();
    expect(within(table).queryByTestId('plan-Studies')).toBeNull();
    const link = within(screen.getByTestId('held-list')).getByRole('button', { name: 'Trial List row 4' });
    await user.click(link);
    expect(fake.workbook.activeSheetId).toBe(fake.workbook.sheet('Trial List')!.id);
    expect(fake.workbook.sheet('Trial List')!.selection).toBe('A4');

    await user.click(screen.getByTestId('submit'));
    await user.click(await screen.findByTestId('confirm-submit'));
    const results = await screen.findByTestId('results-table');
    const rows = within(results).getAllByTestId('result-row').map((r) => r.textContent ?? '');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((t) => /^(Hospitals|Trial List|Centres) \d+/.test(t))).toBe(true);
    await user.click(within(results).getAllByRole('button', { name: /^Centres \d+$/ })[0]!);
    expect(fake.workbook.activeSheetId).toBe(fake.workbook.sheet('Centres')!.id);
    expect(fake.workbook.sheet('Centres')!.selection).toMatch(/^A([4-9]|\d\d+)$/);
  });

  it("shows a stored transfer's results on the partner's sheets before any dry run, and a row link selects there", async () => {
    const user = userEvent.setup();
    const a = arranged(partnerWorkbook());
    expect(await a.submit.signIn('dev', 'dev-password')).toBe(true);
    await a.submit.dryRun(ctx);
    const log = await a.submit.submit(ctx);
    expect(log).not.toBeNull();
    // The workbook opened again: a new pane, no dry run, the transfer read from the workbook's log.
    render(
      <FluentProvider theme={webLightTheme}>
        <PaneProvider host={a.fake} storage={memorySettings()} library={memoryLibrary()}>
          <SubmitEnvProvider value={{ createClient: () => a.target, urls: memoryUrl() }}>
            <App initialPanel="submit" />
          </SubmitEnvProvider>
        </PaneProvider>
      </FluentProvider>,
    );
    await user.click(await screen.findByRole('button', { name: `Show results of ${log!.transferId}` }));
    const results = await screen.findByTestId('results-table');
    await waitFor(() => expect(within(results).getAllByRole('button', { name: /^Centres \d+$/ }).length).toBeGreaterThan(0));
    const rows = within(results).getAllByTestId('result-row').map((r) => r.textContent ?? '');
    expect(rows.every((t) => /^(Hospitals|Trial List|Centres) \d+/.test(t))).toBe(true);
    await user.click(within(results).getAllByRole('button', { name: /^Centres \d+$/ })[0]!);
    expect(a.fake.workbook.activeSheetId).toBe(a.fake.workbook.sheet('Centres')!.id);
    expect(screen.queryByText(/Could not select/)).toBeNull();
  });
});
