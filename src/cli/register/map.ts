import type { Command } from 'commander';
import type { mapCommand } from '../commands/map';

// Loaded when the command runs (the reason for require: eslint.config.mjs).
const load = (): typeof import('../commands/map') => require('../commands/map');

/** The `map` command's name and options; its module is loaded only when it runs (a fast --help and start). */
export function registerMap(program: Command): void {
  program.command('map')
    .description('match a partner\'s sheets and columns to the standard and write the suggested mapping profile for review')
    .argument('<file>', 'the partner\'s .xlsx workbook or .csv file')
    .requiredOption('--out <file>', 'where to write the mapping profile (JSON)')
    .option('--standard <file>', 'a custom standard (JSON)')
    .option('--save <file>', 'also write a copy of the workbook with the profile stored in it (.xlsx; the pane and later runs read it)')
    .option('--mapping <file>', 'start from a saved mapping profile, or a folder of them (the best fitting is used)')
    .option('--entity <entity>', 'the entity of a one-sheet file such as a CSV (e.g. site)')
    .option('--force', 'replace the output file if it exists')
    .action((...args: Parameters<typeof mapCommand>) => load().mapCommand(...args));
}
