'use strict';
/**
 * The manifest in the repository is the development one: every URL starts with
 * https://localhost:3000/. The build writes a production copy whose URLs start with the
 * deployment base URL (ADDIN_PROD_URL). Used by webpack.config.js; tested in
 * test/manifest/manifest.test.ts.
 */

const DEV_BASE_URL = 'https://localhost:3000/';
const DEFAULT_PROD_BASE_URL = 'https://ctms-collect.example.com/';

/** Normalises a deployment base URL: https only, no query or fragment, trailing slash. */
function normaliseBaseUrl(value) {
  let url;
  try {
    url = new URL(String(value).trim());
  } catch {
    throw new Error(`ADDIN_PROD_URL is not a URL: "${value}"`);
  }
  if (url.protocol !== 'https:') {
    throw new Error(`ADDIN_PROD_URL must use https (Office loads add-ins over HTTPS only): "${value}"`);
  }
  if (url.search || url.hash) throw new Error(`ADDIN_PROD_URL must not have a query or fragment: "${value}"`);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.toString();
}

/** The production base URL from the environment (ADDIN_PROD_URL) or the placeholder default. */
function prodBaseUrl(env = process.env) {
  return normaliseBaseUrl(env.ADDIN_PROD_URL || DEFAULT_PROD_BASE_URL);
}

/**
 * The support page Office links to from the add-in's details (the manifest's SupportUrl): the
 * deploying organisation's help desk when ADDIN_SUPPORT_URL is set (https), else the add-in's own
 * support.html, which says who to ask and where the documentation is.
 */
function supportUrl(env = process.env) {
  if (!env.ADDIN_SUPPORT_URL) return null;
  let url;
  try {
    url = new URL(String(env.ADDIN_SUPPORT_URL).trim());
  } catch {
    throw new Error(`ADDIN_SUPPORT_URL is not a URL: "${env.ADDIN_SUPPORT_URL}"`);
  }
  if (url.protocol !== 'https:') throw new Error(`ADDIN_SUPPORT_URL must use https: "${env.ADDIN_SUPPORT_URL}"`);
  return url.toString();
}

const escapeXmlAttr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * Rewrites every development URL in the manifest to baseUrl; AppDomain entries (origins
 * without a path) become the base URL's origin; SupportUrl becomes `support` when given.
 * XML comments (development notes) are dropped. Throws if a localhost URL would remain.
 */
function rewriteManifestUrls(xml, baseUrl, support = null) {
  const base = normaliseBaseUrl(baseUrl);
  const origin = new URL(base).origin;
  const devOrigin = new URL(DEV_BASE_URL).origin;
  const out = String(xml)
    .replace(/[ \t]*<!--[\s\S]*?-->[ \t]*\r?\n?/g, '')
    .split(DEV_BASE_URL)
    .join(base)
    .split(`<AppDomain>${devOrigin}</AppDomain>`)
    .join(`<AppDomain>${origin}</AppDomain>`)
    .replace(/<SupportUrl DefaultValue="[^"]*"\/>/, (tag) => (support ? `<SupportUrl DefaultValue="${escapeXmlAttr(support)}"/>` : tag));
  if (base !== DEV_BASE_URL && out.includes(devOrigin)) {
    throw new Error(`The production manifest still mentions ${devOrigin}: use ${DEV_BASE_URL}... for every URL in manifest.xml.`);
  }
  return out;
}

module.exports = { DEV_BASE_URL, DEFAULT_PROD_BASE_URL, normaliseBaseUrl, prodBaseUrl, supportUrl, rewriteManifestUrls };
