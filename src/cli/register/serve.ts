import type { Command } from 'commander';
import type { serveCommand } from '../commands/serve';

// Loaded when the command runs (the reason for require: eslint.config.mjs).
const load = (): typeof import('../commands/serve') => require('../commands/serve');

/** The `serve` command's name and options; its module is loaded only when it runs (a fast --help and start). */
export function registerServe(program: Command): void {
  program.command('serve')
    .description('run the reference CTMS server (Vault-compatible API subset) on loopback')
    .option('--port <n>', 'port', (v) => Number(v), 8787)
    .option('--db <file>', 'SQLite database file', 'ctms-reference.db')
    .option('--host <host>', 'address to bind (loopback by default)', '127.0.0.1')
    .option('--faults <rate>', 'TEST FACILITY: inject faults into this share of requests (0..1)', (v) => Number(v))
    .option('--allow-origin <url>', 'allow this browser origin by CORS (repeatable; off by default, as a Vault may not answer cross-origin calls), e.g. https://localhost:3000 for the dev pane', (v: string, all: string[]) => [...all, v], [] as string[])
    .action((...args: Parameters<typeof serveCommand>) => load().serveCommand(...args));
}
