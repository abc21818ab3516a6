#!/usr/bin/env node
'use strict';
/**
 * npm run validate  ->  node scripts/validate-manifest.js manifest.xml [more.xml ...]
 *
 * Validates add-in manifests offline against schemas/office-addin-manifest/*.xsd.
 * Prints "OK" per valid file, or each error with its line number; exits 1 if any is invalid.
 */
const path = require('path');
const { validateManifestFile, formatErrors } = require('./manifest-validate-lib');

async function main(argv) {
  const files = argv.length ? argv : ['manifest.xml'];
  let failed = false;
  for (const file of files) {
    const shown = path.relative(process.cwd(), path.resolve(file)) || file;
    try {
      const { valid, errors } = await validateManifestFile(file);
      if (valid) {
        console.log(`${shown}: OK (valid against schemas/office-addin-manifest, offline)`);
      } else {
        failed = true;
        console.error(`${shown}: INVALID (${errors.length} error${errors.length === 1 ? '' : 's'})`);
        console.error(formatErrors(shown, errors));
      }
    } catch (err) {
      failed = true;
      console.error(`${shown}: could not be validated: ${err && err.message ? err.message : err}`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

main(process.argv.slice(2));
