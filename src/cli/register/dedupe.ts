import type { Command } from 'commander';
import type { dedupeCommand } from '../commands/dedupe';

// Loaded when the command runs (the reason for require: eslint.config.mjs).
const load = (): typeof import('../commands/dedupe') => require('../commands/dedupe');

/** The `dedupe` command's name and options; its module is loaded only when it runs (a fast --help and start). */
export function registerDedupe(program: Command): void {
  program.command('dedupe')
    .description('duplicate candidates within and across sheets; with --target, create/reuse/update against the target CTMS')
    .argument('<file>', 'the .xlsx workbook')
    .option('--json <file>', 'write the duplicate report here')
    .option('--standard <file>', 'a custom standard (JSON)')
    .option('--mapping <file>', 'a saved mapping profile (from `map`) for this partner\'s files, or a folder of them (the best fitting is used)')
    .option('--entity <entity>', 'the entity of a one-sheet file such as a CSV (e.g. site)')
    .option('--target <url>', 'target CTMS (or CTMS_TARGET_URL); a session from CTMS_SESSION_ID, else credentials from CTMS_USER/CTMS_PASSWORD or a prompt')
    .option('--profile <file>', 'how the target stores the data (JSON; default: Vault CTMS); checked before the target is read')
    .option('--client-id <id>', 'the client id the target logs the calls under (default ctms-collect)')
    .option('--force', 'replace the --json file if it exists')
    .action((...args: Parameters<typeof dedupeCommand>) => load().dedupeCommand(...args));
}
