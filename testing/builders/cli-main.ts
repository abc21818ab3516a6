import { main } from '../../src/cli/main';

export interface MainRun { code: number; out: string; err: string }

/** `ctms-collect ...args` in this process through main(argv), stdout and stderr captured, exit code returned. */
export async function runMain(...args: string[]): Promise<MainRun> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { err += String(s); return true; });
  const saved = process.exitCode;
  try {
    const code = await main(['node', 'ctms-collect', ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = saved;
  }
}

/** The one line a failure prints (fails the test when there are more, or a stack frame). */
export function oneLine(r: MainRun): string {
  expect(r.err.trim().split('\n')).toHaveLength(1);
  expect(r.err).not.toMatch(/\n\s+at /);
  return r.err.trim();
}
