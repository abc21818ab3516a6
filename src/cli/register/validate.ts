import type { Command } from 'commander';
import { Option } from 'commander';
import type { validateCommand } from '../commands/validate';

// Loaded when the command runs (the reason for require: eslint.config.mjs).
const load = (): typeof import('../commands/validate') => require('../commands/validate');

/** The `validate` command's name and options; its module is loaded only when it runs (a fast --help and start). */
export function registerValidate(program: Command): void {
  program.command('validate')
    .description('run every verification rule and propose transformations')
    .argument('<file>', 'the .xlsx workbook or .csv file to check')
    .option('--standard <file>', 'a custom standard (JSON)')
    .option('--mapping <file>', 'a saved mapping profile (from `map`) for this partner\'s files, or a folder of them (the best fitting is used)')
    .option('--entity <entity>', 'the entity of a one-sheet file such as a CSV (e.g. site)')
    .option('--glossary <file>', 'approved translations (.csv or .json, from `translations --save-glossary`), proposed wherever their text occurs')
    .addOption(new Option('--date-order <order>', 'day/month order of text dates in the source').choices(['MDY', 'DMY', 'YMD']))
    .option('--json <file>', 'write the JSON report here')
    .option('--annotate <file>', 'write a copy with flagged cells coloured and explained in notes')
    .option('--fix <file>', 'write a copy with every proposed transformation applied, then re-validate it')
    .option('--quiet', 'print nothing but errors of the command itself')
    .option('--force', 'replace output files that exist')
    .action((...args: Parameters<typeof validateCommand>) => load().validateCommand(...args));
}
