import { Command, CommanderError } from 'commander';
import { describeFailure } from './failure';
import { registerTemplate } from './register/template';
import { registerValidate } from './register/validate';
import { registerSpec } from './register/spec';
import { registerDedupe } from './register/dedupe';
import { registerSubmit } from './register/submit';
import { registerRollback } from './register/rollback';
import { registerServe } from './register/serve';
import { registerRelay } from './register/relay';
import { registerReport } from './register/report';
import { registerQc } from './register/qc';
import { registerTranslations } from './register/translations';
import { registerMap } from './register/map';

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
    .option('--debug', 'on a failure, also print the technical details (stack trace)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  registerTemplate(program);
  registerValidate(program);
  registerSpec(program);
  registerDedupe(program);
  registerSubmit(program);
  registerRollback(program);
  registerServe(program);
  registerRelay(program);
  registerReport(program);
  registerQc(program);
  registerTranslations(program);
  registerMap(program);
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
    process.stderr.write(`ctms-collect: ${describeFailure(e)}\n`);
    // The global option may come anywhere on the line, also after the command's own arguments.
    if (argv.includes('--debug') && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return 2;
  }
}

/** Entry point of bin/ctms-collect.js. */
export function run(): void {
  main(process.argv).then((code) => { process.exitCode = code; });
}
