import type { Command } from 'commander';
import type { templateCommand } from '../commands/template';

// Loaded when the command runs (the reason for require: eslint.config.mjs).
const load = (): typeof import('../commands/template') => require('../commands/template');

/** The `template` command's name and options; its module is loaded only when it runs (a fast --help and start). */
export function registerTemplate(program: Command): void {
  program.command('template')
    .description('write the collection template workbook of the standard')
    .requiredOption('--out <file>', 'the .xlsx file to write')
    .option('--standard <file>', 'a custom standard (JSON) instead of ctms-standard-v1')
    .option('--force', 'replace the output file if it exists')
    .action((...args: Parameters<typeof templateCommand>) => load().templateCommand(...args));
}
