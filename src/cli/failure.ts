import { TargetError, ClientErrorType } from '../connectors/types';
import { InputError } from './errors';

/**
 * Every failure a user can cause or meet, as one line that names the cause and
 * the next step. Anything not recognised is still one line (its first line);
 * the stack only with --debug.
 */

const FILE_ERRORS: Record<string, (where: string) => string> = {
  EISDIR: (p) => `${p} is a folder, not a file; give the path of a file`,
  ENOTDIR: (p) => `${p}: a part of the path is not a folder; check the path`,
  ENOENT: (p) => `${p} does not exist; check the path`,
  EACCES: (p) => `No permission to use ${p}; choose a folder you may write to, or ask for access`,
  EPERM: (p) => `The system did not allow using ${p}; choose another folder, or ask for access`,
  EROFS: (p) => `${p} is on a read-only disk; choose a folder on a writable disk`,
  ENOSPC: (p) => `The disk is full while writing ${p}; free some space, then run the command again`,
  EDQUOT: (p) => `Your disk quota is used up while writing ${p}; free some space, then run the command again`,
  EMFILE: () => 'Too many files are open; close some programs, then run the command again',
};

const AUTH_TYPES = new Set(['USERNAME_OR_PASSWORD_INCORRECT', 'INVALID_SESSION_ID', 'USER_LOCKED_OUT', 'PASSWORD_CHANGE_REQUIRED', 'INSUFFICIENT_ACCESS']);

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

/** The cause in plain words, for a target error. */
export function targetCause(e: TargetError): string {
  if (e.type === 'USERNAME_OR_PASSWORD_INCORRECT') return 'the target refused the user name or password; check CTMS_USER and CTMS_PASSWORD';
  if (e.type === 'INVALID_SESSION_ID') return 'the session with the target expired and could not be renewed; sign in again (check CTMS_USER and CTMS_PASSWORD)';
  if (AUTH_TYPES.has(e.type)) return `the target refused the sign-in (${firstLine(e.message)}); check the account`;
  if (e.type === ClientErrorType.retriesExhausted || e.type === ClientErrorType.network || e.type === ClientErrorType.timeout) {
    return `the target could not be reached (${firstLine(e.message)}); check the address and that the server is running`;
  }
  if (e.type === ClientErrorType.wrongVault) return `${firstLine(e.message)}; check the target address`;
  if (e.type === ClientErrorType.insecureUrl) return firstLine(e.message);
  return `the target answered: ${firstLine(e.message)}`;
}

/** One line for any error (no trailing newline); our own refusals may carry a report below their first line. */
export function describeFailure(e: unknown): string {
  // Our own refusals are written for the user; a report (preflight) may list one problem per line.
  if (e instanceof InputError) return e.message.trim();
  if (e instanceof TargetError) {
    const cause = targetCause(e);
    return cause.charAt(0).toUpperCase() + cause.slice(1);
  }
  const errno = e as NodeJS.ErrnoException;
  if (errno && typeof errno.code === 'string' && FILE_ERRORS[errno.code]) {
    return FILE_ERRORS[errno.code]!(errno.path ?? 'the file');
  }
  const msg = e instanceof Error ? e.message : String(e);
  return `unexpected failure: ${firstLine(msg) || 'no message'} (run again with --debug for details)`;
}
