import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/', 'dist-cli/', 'node_modules/', 'coverage/', 'test-artifacts/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Each command's module is loaded only when it runs (a fast --help and start). require, not import():
    // tsx runs the command line as CommonJS, where import() goes to Node's ESM loader, which cannot load
    // .ts; esbuild bundles a literal require all the same.
    files: ['src/cli/register/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/taskpane/**/*.tsx', 'src/taskpane/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // The engine runs unchanged in the browser and in Node: no Node built-ins, DOM or Office here.
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'https', 'crypto', 'stream', 'util'], message: 'src/core must stay pure: no Node built-ins.' },
        { group: ['exceljs', 'react', 'react-dom', '@fluentui/*', 'fastify', 'better-sqlite3', '**/excel/**', '**/cli/**', '**/server/**', '**/taskpane/**'], message: 'src/core must not depend on edges.' },
      ] }],
      'no-restricted-globals': ['error', 'window', 'document', 'Office', 'Excel', 'process', 'require', 'Buffer'],
    },
  },
);
