'use strict';
/**
 * The Dashboard in a real browser on the fake workbook: template, ClinicalTrials.gov-derived
 * rows, validate, accept all, then the Dashboard tab with its tiles and the Pareto chart drawn
 * by @fluentui/react-charts (SVG), a study opened to its sites, a study filter, the Dashboard
 * sheet written through the adapter (native charts on the fake), the audit trail in its hidden
 * protected sheet and exported as CSV. Screenshot: test-artifacts/e2e/dashboard.png.
 */
const fs = require('fs');
const path = require('path');
const assert = require('assert/strict');
const { openTab } = require('./tabs');
const { scenarioRows } = require('./ctgov-rows');

const AXE = require.resolve('axe-core/axe.min.js');
const SHEETS = ['Organizations', 'Studies', 'Sites', 'Investigators', 'Site Staff'];

async function run({ context, base, out, scenario }) {
  const { rows } = scenarioRows();
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  const pane = page.getByTestId('taskpane');
  const h = (fn, ...args) => page.evaluate(fn, ...args);
  const idle = async () => { await page.waitForFunction(() => !document.querySelector('[data-testid="taskpane"] [role="progressbar"]:not([aria-valuenow])'), null, { timeout: 20000 }).catch(() => undefined); };

  await scenario('dashboard on the fake workbook', [
    ['a fresh harness: template, rows pasted, validated, all accepted under a name', async () => {
      await page.goto(`${base}harness.html`);
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      await page.waitForFunction(() => window.__harness && window.__harness.ready);
      await openTab(page, pane, 'Dashboard');
      await pane.getByTestId('user-name').fill('Dana Lead');
      await pane.getByRole('button', { name: 'Save name' }).click();
      await pane.getByText(/recorded in the audit trail as/).waitFor();
      await openTab(page, pane, 'Template');
      await pane.getByRole('button', { name: 'Create template' }).click();
      await pane.getByText(/Template ready/).waitFor();
      for (const s of SHEETS) await h(([sheet, r]) => window.__harness.loadRows(sheet, r), [s, rows[s]]);
      await openTab(page, pane, 'Validate');
      await pane.getByTestId('validate').click();
      await pane.getByTestId('count-errors').waitFor({ timeout: 20000 });
      await pane.getByRole('button', { name: /Accept all/ }).first().click();
      await pane.getByText(/Applied \d+ change/).waitFor({ timeout: 20000 });
    }],

    ['Dashboard › tiles and the Pareto chart (SVG from the chart library)', async () => {
      await openTab(page, pane, 'Dashboard');
      await pane.getByTestId('tile-accuracy-cells').waitFor();
      const acc = await pane.getByTestId('tile-accuracy-cells').textContent();
      assert.match(acc, /Data accuracy \(cells\)\d+(\.\d)?%Goal ≥ 98%/);
      assert.match(await pane.getByTestId('tile-errors').textContent(), /Errors\d+/);
      const chart = pane.getByTestId('chart-pareto-families');
      await chart.locator('svg rect').first().waitFor({ timeout: 20000 });
      assert.ok((await chart.locator('svg rect').count()) > 0, 'bars drawn');
      assert.ok((await chart.locator('svg path').count()) > 0, 'cumulative line drawn');
    }],

    ['Dashboard › a study opens to its sites; the study filter narrows the figures', async () => {
      const first = pane.getByTestId('progress').locator('[data-testid^="study-"]').first();
      await first.getByRole('button').first().click();
      await first.getByText(/^Site /).first().waitFor();
      const records = async () => Number((await pane.getByTestId('tile-records').getByTestId('tile-value').textContent()).replace(/,/g, ''));
      const all = await records();
      const options = await pane.getByTestId('filter-study').locator('option').allTextContents();
      await pane.getByTestId('filter-study').selectOption(options[1]);
      await page.waitForFunction((n) => {
        const el = document.querySelector('[data-testid="tile-records"] [data-testid="tile-value"]');
        return el && Number(el.textContent.replace(/,/g, '')) < n;
      }, all);
      await pane.getByTestId('filter-study').selectOption('');
    }],

    ['Create Dashboard sheet › the harness shows it with its KPI table and charts', async () => {
      await pane.getByRole('button', { name: 'Create Dashboard sheet' }).click();
      await pane.getByTestId('dashboard-message').filter({ hasText: /Dashboard sheet created with 4 charts/ }).waitFor();
      assert.ok((await h(() => window.__harness.sheets())).includes('Dashboard'));
      assert.equal((await h(() => window.__harness.selected())).sheet, 'Dashboard');
      assert.match((await h(() => window.__harness.getCell('Dashboard', 'A1'))).text, /Data collection dashboard/);
      await page.getByTestId('sheet-charts').waitFor();
      assert.match(await page.getByTestId('sheet-charts').textContent(), /Errors by rule family \(Pareto\) \(ColumnClustered, 3 series/);
      await idle();
      await pane.evaluate((el) => { el.scrollTop = 0; });
      await page.screenshot({ path: path.join(out, 'dashboard.png'), fullPage: false });
      await pane.getByTestId('progress').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(out, 'dashboard-progress.png'), fullPage: false });
    }],

    ['Audit › the hidden, protected sheet holds every accepted change with who and when', async () => {
      const audit = await h(() => ({ a: window.__harness.getCell('Audit', 'A1'), c: window.__harness.getCell('Audit', 'C3'), d: window.__harness.getCell('Audit', 'D3'), h: window.__harness.getCell('Audit', 'H3'), b: window.__harness.getCell('Audit', 'B3') }));
      assert.equal(audit.a.value, 'Seq');
      assert.equal(audit.c.value, 'Dana Lead');
      assert.equal(audit.d.value, 'transformation');
      assert.match(audit.b.value, /^\d{4}-\d\d-\d\dT.*Z$/);
      const [download] = await Promise.all([page.waitForEvent('download'), pane.getByRole('button', { name: 'Export audit (CSV)' }).click()]);
      const file = path.join(out, 'audit-trail.csv');
      await download.saveAs(file);
      const csv = fs.readFileSync(file, 'utf8').trim().split('\r\n');
      assert.equal(csv[0], 'Seq,At (UTC),Who,Kind,Sheet,Row,Cell,Before,After,Rule,Details,Previous Hash,Hash');
      assert.ok(csv.length > 10, `${csv.length - 1} entries`);
      await pane.getByTestId('dashboard-message').filter({ hasText: /its chain checks out/ }).waitFor();
    }],

    ['axe › no serious or critical violations on the dashboard', async () => {
      await page.addScriptTag({ path: AXE });
      const res = await page.evaluate(() => window.axe.run({ include: [['[data-testid="taskpane"]']], exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] }));
      fs.writeFileSync(path.join(out, 'axe-dashboard.json'), JSON.stringify(res.violations, null, 2));
      const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}× e.g. ${v.nodes[0].target.join(' ')})`), []);
      assert.deepEqual(pageErrors, []);
    }],
  ]);
  await page.close();
}

module.exports = { run };
