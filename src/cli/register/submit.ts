import type { Command } from 'commander';
import { Option } from 'commander';
import type { submitCommand } from '../commands/submit';

// Loaded when the command runs (the reason for require: eslint.config.mjs).
const load = (): typeof import('../commands/submit') => require('../commands/submit');

/** The `submit` command's name and options; its module is loaded only when it runs (a fast --help and start). */
export function registerSubmit(program: Command): void {
  program.command('submit')
    .description('send the rows that pass validation to the target CTMS in logged, reversible batches')
    .argument('<file>', 'the .xlsx workbook')
    .option('--target <url>', 'target CTMS base URL (or CTMS_TARGET_URL)')
    .option('--batch-size <n>', 'records per request (max 500)', (v) => Number(v), 500)
    .option('--standard <file>', 'a custom standard (JSON)')
    .option('--mapping <file>', 'a saved mapping profile (from `map`) for this partner\'s files, or a folder of them (the best fitting is used)')
    .option('--entity <entity>', 'the entity of a one-sheet file such as a CSV (e.g. site)')
    .addOption(new Option('--date-order <order>', 'day/month order of text dates (default: the order chosen in the pane for this workbook)').choices(['MDY', 'DMY', 'YMD']))
    .option('--accept-proposals', 'send proposed transformations as accepted (otherwise rows with pending proposals are held back)')
    .option('--dry-run', 'show what would be created, updated and held back; send nothing')
    .option('--resume <log>', 'continue an interrupted transfer from its log')
    .option('--out <file>', 'copy of the workbook with status and target id columns (default FILE.submitted.xlsx)')
    .option('--force', 'replace the --out file if it exists')
    .option('--break-lock', 'take over the lock a stopped transfer of this workbook left behind')
    .option('--profile <file>', 'how the target stores the data: objects, upsert keys, picklist value names (JSON; default: Vault CTMS)')
    .option('--client-id <id>', 'the client id the target logs the calls under (default ctms-collect)')
    .option('--migration-mode', 'load records in their real state (completed studies, closed sites); needs the migration permission in the target')
    .action((...args: Parameters<typeof submitCommand>) => load().submitCommand(...args));
}
