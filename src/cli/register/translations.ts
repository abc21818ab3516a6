import type { Command } from 'commander';
import type { TranslationsOptions } from '../commands/translations';

// Loaded when the command runs (the reason for require: eslint.config.mjs).
const load = (): typeof import('../commands/translations') => require('../commands/translations');

/** The `translations` command's name and options; its module is loaded only when it runs (a fast --help and start). */
export function registerTranslations(program: Command): void {
  program.command('translations')
    .description('the Translations worklist: one row per distinct text in another script, where it is used, a suggested romanization and a column for the approved English; or read a filled worklist back into the glossary')
    .argument('<file>', 'the .xlsx workbook')
    .option('--out <file>', 'write the worklist (.xlsx) here')
    .option('--glossary <file>', 'a glossary (.csv or .json) whose approved English fills the worklist')
    .option('--read <file>', 'a filled worklist to read the approved English from')
    .option('--save-glossary <file>', 'write the glossary (.csv or .json), merged with --glossary, with the approved English of --read')
    .option('--standard <file>', 'a custom standard (JSON)')
    .action((file: string, opts: TranslationsOptions) => load().translationsCommand(file, opts));
}
