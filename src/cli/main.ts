import { Command, CommanderError, Option } from 'commander';
import { InputError } from './errors';
import { templateCommand, validateCommand, specCommand } from './commands';
import { registerExtraCommands } from './extra-commands';
import { registerReportCommand } from './report-command';
import { registerQc } from './commands/qc';

/**
 * ctms-collect: the engine on .xlsx files. Exit codes: 0 done and clean,
 * 1 done and errors found / records failed, 2 input unusable.
 */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('ctms-collect')
    .description('Collection templates, verification, transformation, duplicate detection and submission for CTMS migrations.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program.command('template')
    .description('write the collection template workbook of the standard')
    .requiredOption('--out <file>', 'the .xlsx file to write')
    .option('--standard <file>', 'a custom standard (JSON) instead of ctms-standard-v1')
    .action(templateCommand);

  program.command('validate')
    .description('run every verification rule and propose transformations')
    .argument('<file>', 'the .xlsx workbook to check')
    .option('--standard <file>', 'a custom standard (JSON)')
    .addOption(new Option('--date-order <order>', 'day/month order of text dates in the source').choices(['MDY', 'DMY', 'YMD']))
    .option('--json <file>', 'write the JSON report here')
    .option('--annotate <file>', 'write a copy with flagged cells coloured and explained in notes')
    .option('--fix <file>', 'write a copy with every proposed transformation applied, then re-validate it')
    .option('--quiet', 'print nothing but errors of the command itself')
    .action(validateCommand);

  program.command('spec')
    .description('print the mapping specification (fields, rules, transformations with reasons and examples) for sign-off')
    .option('--standard <file>', 'a custom standard (JSON)')
    .option('--out <file>', 'write it to this Markdown file instead of stdout')
    .option('--workbook <file>', 'add the decisions recorded in this workbook\'s audit trail')
    .action(specCommand);

  registerExtraCommands(program);
  registerReportCommand(program);
  registerQc(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof InputError) {
      process.stderr.write(`ctms-collect: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`ctms-collect: unexpected failure: ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  }
}

/** Entry point of bin/ctms-collect.js. */
export function run(): void {
  main(process.argv).then((code) => { process.exitCode = code; });
}
