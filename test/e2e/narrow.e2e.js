'use strict';
/**
 * The task pane at the widths Excel gives it (320–450 px): the pane alone in a window
 * that wide (harness ?pane=N), the sample workbook loaded and validated; every one of
 * every panel is opened (from the row or the More menu) and at each the document
 * must not scroll sideways and no button may be cut off at the right edge.
 * Screenshots: narrow-<width>-<panel>.png and narrow-<width>-more.png.
 */
const path = require('path');
const assert = require('assert/strict');
const { openTab } = require('./tabs');

const PANELS = ['Template', 'Map', 'Validate', 'Duplicates', 'Submit', 'Dashboard', 'Quality control', 'Settings'];
/** The panel element's id (the label lower-cased, except Quality control's short id). */
const panelId = (name) => (name === 'Quality control' ? 'qc' : name.toLowerCase());
const WIDTHS = [320, 350, 450];

async function run({ context, base, out, scenario }) {
  for (const width of WIDTHS) {
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    const pane = page.getByTestId('taskpane');
    const shot = (name) => page.screenshot({ path: path.join(out, `narrow-${width}-${name}.png`), fullPage: false });
    /** Sideways scroll of the document or the pane, and controls whose right edge is past the window's. */
    const fit = () => page.evaluate(() => {
      const doc = document.documentElement;
      const paneEl = document.querySelector('[data-testid="taskpane"]');
      const clipped = [...paneEl.querySelectorAll('button, [role="tab"], input, select, [role="combobox"]')]
        .filter((el) => el.getClientRects().length > 0)
        .filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 0.5)
        .map((el) => (el.getAttribute('aria-label') || el.textContent || el.tagName).trim().slice(0, 40));
      // What sticks out, innermost first, so that a failure names it.
      const wide = [...paneEl.querySelectorAll('*')]
        .filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 0.5 && ![...el.children].some((c) => c.getBoundingClientRect().right > doc.clientWidth + 0.5))
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} "${(el.textContent || '').trim().slice(0, 40)}" ${Math.round(el.getBoundingClientRect().width)} px`);
      return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, paneScroll: paneEl.scrollWidth, paneClient: paneEl.clientWidth, clipped, wide };
    });
    const assertFits = async (where) => {
      const f = await fit();
      assert.ok(f.scrollWidth <= f.clientWidth, `${width} px, ${where}: the document scrolls sideways (${f.scrollWidth} > ${f.clientWidth}): ${f.wide.join('; ')}`);
      assert.ok(f.paneScroll <= f.paneClient, `${width} px, ${where}: the pane scrolls sideways (${f.paneScroll} > ${f.paneClient}): ${f.wide.join('; ')}`);
      assert.deepEqual(f.clipped, [], `${width} px, ${where}: controls cut off at the right edge`);
    };

    await scenario(`task pane at ${width} px`, [
      ['the pane alone at that width, the sample workbook validated', async () => {
        await page.setViewportSize({ width, height: 820 });
        await page.goto(`${base}harness.html?pane=${width}`);
        await page.waitForFunction(() => window.__harness && window.__harness.ready);
        await page.evaluate(() => window.__harness.loadSample());
        await openTab(page, pane, 'Validate');
        await pane.getByTestId('validate').click();
        await pane.getByTestId('count-errors').waitFor({ timeout: 30000 });
        await page.waitForFunction(() => !document.querySelector('[data-testid="taskpane"] [role="progressbar"]'), null, { timeout: 30000 });
        await assertFits('Validate after a run');
        await shot('validate');
      }],
      ['every panel is reachable, and none scrolls sideways or cuts a control off', async () => {
        for (const name of PANELS) {
          await openTab(page, pane, name);
          await pane.locator(`#panel-${panelId(name)}`).waitFor();
          await assertFits(name);
          if (name === 'Dashboard' || name === 'Submit') await shot(name.toLowerCase());
        }
      }],
      ['the tabs that do not fit are listed under More, and the row never needs more than the width', async () => {
        const more = pane.getByTestId('more-panels');
        const inRow = await pane.getByRole('tab').count();
        if (inRow < PANELS.length) {
          await more.click();
          const items = await page.getByRole('menuitem').allTextContents();
          assert.equal(inRow + items.length, PANELS.length, `row ${inRow} + menu ${items.join(', ')} must be every panel`);
          await shot('more');
          await page.keyboard.press('Escape');
        }
        const nav = await pane.getByTestId('panel-nav').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
        assert.ok(nav.scroll <= nav.client, `the tab row needs ${nav.scroll} px of ${nav.client}`);
        assert.deepEqual(pageErrors, []);
      }],
    ]);
    await page.close();
  }
}

module.exports = { run };
