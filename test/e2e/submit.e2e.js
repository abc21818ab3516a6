'use strict';
/**
 * Submit from the task pane to the reference CTMS, as a newcomer would try it:
 * load the sample workbook, validate and accept all, sign in with the
 * development credentials, dry run, submit, see statuses and target ids in the
 * sheet, then roll back and find the target empty again (asked from Node,
 * through the API, not through the pane). The reference CTMS answers no cross-origin call (as a
 * Vault may not), so the pane is served by the add-in's own server and reaches the CTMS through
 * its relay, as in production.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const assert = require('assert/strict');
const { openTab } = require('./tabs');
const { spawn } = require('child_process');

const ROOT = path.join(__dirname, '..', '..');
const OBJECTS = ['organization__v', 'study__v', 'person__sys', 'site__v', 'study_person__clin'];

/** Starts `ctms-collect ARGS` and resolves the URL its first line announces. */
function startCli(name, args, pattern, env, cleanup) {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'ctms-collect.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  const stop = () => { child.kill('SIGTERM'); if (cleanup) cleanup(); };
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${out}`)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = pattern.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${name} exited (${code}): ${out}`)); });
  });
  return { url, stop };
}

/** The add-in's server on a free port: the built harness, and the relay to the reference CTMS only. */
function startRelay(site, target) {
  return startCli('relay', ['relay', '--port', '0', '--static', site, '--target', target], /Relay listening on (http:\/\/[^\s]+)/, { ...process.env, CTMS_RELAY_LOG_LEVEL: 'warn' });
}

/** The reference CTMS on a free port with its own database; CORS off. */
function startServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctms-submit-e2e-'));
  // The development credentials, whatever the shell has set.
  const env = { ...process.env };
  delete env.CTMS_USER;
  delete env.CTMS_PASSWORD;
  return startCli('reference CTMS', ['serve', '--port', '0', '--db', path.join(dir, 'ctms.sqlite')], /listening on (http:\/\/[^\s]+)\/api\//, env,
    () => fs.rmSync(dir, { recursive: true, force: true }));
}

/** Count records per object, straight from the API. */
async function targetCounts(url) {
  const api = `${url}/api/v24.1`;
  const auth = await (await fetch(`${api}/auth`, { method: 'POST', body: new URLSearchParams({ username: 'dev', password: 'dev-password' }) })).json();
  assert.equal(auth.responseStatus, 'SUCCESS');
  const out = {};
  for (const o of OBJECTS) {
    const body = await (await fetch(`${api}/query`, { method: 'POST', headers: { Authorization: auth.sessionId }, body: new URLSearchParams({ q: `SELECT id FROM ${o}` }) })).json();
    assert.equal(body.responseStatus, 'SUCCESS', JSON.stringify(body));
    out[o] = body.responseDetails.total;
  }
  return out;
}

async function run({ context, out, scenario }) {
  const server = startServer();
  let relay = null;
  let url = null;
  let web = null;
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  const pane = page.getByTestId('taskpane');
  const cell = (sheet, addr) => page.evaluate(([s, a]) => window.__harness.getCell(s, a), [sheet, addr]);
  /** Column letter of a header in row 1 (the managed columns go after the last used one). */
  async function columnOf(sheet, header) {
    for (let c = 0; c < 26; c++) {
      const letter = String.fromCharCode(65 + c);
      const v = await cell(sheet, `${letter}1`);
      if (v && v.value === header) return letter;
    }
    throw new Error(`no ${header} column in ${sheet}`);
  }

  try {
    await scenario('submit from the pane to the reference CTMS', [
      ['the reference CTMS starts on a free port', async () => {
        url = await server.url;
        assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
        assert.deepEqual(Object.values(await targetCounts(url)), [0, 0, 0, 0, 0]);
      }],

      ["the add-in's server serves the harness and relays to the reference CTMS only", async () => {
        // e2e.js builds the harness into out/site; here it is served by the add-in's own server.
        relay = startRelay(path.join(out, 'site'), url);
        web = await relay.url;
        assert.match(web, /^http:\/\/127\.0\.0\.1:\d+$/);
        const config = await (await fetch(`${web}/relay/config`)).json();
        assert.deepEqual(config.targets, [url]);
      }],

      ['Load sample workbook fills the fake workbook', async () => {
        await page.goto(`${web}/harness.html`);
        await page.waitForFunction(() => window.__harness && window.__harness.ready);
        await page.getByTestId('load-sample').click();
        await page.waitForFunction(() => window.__harness.sheets().includes('Site Staff') && window.__harness.getCell('Organizations', 'A6').value === 'ORG-PUH');
        assert.equal((await cell('Organizations', 'G2')).value, '02114'); // text stays text
      }],

      ['Duplicates › the sample has three pairs to review, across spellings and scripts', async () => {
        await openTab(page, pane, 'Duplicates');
        await pane.getByTestId('find-duplicates').click();
        await pane.getByText('3 clusters to review.').waitFor();
        const pair = (sheet, rows) => pane.locator(`[data-testid="cluster"][data-sheet="${sheet}"][data-rows="${rows}"]`);
        assert.match(await pair('Investigators', '4, 5').getByTestId('evidence').textContent(), /Klaus Müller ~ Klaus Mueller/);
        assert.match(await pair('Investigators', '6, 7').getByTestId('evidence').textContent(), /same email zhang\.wei@pkuph\.example\.cn/);
        assert.equal(await pair('Organizations', '4, 7').count(), 1);
        await page.screenshot({ path: path.join(out, 'sample-duplicates.png'), fullPage: false });
      }],

      ['Validate › accept all', async () => {
        await openTab(page, pane, 'Validate');
        await pane.getByTestId('validate').click();
        await pane.getByTestId('count-proposals').waitFor();
        await pane.getByTestId('accept-all').click();
        // The page comes from the add-in's server, an origin of its own: the steward's name is asked there once.
        const done = page.waitForFunction(() => /^0 proposed/.test(document.querySelector('[data-testid="count-proposals"]')?.textContent ?? ''), null, { timeout: 20000 });
        const asked = page.getByTestId('name-dialog-input');
        const first = await Promise.race([done.then(() => 'done'), asked.waitFor({ timeout: 20000 }).then(() => 'asked')]);
        if (first === 'asked') {
          await asked.fill('E2E Steward');
          await page.getByTestId('name-dialog-save').click();
        }
        await done;
      }],

      ['the page cannot call the reference CTMS directly (no CORS)', async () => {
        const direct = await page.evaluate((u) => fetch(`${u}/api/v24.1/auth`, { method: 'POST' }).then(() => 'answered', () => 'blocked'), url);
        assert.equal(direct, 'blocked');
      }],

      ['Submit › sign in with the development credentials, through the relay', async () => {
        await openTab(page, pane, 'Submit');
        await pane.getByTestId('target-url').fill(url);
        await pane.getByTestId('username').fill('dev');
        await pane.getByTestId('password').fill('dev-password');
        await pane.getByTestId('password').press('Enter');
        await pane.getByTestId('signed-in').waitFor();
        assert.match(await pane.getByTestId('signed-in').textContent(), /Signed in as dev/);
        assert.match(await pane.getByTestId('relayed').textContent(), /through the add-in's own server/);
        // Nothing secret in storage.
        const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
        assert.ok(!stored.includes('dev-password'), stored);
      }],

      ['Dry run shows create / update / held back, and sends nothing', async () => {
        await pane.getByTestId('dry-run').click();
        await pane.getByTestId('dry-run-table').waitFor();
        const orgs = pane.getByTestId('plan-Organizations');
        assert.ok(Number(await orgs.getByTestId('plan-create').textContent()) >= 3);
        assert.equal(Number(await orgs.getByTestId('plan-update').textContent()), 0);
        assert.ok((await pane.getByTestId('held-row').count()) >= 1, 'the sample has rows that cannot be sent');
        assert.deepEqual(Object.values(await targetCounts(url)), [0, 0, 0, 0, 0]);
      }],

      ['Submit → sent statuses and target ids in the sheet', async () => {
        await pane.getByTestId('submit').click();
        // The confirm dialog as a keyboard or screen-reader user meets it: the focus on its first button, and the dialog
        // still in the accessibility tree once Fluent's focus manager has settled what the modal hides (it does that
        // on a 250 ms timer; in jsdom, with no layout, it hid the dialog itself: testing/jsdom-layout.ts).
        const dialog = page.getByRole('alertdialog', { name: /^Submit to / });
        await dialog.waitFor();
        await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'confirm-submit');
        await page.waitForTimeout(600);
        assert.equal(await dialog.getAttribute('aria-hidden'), null);
        await dialog.getByRole('button', { name: 'Submit' }).click();
        await pane.getByTestId('reconciliation').waitFor({ timeout: 30000 });
        assert.match(await pane.getByTestId('reconciliation').textContent(), /0 missing from the target, 0 discrepancies/);
        const sc = await columnOf('Organizations', 'CTMS Status');
        const ic = await columnOf('Organizations', 'CTMS Target ID');
        assert.equal((await cell('Organizations', `${sc}2`)).value, 'sent');
        assert.ok(String((await cell('Organizations', `${ic}2`)).value).length > 0);
        const counts = await targetCounts(url);
        assert.ok(counts.organization__v >= 3 && counts.study__v >= 1, JSON.stringify(counts));
        await page.evaluate(() => window.__harness.activate('Organizations'));
        await pane.getByTestId('results').scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(out, 'submit.png'), fullPage: false });
      }],

      ['Rollback: dry run first, then the target is empty again', async () => {
        await pane.getByTestId('rollback').first().click();
        const summary = page.getByTestId('rollback-summary');
        await summary.waitFor();
        assert.match(await summary.textContent(), /would delete \d+ records/);
        assert.ok(Object.values(await targetCounts(url)).some((n) => n > 0), 'the dry run changed nothing');
        await page.screenshot({ path: path.join(out, 'submit-rollback.png'), fullPage: false });
        await page.getByTestId('confirm-rollback').click();
        await pane.locator('[data-testid="transfer"][data-status="rolledBack"]').waitFor({ timeout: 30000 });
        assert.deepEqual(await targetCounts(url), Object.fromEntries(OBJECTS.map((o) => [o, 0])));
        const sc = await columnOf('Organizations', 'CTMS Status');
        assert.equal((await cell('Organizations', `${sc}2`)).value, 'rolled back (deleted)');
        assert.deepEqual(pageErrors, []);
      }],
    ]);
  } finally {
    if (relay) relay.stop();
    server.stop();
    await page.close();
  }
}

module.exports = { run };
