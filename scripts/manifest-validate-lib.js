'use strict';
/**
 * Offline validation of the add-in's XML manifest.
 *
 * `office-addin-manifest validate` calls a Microsoft web service, which these machines cannot
 * reach. Instead we validate with libxml2 (xmllint-wasm) against the manifest XSDs copied into
 * schemas/office-addin-manifest/ (provenance and local fixes in its SOURCE.md), then run a few
 * cheap consistency checks the XSDs cannot express (every resid resolves, Excel is the host,
 * the minimum ExcelApi requirement set is declared).
 *
 * Used by scripts/validate-manifest.js (npm run validate) and test/manifest/manifest.test.ts.
 */
const fs = require('fs');
const path = require('path');
const { validateXML } = require('xmllint-wasm');

const SCHEMA_DIR = path.resolve(__dirname, '..', 'schemas', 'office-addin-manifest');
const MAIN_SCHEMA = 'OfficeAppManifestV1_1.xsd';

/** @type {null | {schema: {fileName: string, contents: string}, preload: {fileName: string, contents: string}[]}} */
let schemaCache = null;

function loadSchemas(schemaDir = SCHEMA_DIR) {
  if (schemaCache && schemaDir === SCHEMA_DIR) return schemaCache;
  const files = fs.readdirSync(schemaDir).filter((f) => f.endsWith('.xsd')).sort();
  if (!files.includes(MAIN_SCHEMA)) {
    throw new Error(`${MAIN_SCHEMA} not found in ${schemaDir}`);
  }
  const read = (fileName) => ({ fileName, contents: fs.readFileSync(path.join(schemaDir, fileName), 'utf8') });
  const loaded = {
    schema: read(MAIN_SCHEMA),
    // The imports use bare schemaLocation file names, so every other XSD goes into xmllint's
    // in-memory file system under its own name.
    preload: files.filter((f) => f !== MAIN_SCHEMA).map(read),
  };
  if (schemaDir === SCHEMA_DIR) schemaCache = loaded;
  return loaded;
}

/** Parses libxml2 lines such as "manifest.xml:12: element Id: Schemas validity error : ...". */
function parseLintOutput(output, fileName) {
  const errors = [];
  for (const raw of String(output).split('\n')) {
    const line = raw.trim();
    if (!line || line.endsWith(' validates') || line.endsWith(' fails to validate')) continue;
    if (/^\^?$/.test(line)) continue;
    const m = /^(.*?):(\d+):\s*(.*)$/.exec(line);
    if (m && m[1] === fileName) {
      errors.push({ line: Number(m[2]), message: m[3].trim() });
    } else if (errors.length && !m) {
      // Continuation lines (source excerpt and caret) of a well-formedness error: skip them.
      continue;
    } else {
      errors.push({ line: null, message: line });
    }
  }
  return errors;
}

function lineOf(xml, index) {
  let line = 1;
  for (let i = 0; i < index && i < xml.length; i++) if (xml.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Checks the XSDs do not make: resids resolve to a resource, the host is Excel, and the
 * minimum requirement set is declared. Regex-based on purpose: the XSD pass has already
 * established the document is well-formed and structurally valid.
 */
function consistencyErrors(xml, options = {}) {
  const errors = [];
  const withoutComments = xml.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '));
  const ids = new Set();
  for (const m of withoutComments.matchAll(/<bt:(?:Image|Url|String)\s+[^>]*\bid="([^"]+)"/g)) {
    if (ids.has(m[1])) errors.push({ line: lineOf(xml, m.index), message: `Duplicate resource id "${m[1]}".` });
    ids.add(m[1]);
  }
  for (const m of withoutComments.matchAll(/\bresid="([^"]+)"/g)) {
    if (!ids.has(m[1])) {
      errors.push({ line: lineOf(xml, m.index), message: `resid "${m[1]}" does not match any id in <Resources>.` });
    }
  }
  if (options.requireWorkbook !== false) {
    if (!/<Host\s+Name="Workbook"\s*\/>/.test(withoutComments)) {
      errors.push({ line: null, message: 'The manifest must declare <Host Name="Workbook"/> (CTMS Collect is an Excel add-in).' });
    }
    const set = /<Set\s+[^>]*Name="ExcelApi"[^>]*>/.exec(withoutComments);
    if (!set) {
      errors.push({ line: null, message: 'The manifest must declare the minimum ExcelApi requirement set in <Requirements><Sets>.' });
    } else if (!/MinVersion="\d+\.\d+"/.test(set[0])) {
      errors.push({ line: lineOf(xml, set.index), message: 'The ExcelApi requirement set must state MinVersion (e.g. "1.7").' });
    }
  }
  return errors;
}

/**
 * Validates manifest XML text.
 * @param {string} xml the manifest's text
 * @param {{fileName?: string, schemaDir?: string, requireWorkbook?: boolean}} [options]
 * @returns {Promise<{valid: boolean, errors: {line: number|null, message: string}[]}>}
 */
async function validateManifest(xml, options = {}) {
  const fileName = path.basename(options.fileName || 'manifest.xml');
  const { schema, preload } = loadSchemas(options.schemaDir || SCHEMA_DIR);
  let errors;
  try {
    const result = await validateXML({
      xml: { fileName, contents: xml },
      schema,
      preload,
    });
    errors = result.valid ? [] : parseLintOutput(result.rawOutput, fileName);
    if (!result.valid && errors.length === 0) errors.push({ line: null, message: result.rawOutput.trim() || 'invalid' });
  } catch (err) {
    // xmllint exits with codes other than 3/4 for documents that are not well-formed XML;
    // xmllint-wasm rejects with its stderr as the message.
    errors = parseLintOutput(err && err.message ? err.message : String(err), fileName);
    if (errors.length === 0) errors.push({ line: null, message: String(err) });
  }
  if (errors.length === 0) errors = consistencyErrors(xml, options);
  return { valid: errors.length === 0, errors };
}

/** Validates a manifest file on disk. */
async function validateManifestFile(file, options = {}) {
  const xml = fs.readFileSync(file, 'utf8');
  return validateManifest(xml, { ...options, fileName: file });
}

/** One line per error, "file:line: message". */
function formatErrors(file, errors) {
  return errors.map((e) => `${file}${e.line != null ? `:${e.line}` : ''}: ${e.message}`).join('\n');
}

module.exports = { validateManifest, validateManifestFile, formatErrors, SCHEMA_DIR };
