/** Unit and integration tests. Browser end-to-end tests run separately (npm run test:e2e). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
  setupFiles: ['<rootDir>/testing/exceljs-whole-columns.ts', '<rootDir>/testing/jsdom-layout.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(some-esm-only)/)'],
  // A bound on a hang, not a timing the tests rely on: on a loaded 2-core machine a suite that spawns the CLI
  // (each run its own Node process) can take minutes, and must still pass (scripts/load.js).
  testTimeout: 300000,
};
