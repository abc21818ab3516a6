/**
 * The layers and their arrows (docs/architecture.md). `npm run lint` fails on
 * an import cycle anywhere or on an arrow that points the wrong way.
 *
 *   ui (src/taskpane), cli, server  →  app  →  core;  relay (the add-in's web server) → protocol, core
 *   adapters (src/excel, src/connectors)  →  app ports + core;  protocol → nothing of ours
 *   testing/ → anything; nothing in the product imports testing/ (the harness page may)
 */
const layer = (name, from, allowed, comment) => ({
  name, severity: 'error', comment,
  from: { path: from },
  to: { path: '^(src|testing)/', pathNot: allowed },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles make layers meaningless and modules untestable alone.', from: {}, to: { circular: true } },
    {
      name: 'core-no-node', severity: 'error', comment: 'src/core runs unchanged in the browser: no Node built-ins.',
      from: { path: '^src/(core|app|protocol)/' }, to: { dependencyTypes: ['core'] },
    },
    layer('model-is-the-bottom', '^src/core/model/', '^src/core/model/', 'core/model holds the shared types; it imports nothing else of ours.'),
    layer('core-is-pure', '^src/core/', '^src/core/', 'core imports only core.'),
    layer('protocol-stands-alone', '^src/protocol/', '^src/protocol/', 'The Vault protocol as data is shared by the client and the server; it imports nothing of ours.'),
    layer('app-over-core', '^src/app/', '^src/(app|core)/', 'Use cases are written over ports; adapters and UI plug in from outside.'),
    layer('office-adapter', '^src/excel/', '^src/(excel|app|core)/', 'The Office.js adapter implements app ports over core.'),
    layer('vault-adapter', '^src/connectors/', '^src/(connectors|app|core|protocol)/', 'The Vault client implements the target port and speaks the protocol.'),
    layer('server', '^src/server/', '^src/(server|protocol|core)/', 'The reference CTMS shares only the protocol (and pure helpers) with the product.'),
    layer('relay-serves-the-pane', '^src/relay/', '^src/(relay|protocol|core)/', 'The add-in\'s production server (static pane + Vault relay) shares at most the protocol and pure helpers.'),
    layer('cli', '^src/cli/', '^src/(cli|app|core|connectors|server|relay|protocol)/', 'The CLI calls use cases; it composes the xlsx, Vault and server adapters, and starts the relay.'),
    layer('ribbon-commands', '^src/commands/', '^src/(commands|excel|core)/', 'Ribbon commands call the Office adapter.'),
    layer('ui-over-app', '^src/taskpane/', '^src/(taskpane|app|core)/|^src/(excel|connectors)/index\\.ts$|^src/excel/host\\.ts$',
      'Panels call app and core; adapters are wired only through their public entry (composition), never their internals.'),
    {
      name: 'product-never-imports-testing', severity: 'error', comment: 'Test doubles never reach the product bundle; only the harness page uses them.',
      from: { path: '^src/', pathNot: '^src/harness/' }, to: { path: '^testing/' },
    },
    {
      name: 'tests-use-public-doubles', severity: 'error', comment: 'The harness is a page, not a library of doubles (only its own tests, test/harness, import it).',
      from: { path: '^(test|testing)/', pathNot: '^test/harness/' }, to: { path: '^src/harness/' },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(node_modules|dist|test/fixtures)/' },
  },
};
