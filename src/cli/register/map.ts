import type { Command } from 'commander';
import type { mapCommand } from '../commands/map';

// require, not import(): tsx runs the command line as CommonJS, where import() goes to Node's ESM
// loader, which cannot load .ts; esbuild bundles a literal require all the same.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = (): typeof import('../commands/map') => require('../commands/map');

/** The `map` command's name and options; its module is loaded only when it runs (a fast --help and start). */
export function registerMap(program: Command): void {
  program.command('map')
    .description('match a partner\'s sheets and columns to the standard and write the suggested mapping profile for review')
    .argument('<file>', 'the partner\'s .xlsx workbook or .csv file')
    .requiredOption('--out <file>', 'where to write the mapping profile (JSON)')
    .option('--standard <file>', 'a custom standard (JSON)')
    .option('--mapping <file>', 'start from a saved mapping profile')
    .option('--entity <entity>', 'the entity of a one-sheet file such as a CSV (e.g. site)')
    .option('--force', 'replace the output file if it exists')
    .action((...args: Parameters<typeof mapCommand>) => load().mapCommand(...args));
}
