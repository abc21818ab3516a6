import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError } from './errors';

/**
 * The folder the user ran the command in. `npm run cli -- …` starts the CLI in
 * the package folder and leaves the user's folder in INIT_CWD; a child process
 * that merely inherited INIT_CWD (a script, a test) runs elsewhere, so INIT_CWD
 * counts only while we are in the folder of the package npm ran.
 */
export function userDir(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const init = env.INIT_CWD;
  const pkg = env.npm_package_json;
  if (init && pkg && path.resolve(path.dirname(pkg)) === path.resolve(cwd)) return init;
  return cwd;
}

/** Every file argument goes through here, so all commands agree on what a relative path means. */
export function userPath(arg: string): string {
  return path.resolve(userDir(), arg);
}

export function userPathOpt(arg: string | undefined): string | undefined {
  return arg === undefined ? undefined : userPath(arg);
}

/** The real path of a file, or of its folder plus its name when it does not exist yet (links resolved either way). */
async function realTarget(file: string): Promise<string> {
  const abs = path.resolve(file);
  try {
    return await fs.realpath(abs);
  } catch {
    try {
      return path.join(await fs.realpath(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

export interface OutputCheck {
  /** Files the command reads (workbook, --workbook, logs). */
  inputs: (string | undefined)[];
  /** The option that names each output, and the file. */
  outputs: { option: string; file: string | undefined }[];
  /** --force: replace outputs that exist (never an input). */
  force?: boolean;
}

/**
 * Before anything is read or written: no output is one of the inputs (by real
 * path, so a link or `./x` does not slip through), no two outputs are one
 * file, and an existing output is replaced only with --force.
 */
export async function checkOutputs(check: OutputCheck): Promise<void> {
  const inputs = new Map<string, string>();
  for (const f of check.inputs) if (f) inputs.set(await realTarget(f), f);
  const seen = new Map<string, string>();
  for (const { option, file } of check.outputs) {
    if (!file) continue;
    const real = await realTarget(file);
    const input = inputs.get(real);
    if (input) throw new InputError(`Refusing to write ${option} over the input ${input}; choose another file`);
    const other = seen.get(real);
    if (other) throw new InputError(`${other} and ${option} name the same file ${file}; give each output its own file`);
    seen.set(real, option);
    if (!check.force && await exists(real)) throw new InputError(`${file} already exists; choose another file for ${option} or add --force to replace it`);
  }
}
