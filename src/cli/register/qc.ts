import type { Command } from 'commander';
import { Option } from 'commander';
import type { QcOptions, QcReportOptions } from '../commands/qc';
import { MAX_SEED } from '../../core/qc/sample';

// Loaded when the command runs (the reason for require: eslint.config.mjs).
const load = (): typeof import('../commands/qc') => require('../commands/qc');

/** The `qc` command's name and options; its module is loaded only when it runs (a fast --help and start). */
export function registerQc(program: Command): void {
  program.command('qc')
    .description('draw a reproducible sample for manual quality control and write the QC workbook (QC sheet, Issues, Checklist)')
    .argument('<file>', 'the .xlsx workbook (the source of the transfer)')
    .requiredOption('--out <file>', 'the QC workbook (.xlsx) to write')
    .option('--log <file>', 'transfer log (JSON written by submit): sample what it sent, with the values it sent as target values')
    .option('--target <url>', 'with --log: read the target values from this CTMS and reconcile (credentials from CTMS_USER/CTMS_PASSWORD or a prompt)')
    .option('--aql <value>', 'ISO 2859-1 acceptable quality level in % (0.010 … 10; default 1.0)')
    .option('--percent <value>', 'a fixed percentage of the lot instead of the ISO plan')
    .option('--seed <n>', `seed of the random draw (0 … ${MAX_SEED}); default: a new one, printed and recorded`)
    .option('--stratify', 'spread the sample over studies and sites in proportion to their records')
    .addOption(new Option('--fields <scope>', 'fields to check on each sampled record').choices(['all', 'critical']).default('all'))
    .option('--instructions <file>', 'also write the work instructions and checklist as Markdown')
    .option('--standard <file>', 'a custom standard (JSON)')
    .option('--mapping <file>', 'a saved mapping profile (from `map`) for this partner\'s files, or a folder of them (the best fitting is used)')
    .option('--entity <entity>', 'the entity of a one-sheet file such as a CSV (e.g. site)')
    .action((file: string, opts: QcOptions) => load().qcCommand(file, opts));

  program.command('qc-report')
    .description('QC KPIs from a filled QC workbook: error rate against the 0.5 % goal, lot decision, Pareto of causes, issues')
    .argument('<file>', 'the filled QC workbook (.xlsx)')
    .option('--json <file>', 'write the plan, KPIs and issues tracker as JSON')
    .option('--out <file>', 'write a copy whose Issues sheet also lists every QC failure')
    .option('--standard <file>', 'a custom standard (JSON)')
    .action((file: string, opts: QcReportOptions) => load().qcReportCommand(file, opts));
}
