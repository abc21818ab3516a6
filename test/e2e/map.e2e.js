'use strict';
/**
 * The Map step on a partner's own workbook (samples/partner-rows.ts: renamed sheets,
 * own headers, a title row, extra columns, own list spellings) at 320 px, done with the
 * KEYBOARD ONLY: the Map tab, confirming the unsure column in its dropdown, a value for
 * each own spelling and the cells changed, the mapping saved; then Validate, whose
 * highlights must land on the partner's own sheets, and an edit there is re-checked live.
 * Screenshots: map-320-*.png.
 */
const path = require('path');
const assert = require('assert/strict');

const WIDTH = 320;

async function run({ context, base, out, scenario }) {
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  const pane = page.getByTestId('taskpane');
  const shot = (name) => page.screenshot({ path: path.join(out, `map-${WIDTH}-${name}.png`), fullPage: false });
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    return { role: el.getAttribute('role'), value: el.getAttribute('value') || '', label: el.getAttribute('aria-label') || '', text: (el.textContent || '').trim().slice(0, 80), testid: el.getAttribute('data-testid') || '' };
  });
  /** Press Tab (or Shift+Tab) until the focused element matches; a bound, not a timing. */
  const tabTo = async (match, what, back = false) => {
    for (let i = 0; i < 150; i++) {
      const f = await focused();
      if (match(f)) return f;
      await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    }
    throw new Error(`Tab never reached ${what}`);
  };
  /** Open a focused Fluent dropdown, move to the option with the arrows, take it with Enter. */
  const pickWithArrows = async (option) => {
    await page.keyboard.press('Enter');
    const list = page.getByRole('listbox');
    await list.waitFor();
    for (let i = 0; i < 40; i++) {
      const active = await page.evaluate(() => {
        const box = document.querySelector('[role="combobox"][aria-expanded="true"]');
        const id = box && box.getAttribute('aria-activedescendant');
        const el = id && document.getElementById(id);
        return el ? el.textContent.trim() : '';
      });
      if (active === option) { await page.keyboard.press('Enter'); await list.waitFor({ state: 'detached' }); return; }
      await page.keyboard.press('ArrowDown');
    }
    throw new Error(`the option ${option} was never reached with the arrows`);
  };
  const assertFits = async (where) => {
    const f = await page.evaluate(() => {
      const doc = document.documentElement;
      const p = document.querySelector('[data-testid="taskpane"]');
      return { scroll: doc.scrollWidth, client: doc.clientWidth, paneScroll: p.scrollWidth, paneClient: p.clientWidth };
    });
    assert.ok(f.scroll <= f.client, `${where}: the document scrolls sideways (${f.scroll} > ${f.client})`);
    assert.ok(f.paneScroll <= f.paneClient, `${where}: the pane scrolls sideways (${f.paneScroll} > ${f.paneClient})`);
  };

  await scenario(`Map step with the keyboard at ${WIDTH} px`, [
    ['the partner sample loaded; the Map tab opened with Tab and the arrow keys', async () => {
      await page.setViewportSize({ width: WIDTH, height: 900 });
      await page.goto(`${base}harness.html?pane=${WIDTH}`);
      await page.waitForFunction(() => window.__harness && window.__harness.ready);
      await page.evaluate(() => window.__harness.loadPartnerSample());
      await page.evaluate(() => document.activeElement && document.activeElement.blur());
      await tabTo((f) => f.role === 'tab', 'the tab list');
      // The tab list is one Tab stop; the arrows move between its tabs.
      for (let i = 0; i < 8 && (await focused()).value !== 'map'; i++) await page.keyboard.press('ArrowRight');
      assert.equal((await focused()).value, 'map');
      await page.keyboard.press('Enter');
      await pane.getByTestId('map-summary').waitFor({ timeout: 30000 });
      assert.match(await pane.getByTestId('map-summary').textContent(), /3 sheets mapped; 1 column waits for your choice/);
      await assertFits('Map, first look');
      await shot('first');
    }],
    ['the unsure column is confirmed in its dropdown with Enter and the arrows', async () => {
      const opened = pane.getByRole('group', { name: /Opened$/ });
      assert.match(await opened.getByTestId('map-status').textContent(), /unsure — please confirm: may be Site Activation Date/);
      await opened.scrollIntoViewIfNeeded();
      await shot('unsure');
      await tabTo((f) => f.role === 'combobox' && /“Opened”/.test(f.label), 'the dropdown of the column Opened');
      await pickWithArrows('Site Activation Date');
      await pane.getByTestId('map-summary').filter({ hasText: 'nothing waits for your choice' }).waitFor();
      assert.match(await opened.getByTestId('map-status').textContent(), /sure: you chose it/);
      await assertFits('Map, column confirmed');
      await shot('confirmed');
    }],
    ['each own spelling gets an allowed value; the cells change through the accept path', async () => {
      await tabTo((f) => f.role === 'combobox' && /Value for “Open for inclusion” in Study Status/.test(f.label), 'the value dropdown of Study Status');
      await pickWithArrows('Enrolling');
      await tabTo((f) => f.role === 'combobox' && /Value for “Open for inclusion” in Site Status/.test(f.label), 'the value dropdown of Site Status');
      await pickWithArrows('Enrolling');
      await tabTo((f) => f.testid === 'map-apply-values', 'the button that changes the cells');
      await page.keyboard.press('Enter');
      // The first recorded change asks for the steward's name once (a browser profile that has one is not asked).
      const asked = page.getByTestId('name-dialog-input');
      const outcome = pane.getByTestId('map-notice');
      const first = await Promise.race([asked.waitFor({ timeout: 30000 }).then(() => 'asked', () => 'none'), outcome.waitFor({ timeout: 30000 }).then(() => 'done', () => 'none')]);
      if (first === 'asked') {
        await page.keyboard.type('E2E Steward');
        await page.keyboard.press('Enter');
      }
      await outcome.filter({ hasText: 'changed to the values you chose' }).waitFor({ timeout: 30000 });
      assert.match(await outcome.textContent(), /^2 cells changed/);
      const cells = await page.evaluate(() => [window.__harness.getCell('Trial List', 'D4').value, window.__harness.getCell('Centres', 'E4').value]);
      assert.deepEqual(cells, ['Enrolling', 'Enrolling']);
      await outcome.scrollIntoViewIfNeeded();
      await assertFits('Map, values changed');
      await shot('values');
    }],
    ['the mapping is saved under the partner name', async () => {
      await tabTo((f) => f.testid === 'map-partner', 'the partner name');
      await page.keyboard.type('Acme CRO');
      await tabTo((f) => f.testid === 'map-save', 'Save mapping');
      await page.keyboard.press('Enter');
      await pane.getByText(/Mapping saved in this workbook and as “Acme CRO”/).waitFor({ timeout: 30000 });
      await shot('saved');
    }],
    ['Validate (by keyboard) marks the partner’s own sheets and cells', async () => {
      await tabTo((f) => f.role === 'tab', 'the tab list', true);
      for (let i = 0; i < 8 && (await focused()).value !== 'validate'; i++) await page.keyboard.press('ArrowRight');
      assert.equal((await focused()).value, 'validate');
      await page.keyboard.press('Enter');
      await tabTo((f) => f.testid === 'validate', 'the Validate button');
      await page.keyboard.press('Enter');
      await pane.getByTestId('count-errors').waitFor({ timeout: 60000 });
      await page.waitForFunction(() => !document.querySelector('[data-testid="taskpane"] [role="progressbar"]'), null, { timeout: 60000 });
      const fills = await page.evaluate(() => window.__harness.fills());
      const partner = Object.keys(fills).filter((s) => Object.keys(fills[s]).length);
      assert.ok(partner.length > 0, 'no cell was highlighted');
      for (const s of partner) assert.ok(['Hospitals', 'Trial List', 'Centres'].includes(s), `a highlight on ${s}, not on the partner's sheets`);
      const text = await pane.textContent();
      assert.doesNotMatch(text, /\b(Studies|Sites|Organizations)![A-Z]+\d/, 'an issue names the standard\'s sheet instead of the partner\'s');
      await assertFits('Validate on the partner layout');
      await shot('validate');
      assert.deepEqual(pageErrors, []);
    }],
    ['an edit on the partner sheet is re-checked live: the fixed cell loses its mark', async () => {
      // The hospital's name in Chinese characters: flagged on the partner's own cell (Institution, column B).
      const before = await page.evaluate(() => window.__harness.getCell('Hospitals', 'B8'));
      assert.ok(before && before.fill, 'Hospitals!B8 is not highlighted after Validate');
      await page.evaluate(() => window.__harness.setCell('Hospitals', 'B8', "Peking University People's Hospital"));
      await page.waitForFunction(() => window.__harness.getCell('Hospitals', 'B8').fill === null, null, { timeout: 30000 });
      await pane.getByText(/Re-checked 1 edited row in Hospitals/).waitFor({ timeout: 30000 });
      await shot('live');
      assert.deepEqual(pageErrors, []);
    }],
  ]);
  await page.close();
}

module.exports = { run };
