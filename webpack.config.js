'use strict';
/**
 * Browser bundles of the add-in.
 *
 *   npm run build       webpack --mode production  -> dist/ (taskpane, commands; office.js from
 *                       Microsoft's CDN; dist/manifest.xml (localhost) + dist/manifest.prod.xml
 *                       (ADDIN_PROD_URL)), then scripts/bundle-size.js checks the budget.
 *   npm run build:dev   development build, also the harness, office.js copied from
 *                       @microsoft/office-js (these machines have no internet).
 *   npm run dev-server  HTTPS dev server on https://localhost:3000 (office-addin-dev-certs).
 *   npm run harness     same with --env harness.
 *
 * Env options (--env): harness (include the harness page and local office.js even in
 * production mode), sourcemap (emit source maps in production).
 * Environment: ADDIN_PROD_URL (production base URL, default https://ctms-collect.example.com/);
 * ADDIN_SUPPORT_URL (https; the manifest's SupportUrl in production, default ADDIN_PROD_URL/support.html);
 * CTMS_RELAY_DEV (the relay's address; the dev server passes /relay/* to it; set by npm start).
 */
const fs = require('fs');
const path = require('path');
const { builtinModules } = require('module');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const { DEV_BASE_URL, prodBaseUrl, rewriteManifestUrls, supportUrl } = require('./scripts/manifest-urls');

const ROOT = __dirname;
const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const OFFICE_JS_DIR = path.dirname(require.resolve('@microsoft/office-js/dist/office.js'));
/** Local copy of office.js: the loader plus what it loads for Excel and en-US, not the 86 MB. */
const OFFICE_JS_FILES = ['office.js', 'o15apptofilemappingtable.js', 'excel-*.js', 'en-us/*.js', 'telemetry/*.js', 'ariatelemetry/*.js'];
const LOCAL_OFFICE_JS = 'office-js/office.js';
const DEV_PORT = 3000;

/** Packages that must never reach a browser bundle (CLI/server only), plus Node built-ins. */
const SERVER_ONLY = /^(exceljs|fastify|@fastify\/.*|better-sqlite3|commander|tsx|cli-progress)(\/.*)?$/;
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * Fails the build when browser code reaches for a CLI/server package, or when our own code
 * imports a Node built-in. (Inside node_modules a few browser shims share a built-in's name,
 * e.g. webpack's HMR client uses the "events" package; other built-ins fail to resolve anyway,
 * since no Node polyfills are configured.)
 */
function forbidServerModules({ request, context }, callback) {
  const ours = Boolean(context) && !/[\\/]node_modules[\\/]/.test(context);
  const builtin = Boolean(request) && (NODE_BUILTINS.has(request) || request.startsWith('node:'));
  if (request && (SERVER_ONLY.test(request) || (builtin && ours))) {
    const from = context ? path.relative(ROOT, context) || '.' : '?';
    return callback(
      new Error(
        `"${request}" (imported from ${from}) is Node/CLI-only and must not be bundled for the browser. ` +
          'Keep src/core pure and reach Node things only from src/cli or src/server.',
      ),
    );
  }
  return callback();
}

/**
 * HTTPS options for the dev server: the office-addin-dev-certs files in ~/.office-addin-dev-certs, made
 * here when missing, never installed (trusting them is `npm run certs`, for this user, without sudo).
 */
async function httpsServer() {
  try {
    const { ensureCertificateFiles } = require('./scripts/certs');
    return { type: 'https', options: await ensureCertificateFiles() };
  } catch (err) {
    console.warn(
      `\n[ctms-collect] No development certificate could be made (${String((err && err.message) || err).split('\n')[0]}).\n` +
        "[ctms-collect] Falling back to webpack-dev-server's self-signed certificate: browsers and Office will not trust it\n" +
        '[ctms-collect] until you accept it (open https://localhost:3000 once).\n',
    );
    return 'https';
  }
}

module.exports = async (env = {}, argv = {}) => {
  const mode = argv.mode || (env.WEBPACK_SERVE ? 'development' : 'production');
  const production = mode === 'production';
  // The harness page (and the local office.js it needs) is in every development build and in
  // production only when asked for explicitly; `npm run build` never ships it.
  const harness = !production || Boolean(env.harness);
  const localOfficeJs = harness;
  const officeJsUrl = localOfficeJs ? LOCAL_OFFICE_JS : OFFICE_JS_CDN;
  const harnessEntry = path.join(ROOT, 'src/harness/index.tsx');
  const harnessHtml = path.join(ROOT, 'src/harness/harness.html');
  const withHarness = harness && fs.existsSync(harnessEntry);
  const serving = Boolean(env.WEBPACK_SERVE);
  const sourceMaps = production ? Boolean(env.sourcemap) && 'source-map' : 'eval-cheap-module-source-map';

  const page = (name, template, chunks) =>
    new HtmlWebpackPlugin({
      filename: `${name}.html`,
      template,
      chunks,
      templateParameters: { officeJsUrl },
      scriptLoading: 'defer',
      inject: 'body',
      minify: production,
    });

  return {
    mode,
    context: ROOT,
    target: ['web', 'es2019'],
    devtool: sourceMaps,
    entry: {
      taskpane: './src/taskpane/index.tsx',
      commands: './src/commands/commands.ts',
      ...(withHarness ? { harness: './src/harness/index.tsx' } : {}),
    },
    output: {
      path: path.join(ROOT, 'dist'),
      filename: production ? '[name].[contenthash:8].js' : '[name].js',
      chunkFilename: production ? '[name].[contenthash:8].js' : '[name].js',
      clean: true,
    },
    resolve: {
      extensions: ['.tsx', '.ts', '.mjs', '.js', '.json'],
      // Keep the browser bundles honest: no Node polyfills (src/core is pure).
      fallback: {},
    },
    externals: [forbidServerModules],
    module: {
      rules: [
        {
          test: /\.[cm]?tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'swc-loader',
            options: {
              jsc: {
                parser: { syntax: 'typescript', tsx: true },
                transform: { react: { runtime: 'automatic', development: !production, refresh: false } },
                target: 'es2019',
              },
              sourceMaps: Boolean(sourceMaps),
            },
          },
        },
        // JSON imports (e.g. the shipped standard) are handled natively by webpack 5.
      ],
    },
    plugins: [
      page('taskpane', './src/taskpane/taskpane.html', ['taskpane']),
      page('commands', './src/commands/commands.html', ['commands']),
      ...(withHarness && fs.existsSync(harnessHtml) ? [page('harness', './src/harness/harness.html', ['harness'])] : []),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets', to: 'assets', globOptions: { ignore: ['**/.*'] } },
          // The manifest's SupportUrl unless ADDIN_SUPPORT_URL names the deploying organisation's own page.
          { from: 'src/support.html', to: 'support.html' },
          // Development manifest as it is in the repository (https://localhost:3000).
          { from: 'manifest.xml', to: 'manifest.xml' },
          {
            from: 'manifest.xml',
            to: 'manifest.prod.xml',
            transform: {
              cache: false,
              transformer: async (content) => {
                const xml = rewriteManifestUrls(content.toString('utf8'), prodBaseUrl(), supportUrl());
                const { validateManifest, formatErrors } = require('./scripts/manifest-validate-lib');
                const { valid, errors } = await validateManifest(xml, { fileName: 'manifest.prod.xml' });
                if (!valid) throw new Error(`dist/manifest.prod.xml is invalid:\n${formatErrors('manifest.prod.xml', errors)}`);
                return xml;
              },
            },
          },
          ...(localOfficeJs
            ? OFFICE_JS_FILES.map((glob) => ({ from: glob, context: OFFICE_JS_DIR, to: 'office-js/' }))
            : []),
        ],
      }),
    ],
    optimization: {
      splitChunks: {
        // Named vendor chunks for what the entry pages load up front only; anything behind a
        // dynamic import() (charts, heavy panels) stays in its own async chunk.
        cacheGroups: {
          react: {
            test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/,
            name: 'react',
            chunks: 'initial',
            priority: 30,
          },
          fluent: {
            test: /[\\/]node_modules[\\/](@fluentui|@griffel|@floating-ui|tabster|keyborg|@swc[\\/]helpers|@emotion)[\\/]/,
            name: 'fluent',
            chunks: 'initial',
            priority: 20,
          },
          vendors: {
            test: /[\\/]node_modules[\\/]/,
            name: 'vendors',
            chunks: 'initial',
            priority: 10,
          },
        },
      },
    },
    performance: production
      ? {
          hints: 'warning',
          // Raw (minified, not gzipped) sizes; the gzip budget (400 KB of initial JS for the
          // task pane) is enforced by scripts/bundle-size.js.
          maxEntrypointSize: 1400 * 1024,
          maxAssetSize: 900 * 1024,
          assetFilter: (file) => file.endsWith('.js'),
        }
      : false,
    stats: production ? 'normal' : 'minimal',
    ...(serving
      ? {
          devServer: {
            port: DEV_PORT,
            host: 'localhost',
            server: await httpsServer(),
            headers: { 'Access-Control-Allow-Origin': '*' },
            static: false,
            hot: true,
            client: { overlay: { errors: true, warnings: false } },
            devMiddleware: { writeToDisk: false },
            // npm start runs the add-in's relay beside the dev server; the pane reaches it on its own
            // origin, as it reaches the production server's relay (the Host header is kept, so the
            // relay sees the pane's origin as its own).
            ...(process.env.CTMS_RELAY_DEV ? { proxy: [{ context: ['/relay'], target: process.env.CTMS_RELAY_DEV }] } : {}),
            onListening: () => {
              console.log(`[ctms-collect] Task pane: ${DEV_BASE_URL}taskpane.html`);
              if (withHarness) console.log(`[ctms-collect] Harness:   ${DEV_BASE_URL}harness.html`);
            },
          },
        }
      : {}),
  };
};
