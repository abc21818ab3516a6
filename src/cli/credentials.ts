import os from 'node:os';
import readline from 'node:readline';
import { InputError } from './errors';

/**
 * Credentials come from CTMS_USER / CTMS_PASSWORD or, on a terminal, a prompt
 * (the password is not echoed) — never from a flag that would land in shell
 * history. They are kept in memory only and never printed or logged.
 */
export async function credentialsFromEnvOrPrompt(): Promise<{ username: string; password: string }> {
  const username = process.env.CTMS_USER;
  const password = process.env.CTMS_PASSWORD;
  if (username && password) return { username, password };
  if (!process.stdin.isTTY) throw new InputError('Set CTMS_USER and CTMS_PASSWORD (no terminal to ask for them)');
  const user = username ?? (await ask('CTMS user: ', false));
  const pass = password ?? (await ask('CTMS password: ', true));
  if (!user || !pass) throw new InputError('A user name and a password are needed to reach the target');
  return { username: user, password: pass };
}

/** How the CLI signs in: an existing session (CTMS_SESSION_ID, e.g. from single sign-on), else user name and password. */
export type TargetSignIn = { sessionId: string } | { username: string; password: string };

export async function signInFromEnvOrPrompt(): Promise<TargetSignIn> {
  const sessionId = process.env.CTMS_SESSION_ID?.trim();
  if (sessionId) return { sessionId };
  return credentialsFromEnvOrPrompt();
}

/** The name the transfer log records for a sign-in (a session carries no user name). */
export function signInName(s: TargetSignIn): string {
  return 'username' in s ? s.username : 'session sign-in';
}

function ask(question: string, hidden: boolean): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    if (hidden) {
      // Echo nothing while the password is typed.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
        if (s.includes(question)) process.stderr.write(question);
      };
    }
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) process.stderr.write('\n');
      resolve(answer.trim());
    });
  });
}

export function targetUrlOption(flag: string | undefined): string {
  const url = flag ?? process.env.CTMS_TARGET_URL;
  if (!url) throw new InputError('Give the target with --target URL (or CTMS_TARGET_URL)');
  return url;
}

/** Who did it, for the transfer log: the CTMS user and the machine account. */
export function whoAmI(ctmsUser: string): string {
  let local = 'unknown';
  try { local = os.userInfo().username; } catch { /* containers without a passwd entry */ }
  return `${ctmsUser} (${local}@${os.hostname()})`;
}
