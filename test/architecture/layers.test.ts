import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The layer rules and the cycle check (.dependency-cruiser.cjs, run by
 * `npm run lint`) must fail on a wrong arrow. Each case builds a two-file
 * tree in a temporary folder with the project's own rules and expects the
 * named rule to fire; the last case expects a clean tree to pass.
 */
const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'node_modules', '.bin', 'depcruise');

function cruise(files: Record<string, string>): { ok: boolean; output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'layers-'));
  try {
    copyFileSync(path.join(ROOT, '.dependency-cruiser.cjs'), path.join(dir, '.dependency-cruiser.cjs'));
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', strict: true } }));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    const roots = [...new Set(Object.keys(files).map((f) => f.split('/')[0]!))];
    try {
      const output = execFileSync(BIN, [...roots, '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
      return { ok: true, output };
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cases: [string, Record<string, string>, string][] = [
  ['core importing an adapter', { 'src/core/verify/x.ts': "import { y } from '../../excel/y';\nexport const x = y;\n", 'src/excel/y.ts': 'export const y = 1;\n' }, 'core-is-pure'],
  ['core importing a Node built-in', { 'src/core/x.ts': "import fs from 'node:fs';\nexport const x = fs;\n" }, 'core-no-node'],
  ['the model importing the rest of core', { 'src/core/model/x.ts': "import { y } from '../verify/y';\nexport const x = y;\n", 'src/core/verify/y.ts': 'export const y = 1;\n' }, 'model-is-the-bottom'],
  ['app importing the UI', { 'src/app/x.ts': "import { y } from '../taskpane/y';\nexport const x = y;\n", 'src/taskpane/y.ts': 'export const y = 1;\n' }, 'app-over-core'],
  ['a panel importing adapter internals', { 'src/taskpane/x.ts': "import { y } from '../excel/read';\nexport const x = y;\n", 'src/excel/read.ts': 'export const y = 1;\n' }, 'ui-over-app'],
  ['the protocol importing the client', { 'src/protocol/x.ts': "import { y } from '../connectors/y';\nexport const x = y;\n", 'src/connectors/y.ts': 'export const y = 1;\n' }, 'protocol-stands-alone'],
  ['the relay importing the Vault client', { 'src/relay/x.ts': "import { y } from '../connectors/y';\nexport const x = y;\n", 'src/connectors/y.ts': 'export const y = 1;\n' }, 'relay-serves-the-pane'],
  ['the product importing a test double', { 'src/cli/x.ts': "import { y } from '../../testing/y';\nexport const x = y;\n", 'testing/y.ts': 'export const y = 1;\n' }, 'product-never-imports-testing'],
  ['an import cycle', { 'src/core/a.ts': "import { b } from './b';\nexport const a = () => b;\n", 'src/core/b.ts': "import { a } from './a';\nexport const b = () => a;\n" }, 'no-circular'],
];

describe('layer rules and cycle check', () => {
  test.each(cases)('%s fails the lint', (_name, files, rule) => {
    const r = cruise(files);
    expect(r.ok).toBe(false);
    expect(r.output).toContain(rule);
  });

  test('the arrows the architecture allows pass', () => {
    const r = cruise({
      'src/core/model/m.ts': 'export const m = 1;\n',
      'src/core/verify/v.ts': "import { m } from '../model/m';\nexport const v = m;\n",
      'src/app/a.ts': "import { v } from '../core/verify/v';\nexport const a = v;\n",
      'src/taskpane/p.ts': "import { a } from '../app/a';\nexport const p = a;\n",
      'src/cli/c.ts': "import { a } from '../app/a';\nexport const c = a;\n",
      'src/relay/r.ts': "import { m } from '../core/model/m';\nexport const r = m;\n",
      'src/cli/r.ts': "import { r } from '../relay/r';\nexport const cr = r;\n",
      'testing/t.ts': "import { a } from '../src/app/a';\nexport const t = a;\n",
    });
    expect(r.output).not.toMatch(/error/);
    expect(r.ok).toBe(true);
  });
});
