'use strict';
/**
 * The task pane in a real browser against the fake workbook: template, paste rows
 * derived from ClinicalTrials.gov with seeded errors, validate, see the marks and the
 * list, click an issue, set the date order, accept a rule and then all, fix what no
 * rule can, validate clean. Screenshots and axe reports go to test-artifacts/e2e/.
 */
const fs = require('fs');
const path = require('path');
const assert = require('assert/strict');
const { openTab } = require('./tabs');
const { scenarioRows } = require('./ctgov-rows');

const ROOT = path.join(__dirname, '..', '..');
const AXE = require.resolve('axe-core/axe.min.js');

/** The mark colours, read from the one table the pane and the CLI use (src/core/verify/messages.ts). */
/**
 * The first recorded action of a workbook asks for the steward's name (once, in a dialog);
 * a browser profile that already holds one is not asked. Wait for whichever comes first.
 */
async function templateReady(page, pane) {
  const asked = page.getByTestId('name-dialog-input');
  const first = await Promise.race([
    asked.waitFor().then(() => 'asked', () => 'timeout'),
    pane.getByText(/Template ready/).waitFor().then(() => 'ready', () => 'timeout'),
  ]);
  if (first === 'timeout') throw new Error('neither the name dialog nor "Template ready" appeared');
  if (first === 'asked') {
    await asked.fill('E2E Steward');
    await page.getByTestId('name-dialog-save').click();
    await pane.getByText(/Template ready/).waitFor();
  }
}

function markColors() {
  const src = fs.readFileSync(path.join(ROOT, 'src/core/verify/messages.ts'), 'utf8');
  const block = /MARK_COLORS = \{([^}]*)\}/.exec(src)[1];
  return Object.fromEntries([...block.matchAll(/(\w+): '(#[0-9A-Fa-f]{6})'/g)].map((m) => [m[1], m[2].toUpperCase()]));
}

const SHEETS = ['Organizations', 'Studies', 'Sites', 'Investigators', 'Site Staff'];

async function run({ context, base, out, scenario }) {
  const MARK = markColors();
  const { rows, seeds } = scenarioRows();
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(`${m.text()} ${m.args().length > 1 ? JSON.stringify(m.location()) : ''}`); });
  page.on('requestfailed', (r) => pageErrors.push(`request failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) pageErrors.push(`HTTP ${r.status()}: ${r.url()}`); });

  const pane = page.getByTestId('taskpane');
  const h = (fn, ...args) => page.evaluate(fn, ...args);
  const cell = (sheet, addr) => h(([s, a]) => window.__harness.getCell(s, a), [sheet, addr]);
  const shot = async (name) => page.screenshot({ path: path.join(out, `${name}.png`), fullPage: false });
  const count = async (kind) => Number((await pane.getByTestId(`count-${kind}`).textContent()).split(' ')[0]);
  /** Wait until the pane is idle again and shows the expected counts. */
  async function waitCounts(expected, timeout = 20000) {
    const t0 = Date.now();
    for (;;) {
      const idle = (await pane.getByRole('progressbar').count()) === 0;
      const ok = idle && (await pane.getByTestId('count-errors').count()) > 0;
      const now = ok ? { errors: await count('errors'), warnings: await count('warnings'), proposals: await count('proposals') } : null;
      if (now && Object.entries(expected).every(([k, v]) => now[k] === v)) return now;
      if (Date.now() - t0 > timeout) throw new Error(`counts ${JSON.stringify(now)} never became ${JSON.stringify(expected)}`);
      await page.waitForTimeout(100);
    }
  }
  async function axe(name) {
    await page.addScriptTag({ path: AXE });
    // Tabster's focus-redirect sentinels (<i data-tabster-dummy aria-hidden tabindex=0>, inside every Fluent
    // TabList/Accordion) are a documented false positive of aria-hidden-focus (microsoft/tabster#288); the rest is checked.
    const res = await page.evaluate(() => window.axe.run({ exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] }));
    fs.writeFileSync(path.join(out, `axe-${name}.json`), JSON.stringify(res.violations, null, 2));
    const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const summary = bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}× e.g. ${v.nodes[0].target.join(' ')})`);
    assert.deepEqual(summary, [], `axe found serious/critical violations:\n${summary.join('\n')}`);
  }
  /** Issues of collapsed sheets are not rendered: open every sheet group, then read the list. */
  async function listedIssues() {
    const headers = pane.getByTestId('issue-sheet').getByRole('button');
    for (let i = 0; i < (await headers.count()); i++) {
      if ((await headers.nth(i).getAttribute('aria-expanded')) !== 'true') await headers.nth(i).click();
    }
    return pane.getByTestId('issue').evaluateAll((els) => els.map((e) => `${e.dataset.cell} ${e.dataset.rule}`));
  }

  await scenario('task pane on the fake workbook', [
    ['the harness opens with the pane and an empty workbook', async () => {
      await page.goto(`${base}harness.html`);
      await page.waitForFunction(() => window.__harness && window.__harness.ready);
      await pane.getByRole('tab', { name: 'Template' }).waitFor();
      assert.deepEqual(await h(() => window.__harness.sheets()), ['Sheet1']);
    }],

    ['Template › Create template adds the sheets of the standard', async () => {
      await openTab(page, pane, 'Template');
      await pane.getByRole('button', { name: 'Create template' }).click();
      await templateReady(page, pane);
      const sheets = await h(() => window.__harness.sheets());
      for (const s of SHEETS) assert.ok(sheets.includes(s), `sheet ${s} missing: ${sheets}`);
      const a1 = await cell('Sites', 'A1');
      assert.equal(a1.text, 'Study Number');
      assert.ok(a1.fill, 'header cells are filled');
      await h(() => window.__harness.activate('Sites'));
      await shot('01-template');
    }],

    ['rows derived from ClinicalTrials.gov, with seeded errors, are pasted in', async () => {
      for (const s of SHEETS) await h(([sheet, r]) => window.__harness.loadRows(sheet, r), [s, rows[s]]);
      assert.equal((await cell('Organizations', 'H3')).value, 'USA');
      assert.equal((await cell('Sites', 'J4')).value, -5);
      await h(() => window.__harness.activate('Investigators'));
      await shot('02-filled');
    }],

    ['Validate › counts, marks and notes', async () => {
      await openTab(page, pane, 'Validate');
      await pane.getByTestId('validate').click();
      // Seeded: negative count, Chinese name (with its romanization proposed), missing organization (errors); 03/04/2021 (warning).
      await waitCounts({ errors: 3, warnings: 1, proposals: 51 });
      assert.equal((await cell('Sites', 'J4')).fill, MARK.error);
      assert.match((await cell('Sites', 'J4')).note, /negative/);
      assert.equal((await cell('Investigators', 'C6')).fill, MARK.error);
      assert.equal((await cell('Sites', 'C6')).fill, MARK.error);
      assert.equal((await cell('Investigators', 'L5')).fill, MARK.warning);
      assert.equal((await cell('Organizations', 'H3')).fill, MARK.proposal);
      assert.match((await cell('Organizations', 'H3')).note, /USA → US/);
      assert.equal((await cell('Site Staff', 'D4')).fill, MARK.proposal);
      assert.match((await cell('Site Staff', 'D4')).note, /Sub Investigator/);
    }],

    ['Validate › the issue list names every seeded problem', async () => {
      const cells = await listedIssues();
      for (const want of ['Sites!J4 type', 'Sites!C6 reference', 'Investigators!C6 charset', 'Investigators!L5 ambiguousDate']) {
        assert.ok(cells.includes(want), `issue ${want} not listed: ${cells.join(', ')}`);
      }
      await pane.getByTestId('proposal-rule').first().waitFor();
      await h(() => window.__harness.activate('Sites'));
      await shot('03b-issue-list');
      await pane.evaluate((el) => { el.scrollTop = 0; });
      await shot('03-validated');
    }],

    ['axe › no serious or critical violations after validation', async () => {
      await axe('validated');
    }],

    ['Tab walks from the tab list to Validate, Accept all, the filters and the issues', async () => {
      await pane.getByRole('tab', { name: 'Validate' }).focus();
      const seen = [];
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        seen.push(await page.evaluate(() => {
          const el = document.activeElement;
          return el.dataset.testid || el.getAttribute('role') || el.tagName.toLowerCase();
        }));
        if (seen[seen.length - 1] === 'issue') break;
      }
      const order = ['validate', 'accept-all', 'select', 'issue'].map((k) => seen.indexOf(k));
      assert.ok(order.every((x, i) => x >= 0 && (i === 0 || x > order[i - 1])), `Tab order: ${seen.join(' → ')}`);
      await shot('03c-keyboard-focus');
    }],

    ['clicking an issue selects its cell in the workbook', async () => {
      await pane.locator('[data-testid="issue"][data-cell="Sites!J4"]').click();
      await page.waitForFunction(() => {
        const s = window.__harness.selected();
        return s && s.sheet === 'Sites' && s.address === 'J4';
      });
      await page.locator('[data-testid="workbook"] td[data-addr="J4"][data-selected="true"]').waitFor();
      assert.equal(await page.getByTestId('name-box').textContent(), 'Sites!J4');
      assert.match(await page.getByTestId('selected-note').textContent(), /negative/);
      await shot('04-issue-selected');
    }],

    ['the keyboard reaches an issue: Tab focus + Enter selects its cell', async () => {
      const item = pane.locator('[data-testid="issue"][data-cell="Investigators!C6"]');
      await item.focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => {
        const s = window.__harness.selected();
        return s && s.sheet === 'Investigators' && s.address === 'C6';
      });
      // Focus must be visible where it landed (Fluent draws it only for keyboard users).
      await page.keyboard.press('Tab');
      await page.keyboard.press('Shift+Tab');
      const outline = await item.evaluate((el) => {
        const cs = getComputedStyle(el, '::after');
        return `${getComputedStyle(el).outlineStyle}|${cs.borderTopStyle}|${cs.content}`;
      });
      assert.ok(!/^none\|none\|none$/.test(outline), `no visible focus indicator (${outline})`);
    }],

    ['Settings › day-first date order makes 03/04/2021 a proposal', async () => {
      // By keyboard: arrows move between the tabs in the row, End reaches the last one; the tabs that did not
      // fit the pane are in the More menu, next in Tab order, opened with Enter and walked with the arrows.
      await pane.getByRole('tab', { name: 'Validate' }).focus();
      await page.keyboard.press('ArrowRight');
      assert.equal(await pane.getByRole('tab', { name: 'Validate' }).evaluate((el) => el !== document.activeElement), true, 'ArrowRight moves off Validate');
      await page.keyboard.press('End');
      assert.equal(await pane.getByRole('tab').last().evaluate((el) => el === document.activeElement), true, 'End moves to the last tab in the row');
      if (await pane.getByRole('tab', { name: 'Settings' }).isVisible()) {
        assert.equal(await pane.getByRole('tab', { name: 'Settings' }).evaluate((el) => el === document.activeElement), true, 'End moves to Settings');
      } else {
        await page.keyboard.press('Tab');
        assert.equal(await pane.getByTestId('more-panels').evaluate((el) => el === document.activeElement), true, 'Tab moves from the tabs to More');
        await page.keyboard.press('Enter');
        const settings = page.getByRole('menuitem', { name: 'Settings' });
        await settings.waitFor();
        for (let i = 0; i < 6 && !(await settings.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('ArrowDown');
        assert.equal(await settings.evaluate((el) => el === document.activeElement), true, 'the arrows reach Settings in the More menu');
      }
      await page.keyboard.press('Enter');
      await pane.getByRole('radio', { name: /Day first/ }).check();
      await openTab(page, pane, 'Validate');
      await pane.getByText(/Settings changed since this result was made/).waitFor();
      await pane.getByTestId('validate').click();
      await waitCounts({ errors: 3, warnings: 0, proposals: 52 });
      assert.equal((await cell('Investigators', 'L5')).fill, MARK.proposal);
    }],

    ['Accept all of one rule (T-PHASE)', async () => {
      await pane.getByTestId('proposal-rule').filter({ hasText: 'Map study phases' }).getByRole('button').click();
      await pane.getByTestId('accept-rule-T-PHASE').click();
      await waitCounts({ proposals: 51 });
      assert.equal((await cell('Studies', 'C3')).value, 'Not Applicable');
      assert.equal((await cell('Studies', 'C3')).fill, null, 'the mark is gone once accepted');
    }],

    ['Accept all, then re-validation shows 0 proposals and only what no rule can fix', async () => {
      await pane.getByTestId('accept-all').click();
      // The Chinese name's romanization was among them, so only what no rule can fix is left.
      await waitCounts({ errors: 2, warnings: 0, proposals: 0 });
      const left = await listedIssues();
      // T-FSFV is the recorded mapping decision (info on the header), not a problem of a value.
      assert.deepEqual(left.filter((x) => !x.endsWith('T-FSFV')).sort(), ['Sites!C6 reference', 'Sites!J4 type']);
      assert.equal((await cell('Organizations', 'H3')).value, 'US');
      assert.equal((await cell('Site Staff', 'D4')).value, 'Sub Investigator');
      assert.equal((await cell('Investigators', 'L5')).text, '2021-04-03');
      assert.equal((await cell('Investigators', 'K5')).value, '+17346473704');
      await h(() => window.__harness.activate('Organizations'));
      await shot('05-accepted');
    }],

    ['fixing the rest by hand, validation is clean', async () => {
      for (const s of seeds.filter((x) => x.fix !== null)) {
        await h(([sheet, addr, v]) => window.__harness.setCell(sheet, addr, v), [s.sheet, s.cell, s.fix]);
      }
      await pane.getByTestId('validate').click();
      await waitCounts({ errors: 0, warnings: 0, proposals: 0 });
      const marks = new Set([MARK.error, MARK.warning, MARK.proposal]);
      const fills = await h(() => window.__harness.fills());
      const marked = Object.entries(fills).flatMap(([s, m]) => Object.entries(m).filter(([, c]) => marks.has(c.toUpperCase())).map(([a]) => `${s}!${a}`));
      assert.deepEqual(marked, [], 'no error, warning or proposal marks remain');
      await h(() => window.__harness.activate('Sites'));
      await shot('06-clean');
    }],

    ['axe › no serious or critical violations when clean', async () => {
      await axe('clean');
    }],

    ['no errors in the page console', async () => {
      assert.equal(pageErrors.length, 0, `page errors:\n${pageErrors.map((e) => e.slice(0, 300)).join('\n')}`);
    }],
  ]);
  await page.close();

  // Excel below ExcelApi 1.18 has no notes: the same pane explains flagged cells with comments (1.10).
  const old = await context.newPage();
  const oldPane = old.getByTestId('taskpane');
  await scenario('task pane on an older Excel (ExcelApi 1.10)', [
    ['validation explains cells with comments instead of notes', async () => {
      await old.goto(`${base}harness.html?api=1.10`);
      await old.waitForFunction(() => window.__harness && window.__harness.ready);
      await oldPane.getByRole('button', { name: 'Create template' }).click();
      await templateReady(old, oldPane);
      for (const s of SHEETS) await old.evaluate(([sheet, r]) => window.__harness.loadRows(sheet, r), [s, rows[s]]);
      await openTab(old, oldPane, 'Validate');
      await oldPane.getByTestId('validate').click();
      await oldPane.getByTestId('count-errors').waitFor();
      const stats = await old.evaluate(() => window.__harness.stats());
      assert.equal(stats.notes, 0);
      assert.ok(stats.comments > 0, 'comments carry the explanations');
      const j4 = await old.evaluate(() => window.__harness.getCell('Sites', 'J4'));
      assert.equal(j4.fill, MARK.error);
      assert.match(j4.note, /negative/);
    }],
  ]);
  await old.close();
}

module.exports = { run };
