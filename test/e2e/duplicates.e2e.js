'use strict';
/**
 * Duplicates in a real browser against the fake workbook: the template, an
 * investigator entered twice (Smith / Smyth at the same organization) and one
 * whose e-mail differs only in case; find them, see why, select a row, merge
 * one pair and keep the other as different people. Re-opening the panel reads
 * the decisions back from the workbook's settings (the harness keeps its
 * workbook in memory, so a page reload would start a new, empty file), and
 * finding again asks nothing. Each decision is also an entry of the audit
 * trail. Screenshot and axe report in test-artifacts/e2e/.
 */
const fs = require('fs');
const path = require('path');
const assert = require('assert/strict');
const { openTab } = require('./tabs');

const AXE = require.resolve('axe-core/axe.min.js');

// Columns of the Investigators sheet: Email, First Name, Last Name, Middle Name, Title, Degree, Organization ID, City, State/Province, Country, Phone, GCP Training Date.
const INVESTIGATORS = [
  ['ann.smith@mayo.org', 'Ann', 'Smith', '', 'Dr.', 'MD', 'ORG-1', 'Rochester', 'MN', 'US', '+15072842511', ''],
  ['ann.smyth@mayo.org', 'Ann', 'Smyth', '', '', '', 'ORG-1', 'Rochester', 'MN', 'US', '', ''],
  ['Bob.Jones@Mayo.org', 'Bob', 'Jones', '', 'Dr.', '', 'ORG-1', 'Rochester', 'MN', 'US', '', ''],
  ['bob.jones@mayo.org', 'Robert', 'Jones', '', '', '', 'ORG-1', 'Rochester', 'MN', 'US', '', ''],
  ['carla.diaz@mayo.org', 'Carla', 'Diaz', '', 'Dr.', 'PhD', 'ORG-1', 'Rochester', 'MN', 'US', '', ''],
];
const ORGANIZATIONS = [['ORG-1', 'Mayo Clinic', 'Hospital', '200 First St SW', 'Rochester', 'MN', '55905', 'US', '+15072842511']];

async function run({ context, base, out, scenario }) {
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });

  const pane = page.getByTestId('taskpane');
  const h = (fn, ...args) => page.evaluate(fn, ...args);
  const shot = (name) => page.screenshot({ path: path.join(out, `${name}.png`), fullPage: false });
  const cluster = (rows) => pane.locator(`[data-testid="cluster"][data-rows="${rows}"]`);

  await scenario('duplicates on the fake workbook', [
    ['the template and an investigator entered twice', async () => {
      await page.goto(`${base}harness.html`);
      await page.waitForFunction(() => window.__harness && window.__harness.ready);
      await openTab(page, pane, 'Template');
      await pane.getByRole('button', { name: 'Create template' }).click();
      await pane.getByText(/Template ready/).waitFor();
      await h(([o, i]) => Promise.all([window.__harness.loadRows('Organizations', o), window.__harness.loadRows('Investigators', i)]), [ORGANIZATIONS, INVESTIGATORS]);
      await h(() => window.__harness.activate('Investigators'));
      assert.equal((await h(() => window.__harness.getCell('Investigators', 'C3'))).value, 'Smyth');
    }],

    ['Duplicates › the name is asked once, then Find lists both pairs with their evidence', async () => {
      await openTab(page, pane, 'Duplicates');
      await pane.getByTestId('find-duplicates').waitFor(); // the panel is loaded lazily
      // The name is per computer and shared with other panels (another scenario may have entered one): set ours.
      if (!(await pane.getByTestId('who-input').count())) await pane.getByRole('button', { name: 'Change name' }).click();
      await pane.getByTestId('who-input').fill('Dana Steward');
      await pane.getByTestId('who-save').click();
      assert.equal(await pane.getByTestId('who').textContent(), 'Dana Steward');
      await pane.getByTestId('find-duplicates').click();
      await pane.getByText('2 clusters to review.').waitFor();
      const smith = cluster('2, 3');
      assert.match(await smith.getByTestId('evidence').textContent(), /last name Smith ~ Smyth/);
      assert.match(await smith.getByTestId('evidence').textContent(), /same organization ORG-1/);
      assert.match(await cluster('4, 5').getByTestId('evidence').textContent(), /same email bob\.jones@mayo\.org/);
      assert.equal(await smith.getByRole('radio', { name: /Keep: Ann Smith/ }).isChecked(), true, 'the suggested record is chosen');
      assert.equal(await pane.getByTestId('cluster').count(), 2, 'Carla has no twin');
      await shot('duplicates');
    }],

    ['clicking a row number selects that row in the workbook', async () => {
      await cluster('2, 3').getByRole('button', { name: 'Select row 3 of Investigators in the workbook' }).click();
      await page.waitForFunction(() => {
        const s = window.__harness.selected();
        return s && s.sheet === 'Investigators' && s.address === 'A3';
      });
    }],

    ['axe › no serious or critical violations on the Duplicates panel', async () => {
      await page.addScriptTag({ path: AXE });
      // Tabster's focus sentinels are a known false positive (see pane.e2e.js).
      const res = await page.evaluate(() => window.axe.run({ exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] }));
      fs.writeFileSync(path.join(out, 'axe-duplicates.json'), JSON.stringify(res.violations, null, 2));
      const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`), []);
    }],

    ['merge Smith/Smyth; keep the Joneses apart by keyboard', async () => {
      await cluster('2, 3').getByRole('button', { name: 'Merge into row 2: Investigators rows 2, 3' }).click();
      await pane.getByText('Investigators rows 2, 3: merged into row 2.').waitFor();
      await cluster('2, 3').waitFor({ state: 'detached' });
      const notDup = cluster('4, 5').getByRole('button', { name: 'Not a duplicate: Investigators rows 4, 5' });
      await notDup.focus();
      await page.keyboard.press('Enter');
      await pane.getByTestId('no-open-clusters').waitFor();
      assert.deepEqual(await pane.getByTestId('decided').evaluateAll((els) => els.map((e) => e.dataset.verdict)), ['notDuplicate', 'merge']);
      // Both decisions are in the workbook's audit trail (a hidden Audit sheet); the decisions themselves are not in any sheet.
      await page.waitForFunction(() => window.__harness.sheets().includes('Audit'));
      const trail = await h(() => [2, 3, 4, 5, 6].map((r) => ['C', 'D', 'I'].map((c) => (window.__harness.getCell('Audit', `${c}${r}`) || {}).value)));
      const decisions = trail.filter(([, kind]) => kind === 'decision');
      assert.deepEqual(decisions, [['Dana Steward', 'decision', 'merge into row 2'], ['Dana Steward', 'decision', 'distinct records']]);
    }],

    ['re-opening the panel reads the decisions back from the workbook; Find asks nothing', async () => {
      await openTab(page, pane, 'Settings');
      await pane.getByTestId('find-duplicates').waitFor({ state: 'detached' });
      await openTab(page, pane, 'Duplicates');
      await pane.getByTestId('find-duplicates').waitFor();
      // The panel re-reads ctmsCollect.decisions on opening: a decision that was not stored would be gone now.
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="decided"]').length === 2);
      const merged = pane.locator('[data-testid="decided"][data-verdict="merge"]');
      assert.match(await merged.textContent(), /Investigators rows 2, 3: merged into row 2/);
      assert.match(await merged.textContent(), /by Dana Steward/);
      await pane.getByTestId('find-duplicates').click();
      await pane.getByText('0 clusters to review; 2 already decided.').waitFor();
      assert.equal(await pane.getByTestId('cluster').count(), 0);
      await shot('duplicates-decided');
    }],

    ['Undo brings the cluster back', async () => {
      await pane.getByRole('button', { name: 'Undo the decision on Investigators rows 2, 3' }).click();
      await cluster('2, 3').waitFor();
      assert.equal(await pane.getByTestId('decided').count(), 1);
      await cluster('2, 3').scrollIntoViewIfNeeded();
      await shot('duplicates-undone');
    }],

    ['no page errors', async () => {
      assert.deepEqual(pageErrors, []);
    }],
  ]);
  await page.close();
}

module.exports = { run };
