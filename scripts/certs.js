#!/usr/bin/env node
'use strict';
/**
 * `npm run certs`: the one certificate step for development, never with sudo.
 *
 * Makes (or renews) the localhost certificate and its CA in ~/.office-addin-dev-certs with
 * office-addin-dev-certs, then trusts the CA for this user only:
 *   Windows  the user's Root store (certutil -user; Windows asks to confirm)
 *   macOS    the login keychain (macOS asks for your password in a dialog, not sudo)
 *   Linux    the user's NSS database ~/.pki/nssdb, used by Chromium, Chrome and Edge
 *            (needs certutil from libnss3-tools; Firefox keeps its own store)
 * office-addin-dev-certs' own `install` trusts the CA machine-wide on Linux through sudo; this does not.
 *
 * The webpack dev server, `npm start` and the relay's --dev-certs read the same files; they make them
 * when missing but never change what the system trusts.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { X509Certificate } = require('node:crypto');
const { spawnSync } = require('node:child_process');

const DIR = path.join(os.homedir(), '.office-addin-dev-certs');
const CA = path.join(DIR, 'ca.crt');
const CERT = path.join(DIR, 'localhost.crt');
const KEY = path.join(DIR, 'localhost.key');
const NICKNAME = 'Developer CA for Microsoft Office Add-ins';
const DAYS = 30;
const NSSDB = `sql:${path.join(os.homedir(), '.pki', 'nssdb')}`;

/** Still valid for at least a day: a certificate that expires mid-session breaks the pane without a word. */
function fresh(file) {
  try {
    return new Date(new X509Certificate(fs.readFileSync(file)).validTo).getTime() > Date.now() + 24 * 3600 * 1000;
  } catch {
    return false;
  }
}

/** The certificate, key and CA the HTTPS servers use; made (or renewed) here when missing or about to expire. */
async function ensureCertificateFiles() {
  if (!(fresh(CERT) && fresh(CA) && fs.existsSync(KEY))) {
    const devCerts = require('office-addin-dev-certs');
    fs.mkdirSync(DIR, { recursive: true });
    await devCerts.generateCertificates(CA, CERT, KEY, DAYS);
  }
  return { cert: fs.readFileSync(CERT), key: fs.readFileSync(KEY), ca: fs.readFileSync(CA) };
}

const run = (cmd, args) => spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const has = (cmd) => run(process.platform === 'win32' ? 'where' : 'which', [cmd]).status === 0;

/** Whether this user's browsers (and Office) already trust the CA. Reads only. */
function isTrusted() {
  if (process.platform === 'linux') {
    if (has('certutil') && run('certutil', ['-d', NSSDB, '-L', '-n', NICKNAME]).status === 0) return true;
  }
  try {
    return require('office-addin-dev-certs').isCaCertificateInstalled();
  } catch {
    return false;
  }
}

/** Trust the CA for this user only; { trusted, message } in words, with the manual step when it cannot. */
function trustForUser() {
  if (isTrusted()) return { trusted: true, message: `The development CA is already trusted (${CA}).` };
  let r;
  if (process.platform === 'win32') r = run('certutil', ['-user', '-addstore', 'Root', CA]);
  else if (process.platform === 'darwin') r = run('security', ['add-trusted-cert', '-r', 'trustRoot', '-k', path.join(os.homedir(), 'Library/Keychains/login.keychain-db'), CA]);
  else if (process.platform === 'linux') {
    if (!has('certutil')) {
      return { trusted: false, message: `certutil is missing: install libnss3-tools, then run npm run certs again (or import ${CA} in your browser's certificate settings as an authority).` };
    }
    fs.mkdirSync(path.join(os.homedir(), '.pki', 'nssdb'), { recursive: true });
    if (!fs.existsSync(path.join(os.homedir(), '.pki', 'nssdb', 'cert9.db'))) run('certutil', ['-d', NSSDB, '-N', '--empty-password']);
    r = run('certutil', ['-d', NSSDB, '-A', '-t', 'C,,', '-n', NICKNAME, '-i', CA]);
  } else {
    return { trusted: false, message: `This system (${process.platform}) is not one this step knows: trust ${CA} as an authority by hand.` };
  }
  if (r.status === 0) return { trusted: true, message: `Trusted the development CA for this user (${CA}). Restart the browser or Excel to pick it up.` };
  const why = `${r.stderr || r.stdout || (r.error && r.error.message) || ''}`.trim().split('\n')[0];
  return { trusted: false, message: `Could not trust ${CA} for this user${why ? `: ${why}` : ''}. Trust it by hand as an authority in your browser or system settings.` };
}

async function main() {
  await ensureCertificateFiles();
  console.log(`Certificate for https://localhost: ${CERT} (key ${KEY}), renewed when it has under a day left.`);
  const out = trustForUser();
  console.log(out.message);
  process.exitCode = out.trusted ? 0 : 1;
}

module.exports = { ensureCertificateFiles, isTrusted, CERT_DIR: DIR };

if (require.main === module) {
  main().catch((e) => {
    console.error(`certs: ${String((e && e.message) || e).split('\n')[0]}`);
    process.exitCode = 2;
  });
}
