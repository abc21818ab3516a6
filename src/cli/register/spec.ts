import type { Command } from 'commander';
import type { specCommand } from '../commands/spec';

// Loaded when the command runs (the reason for require: eslint.config.mjs).
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
