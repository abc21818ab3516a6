import type { Command } from 'commander';
import type { specCommand } from '../commands/spec';

// require, not import(): tsx runs the command line as CommonJS, where import() goes to Node's ESM
// loader, which cannot load .ts; esbuild bundles a literal require all the same.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = (): typeof import('../commands/spec') => require('../commands/spec');

/** The `spec` command's name and options; its module is loaded only when it runs (a fast --help and start). */
export function registerSpec(program: Command): void {
  program.command('spec')
    .description('print the mapping specification (fields, rules, transformations with reasons and examples) for sign-off')
    .option('--standard <file>', 'a custom standard (JSON)')
    .option('--out <file>', 'write it to this Markdown file instead of stdout')
    .option('--workbook <file>', 'add the decisions recorded in this workbook\'s audit trail')
    .option('--force', 'replace the output file if it exists')
    .action((...args: Parameters<typeof specCommand>) => load().specCommand(...args));
}
