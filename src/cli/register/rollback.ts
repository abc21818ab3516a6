import type { Command } from 'commander';
import type { rollbackCommand } from '../commands/rollback';

// Loaded when the command runs (the reason for require: eslint.config.mjs).
const load = (): typeof import('../commands/rollback') => require('../commands/rollback');

/** The `rollback` command's name and options; its module is loaded only when it runs (a fast --help and start). */
export function registerRollback(program: Command): void {
  program.command('rollback')
    .description('undo a transfer: delete what it created, restore what it updated (children first)')
    .argument('<transferId>', 'the transfer id printed by submit')
    .option('--target <url>', 'target CTMS base URL (or CTMS_TARGET_URL)')
    .option('--log <file>', 'the transfer log (default: FILE.transfer-ID.json in this folder)')
    .option('--in-order', 'when later transfers sent records of this one again, roll them back first, newest first')
    .option('--workbook <file>', 'the workbook whose status columns show the transfer (its submitted copy): written to --out with each row\'s status after the rollback')
    .option('--out <file>', 'where that workbook goes (default: WORKBOOK.rolled-back.xlsx)')
    .option('--mapping <file>', 'the mapping profile (JSON) or folder of profiles the workbook was submitted with, when it is a partner\'s own layout and holds no stored profile')
    .option('--force', 'replace --out if it exists')
    .option('--dry-run', 'list what would be deleted and restored; change nothing')
    .option('--profile <file>', 'the target profile the transfer was sent with (JSON; default: Vault CTMS)')
    .option('--standard <file>', 'the custom standard the profile maps (JSON)')
    .option('--client-id <id>', 'the client id the target logs the calls under (default ctms-collect)')
    .option('--migration-mode', 'restore records in their real state (closed sites); needs the migration permission in the target')
    .action((...args: Parameters<typeof rollbackCommand>) => load().rollbackCommand(...args));
}
