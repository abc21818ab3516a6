/**
 * Safe by construction (issue 13): no command writes over one of its inputs or
 * over an existing file without --force, relative paths mean the user's folder,
 * and every failure is one line with the cause and the next step — the stack
 * only with --debug. Run in-process through main(argv) with stdout/stderr spied.
 */
import { promises as fs, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeFailure } from '../../src/cli/failure';
import { userDir } from '../../src/cli/paths';
import { TargetError } from '../../src/connectors';
import { tmpDir, writeXlsx, xlsxOf } from '../../testing/builders/cli';
import { oneLine, runMain } from '../../testing/builders/cli-main';
import { clean } from '../../testing/builders/wb';
import { startTarget, USER, type Target } from '../transfer/helpers';

const t = tmpDir();
const at = (f: string) => path.join(t.dir, f);
let data: string;
let before: Buffer;

const run = runMain;

beforeAll(async () => {
  data = await writeXlsx(xlsxOf(clean() as never), at('data.xlsx'));
  before = readFileSync(data);
});
afterAll(() => t.cleanup());
afterEach(() => { expect(readFileSync(data)).toEqual(before); });

describe('no command writes over one of its inputs', () => {
  test('validate data.xlsx --json data.xlsx', async () => {
    const r = await run('validate', data, '--json', data, '--force');
    expect(r.code).toBe(2);
    expect(oneLine(r)).toContain('over the input');
  });

  test('through a link: --json link-to-data.xlsx (real paths are compared)', async () => {
    symlinkSync(data, at('link.json'));
    const r = await run('validate', data, '--json', at('link.json'), '--force');
    expect(r.code).toBe(2);
    expect(oneLine(r)).toContain('over the input');
  });

  test('dedupe data.xlsx --json data.xlsx', async () => {
    const r = await run('dedupe', data, '--json', data, '--force');
    expect(r.code).toBe(2);
    expect(oneLine(r)).toContain('over the input');
  });

  test('spec --workbook data.xlsx --out data.xlsx', async () => {
    const r = await run('spec', '--workbook', data, '--out', data, '--force');
    expect(r.code).toBe(2);
    expect(oneLine(r)).toContain('over the input');
  });

  test('template --out data.xlsx (a filled workbook) is refused without --force', async () => {
    const r = await run('template', '--out', data);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toMatch(/already exists.*--force/);
  });

  test('report --html over a --log input', async () => {
    writeFileSync(at('t.html'), 'x');
    const r = await run('report', data, '--html', at('t.html'), '--log', at('t.html'), '--force');
    expect(r.code).toBe(2);
    expect(oneLine(r)).toContain('over the input');
  });
});

describe('outputs', () => {
  test('--annotate X --fix X: two outputs, one file, refused before writing', async () => {
    const r = await run('validate', data, '--annotate', at('same.xlsx'), '--fix', at('same.xlsx'));
    expect(r.code).toBe(2);
    expect(oneLine(r)).toMatch(/--annotate and --fix name the same file/);
    await expect(fs.access(at('same.xlsx'))).rejects.toThrow();
  });

  test('an existing output is refused, then replaced with --force', async () => {
    writeFileSync(at('report.json'), 'keep me');
    const r = await run('validate', data, '--json', at('report.json'), '--quiet');
    expect(r.code).toBe(2);
    expect(oneLine(r)).toMatch(/report\.json already exists; .*--force/);
    expect(readFileSync(at('report.json'), 'utf8')).toBe('keep me');
    const forced = await run('validate', data, '--json', at('report.json'), '--quiet', '--force');
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(at('report.json'), 'utf8'))).toHaveProperty('summary');
  });

  test('template --out on an existing file needs --force; the write leaves no temporary file', async () => {
    writeFileSync(at('tpl.xlsx'), 'old');
    expect((await run('template', '--out', at('tpl.xlsx'))).code).toBe(2);
    expect(readFileSync(at('tpl.xlsx'), 'utf8')).toBe('old');
    expect((await run('template', '--out', at('tpl.xlsx'), '--force')).code).toBe(0);
    expect(readFileSync(at('tpl.xlsx')).subarray(0, 2).toString()).toBe('PK');
    expect(t.files().filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('relative paths resolve against the folder npm was run in (INIT_CWD), not the package folder', async () => {
    const env = { ...process.env };
    process.env.INIT_CWD = t.dir;
    process.env.npm_package_json = path.join(process.cwd(), 'package.json');
    try {
      const r = await run('template', '--out', 'relative.xlsx');
      expect(r.code).toBe(0);
    } finally {
      process.env = env;
    }
    await fs.access(at('relative.xlsx'));
    await expect(fs.access(path.join(process.cwd(), 'relative.xlsx'))).rejects.toThrow();
  });

  test('an inherited INIT_CWD does not count in another folder (a child process of a script)', () => {
    expect(userDir({ INIT_CWD: '/home/u', npm_package_json: '/repo/package.json' }, '/repo')).toBe('/home/u');
    expect(userDir({ INIT_CWD: '/home/u', npm_package_json: '/repo/package.json' }, '/tmp/x')).toBe('/tmp/x');
    expect(userDir({}, '/tmp/x')).toBe('/tmp/x');
  });

  test('rollback looks for its log in the user\'s folder', async () => {
    const env = { ...process.env };
    process.env.INIT_CWD = t.dir;
    process.env.npm_package_json = path.join(process.cwd(), 'package.json');
    process.env.CTMS_USER = 'u';
    process.env.CTMS_PASSWORD = 'p';
    writeFileSync(at('data.transfer-T1.json'), '{"not":"a log"}');
    try {
      const r = await run('rollback', 'T1', '--target', 'http://localhost:1');
      expect(r.code).toBe(2);
      // Found (and then refused as not a log), rather than "no transfer log in this folder".
      expect(oneLine(r)).toContain(at('data.transfer-T1.json'));
    } finally {
      process.env = env;
    }
  });
});

describe('one line, always', () => {
  test('a folder as the input (EISDIR)', async () => {
    const r = await run('validate', t.dir);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toMatch(/is a folder/);
  });

  test.each([
    ['EACCES', /No permission to use .*choose a folder/],
    ['EROFS', /read-only disk; choose a folder on a writable disk/],
    ['ENOSPC', /disk is full .*free some space/],
  ])('%s while writing the output', async (code, expected) => {
    const spy = jest.spyOn(fs, 'rename').mockRejectedValueOnce(Object.assign(new Error(`${code}: failed, rename`), { code, path: at('out.json') }));
    try {
      const r = await run('validate', data, '--json', at('out.json'), '--quiet', '--force');
      expect(r.code).toBe(2);
      expect(oneLine(r)).toMatch(expected);
    } finally {
      spy.mockRestore();
    }
    expect(t.files().filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('an unexpected failure is one line; --debug adds the stack', async () => {
    const boom = () => Promise.reject(new Error('boom\nsecond line'));
    const spy = jest.spyOn(fs, 'rename').mockImplementation(boom);
    try {
      const r = await run('validate', data, '--json', at('out2.json'), '--quiet');
      expect(r.code).toBe(2);
      expect(oneLine(r)).toBe('ctms-collect: unexpected failure: boom (run again with --debug for details)');
      const d = await run('validate', data, '--json', at('out2.json'), '--quiet', '--debug');
      expect(d.code).toBe(2);
      expect(d.err).toMatch(/\n\s+at /);
    } finally {
      spy.mockRestore();
    }
  });

  test('a session that expired and could not be renewed, and an unreachable target', () => {
    expect(describeFailure(new TargetError('INVALID_SESSION_ID', 'Invalid or expired session ID.'))).toMatch(/session .*expired.*sign in again/);
    expect(describeFailure(new TargetError('RETRIES_EXHAUSTED', 'POST /auth: gave up after 9 attempts (last: network error)')))
      .toMatch(/could not be reached .*check the address and that the server is running/);
  });

  describe('against the reference server', () => {
    let target: Target;
    const env = { ...process.env };
    beforeAll(async () => { target = await startTarget(); });
    afterAll(async () => { process.env = env; await target.stop(); });

    test('submit with a wrong password: one line, exit 2, no log and no results left behind', async () => {
      process.env.CTMS_USER = USER.username;
      process.env.CTMS_PASSWORD = 'wrong';
      const r = await run('submit', data, '--target', target.url, '--out', at('sub.xlsx'));
      expect(r.code).toBe(2);
      expect(oneLine(r)).toMatch(/refused the user name or password; check CTMS_USER and CTMS_PASSWORD/);
      expect(t.files().filter((f) => f.includes('.transfer-') && f.startsWith('data.'))).toEqual(['data.transfer-T1.json']);
      await expect(fs.access(at('sub.xlsx'))).rejects.toThrow();
    });

    test('submit refuses an existing --out before sending anything', async () => {
      process.env.CTMS_USER = USER.username;
      process.env.CTMS_PASSWORD = USER.password;
      writeFileSync(at('exists.xlsx'), 'x');
      const snap = target.server.snapshot();
      const r = await run('submit', data, '--target', target.url, '--out', at('exists.xlsx'));
      expect(r.code).toBe(2);
      expect(oneLine(r)).toMatch(/already exists/);
      expect(target.server.snapshot()).toEqual(snap);
    });
  });
});
