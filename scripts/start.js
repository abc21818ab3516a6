#!/usr/bin/env node
'use strict';
/**
 * npm start: everything a newcomer needs to try CTMS Collect locally.
 *
 *   1. makes sure the HTTPS development certificates exist (office-addin-dev-certs; if they
 *      cannot be trusted on this machine it says so and carries on),
 *   2. starts the reference CTMS (node bin/ctms-collect.js serve --port 8787) on http://127.0.0.1:8787,
 *      with CORS off, as a real Vault may be,
 *   3. starts the add-in's relay (node bin/ctms-collect.js relay) on http://127.0.0.1:3001, allowed to
 *      call the reference CTMS only,
 *   4. starts the webpack dev server on https://localhost:3000 (task pane, commands, harness), passing
 *      /relay/* to the relay: the pane reaches the CTMS through it, as in production,
 *   5. prints the URLs, the development credentials and how to sideload into Excel.
 *
 * Ctrl-C stops all three. Options: --no-ctms (skip the reference CTMS), --ctms-port N.
 * Environment: CTMS_USER / CTMS_PASSWORD override the development credentials.
 */
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const withCtms = !args.includes('--no-ctms');
const portArg = args.indexOf('--ctms-port');
const CTMS_PORT = portArg >= 0 ? Number(args[portArg + 1]) : 8787;
const CTMS_URL = `http://127.0.0.1:${CTMS_PORT}`;
const DB = path.join('.ctms-data', 'ctms.sqlite');
const WEB = 'https://localhost:3000';
const RELAY_PORT = 3001;
const RELAY_URL = `http://127.0.0.1:${RELAY_PORT}`;

const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, s) => (useColour ? `\x1b[${code}m${s}\x1b[0m` : s);
const bold = (s) => paint('1', s);

/** Pipes a child's output line by line with a prefix. */
function prefixLines(stream, prefix, out, onLine) {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i).replace(/\r$/, '');
      buf = buf.slice(i + 1);
      out.write(`${prefix} ${line}\n`);
      if (onLine) onLine(line);
    }
  });
  stream.on('end', () => {
    if (buf) out.write(`${prefix} ${buf}\n`);
  });
}

/** The certificate files exist (made when missing); whether this user trusts them is only read, never changed here. */
async function ensureCerts() {
  const { ensureCertificateFiles, isTrusted } = require('./certs');
  try {
    await ensureCertificateFiles();
  } catch (err) {
    console.warn(paint('33', `[start] No development certificate could be made: ${String((err && err.message) || err).split('\n')[0]}`));
    return false;
  }
  return isTrusted();
}

function banner(certsTrusted) {
  const user = process.env.CTMS_USER || 'dev';
  const password = process.env.CTMS_PASSWORD ? '(from CTMS_PASSWORD)' : 'dev-password';
  const lines = [
    '',
    bold('CTMS Collect: development'),
    `  Task pane        ${WEB}/taskpane.html   (must be opened from Excel; in a browser it says so)`,
    `  Harness          ${WEB}/harness.html    (the task pane against a fake Excel workbook, no Office needed)`,
    withCtms
      ? `  Relay            ${WEB}/relay → ${CTMS_URL}  (the pane's calls to the reference CTMS go through it)`
      : '',
    withCtms
      ? `  Reference CTMS   ${CTMS_URL}         user ${bold(user)}  password ${bold(password)}${process.env.CTMS_USER || process.env.CTMS_PASSWORD ? '' : '  (development credentials; set CTMS_USER / CTMS_PASSWORD to change)'}`
      : '  Reference CTMS   not started (--no-ctms)',
    `  Manifest         ${path.join(ROOT, 'manifest.xml')}`,
    certsTrusted ? '' : paint('33', `  HTTPS            certificate NOT trusted yet: run npm run certs once (for this user, no sudo), or open ${WEB}/taskpane.html and accept it`),
    '',
    bold('Sideload into Excel'),
    '  Excel on the web  Open a workbook > Insert > Add-ins (newer ribbon: Home > Add-ins > More Add-ins) >',
    '                    My Add-ins > Upload My Add-in > choose manifest.xml. Then Home > CTMS Collect opens the pane.',
    '  Excel desktop     npx office-addin-debugging start manifest.xml desktop   (Windows and Mac; opens Excel with the add-in)',
    '                    Windows, by hand: share a folder holding manifest.xml, add it as a Trusted Add-in Catalog',
    '                    (File > Options > Trust Center > Trusted Add-in Catalogs, tick "Show in Menu"), restart Excel,',
    '                    then Home > Add-ins > Shared Folder.',
    '                    Mac, by hand: copy manifest.xml to ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef/',
    '                    (create wef if needed), restart Excel, then Home > Add-ins.',
    '',
    'Ctrl-C stops the dev server, the relay and the reference CTMS.',
    '',
  ].filter((l, i, a) => l !== '' || a[i - 1] !== '');
  console.log(lines.join('\n'));
}

async function main() {
  console.log('[start] Checking the HTTPS development certificates (~/.office-addin-dev-certs)...');
  const certsTrusted = await ensureCerts();

  const children = [];
  let stopping = false;

  const stopAll = (code) => {
    if (stopping) return;
    stopping = true;
    for (const { child } of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    }
    // Force after a grace period; exit as soon as every child has gone.
    const force = setTimeout(() => {
      for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }, 5000);
    force.unref();
    const waitAll = Promise.all(children.map(({ exited }) => exited));
    waitAll.then(() => process.exit(code));
  };

  const run = (name, colour, command, commandArgs, opts = {}) => {
    const child = spawn(command, commandArgs, { cwd: ROOT, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const prefix = paint(colour, `[${name}]`);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    prefixLines(child.stdout, prefix, process.stdout, opts.onLine);
    prefixLines(child.stderr, prefix, process.stderr, opts.onLine);
    child.on('error', (err) => console.error(`${prefix} could not start: ${err.message}`));
    child.on('exit', (code, signal) => {
      if (stopping) return;
      console.error(`${prefix} exited (${signal || `code ${code}`}).`);
      if (opts.onExit) opts.onExit(code);
    });
    children.push({ name, child, exited });
    return child;
  };

  if (withCtms) {
    fs.mkdirSync(path.join(ROOT, path.dirname(DB)), { recursive: true });
    run('ctms', '35', process.execPath, [path.join('bin', 'ctms-collect.js'), 'serve', '--port', String(CTMS_PORT), '--db', DB], {
      onExit: () => console.error('[start] The reference CTMS stopped; the task pane still runs (transfers will fail until it is back).'),
    });
  }

  // The relay logs only refusals and failures here (a line per call would drown the dev server's output).
  run('relay', '33', process.execPath, [path.join('bin', 'ctms-collect.js'), 'relay', '--port', String(RELAY_PORT), ...(withCtms ? ['--target', CTMS_URL] : [])], {
    env: { CTMS_RELAY_LOG_LEVEL: 'warn' },
    onExit: () => console.error('[start] The relay stopped; the pane cannot reach the reference CTMS until npm start is restarted.'),
  });

  let shownReady = false;
  let portHintShown = false;
  run('web', '36', process.execPath, [require.resolve('webpack-cli/bin/cli.js'), 'serve', '--mode', 'development'], {
    env: { CTMS_RELAY_DEV: RELAY_URL },
    onLine: (line) => {
      if (/EADDRINUSE/.test(line) && !portHintShown) {
        portHintShown = true;
        console.error('[start] Port 3000 is already in use (another dev server?). Stop it first: the manifest expects https://localhost:3000.');
      }
      if (!shownReady && /compiled (successfully|with )/.test(line)) {
        shownReady = true;
        banner(certsTrusted);
      }
    },
    onExit: (code) => {
      console.error('[start] The dev server stopped; stopping everything.');
      stopAll(code || 1);
    },
  });

  console.log(`[start] Starting the dev server on ${WEB}${withCtms ? ` and the reference CTMS on ${CTMS_URL}` : ''}; instructions follow once the first build is done.`);
  setTimeout(() => {
    if (!shownReady) {
      shownReady = true;
      banner(certsTrusted);
    }
  }, 120000).unref();
  process.on('SIGINT', () => {
    console.log('\n[start] Stopping...');
    stopAll(0);
  });
  process.on('SIGTERM', () => stopAll(0));
}

main().catch((err) => {
  console.error(`[start] ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
