import type { Command } from 'commander';
import { Option } from 'commander';
import type { reportCommand } from '../commands/report';

// Loaded when the command runs (the reason for require: eslint.config.mjs).
const load = (): typeof import('../commands/report') => require('../commands/report');

/** The `report` command's name and options; its module is loaded only when it runs (a fast --help and start). */
export function registerReport(program: Command): void {
  program.command('report')
    .description('KPI dashboard of a workbook: .xlsx with Dashboard (KPI table and charts), Mapping Spec and Audit sheets, and/or a self-contained HTML page')
    .argument('<file>', 'the .xlsx workbook')
    .option('--out <file>', 'the dashboard workbook (.xlsx) to write')
    .option('--html <file>', 'also write the dashboard as one self-contained HTML page')
    .option('--log <files...>', 'transfer logs (JSON written by submit) for the transferred figures')
    .option('--standard <file>', 'a custom standard (JSON)')
    .option('--mapping <file>', 'a saved mapping profile (from `map`) for this partner\'s files, or a folder of them (the best fitting is used)')
    .option('--entity <entity>', 'the entity of a one-sheet file such as a CSV (e.g. site)')
    .addOption(new Option('--date-order <order>', 'day/month order of text dates in the source').choices(['MDY', 'DMY', 'YMD']))
    .option('--force', 'replace output files that exist')
    .option('--qc <file>', 'a filled QC workbook (from the qc command): add the manual QC figures')
    .option('--json <file>', 'also write the figures as JSON')
    .action((...args: Parameters<typeof reportCommand>) => load().reportCommand(...args));
}
