import type { Command } from 'commander';
import type { relayCommand } from '../commands/relay';

// Loaded when the command runs (the reason for require: eslint.config.mjs).
const load = (): typeof import('../commands/relay') => require('../commands/relay');

const many = (v: string, all: string[]) => [...all, v];

/** The `relay` command: the add-in's own web server (the built pane and the Vault relay). */
export function registerRelay(program: Command): void {
  program.command('relay')
    .description("run the add-in's web server: the built task pane (--static dist) and, on the same origin, a relay of Vault API calls to the allowed targets")
    .option('--config <file>', 'relay configuration (JSON: targets, host, port, static, tls, bodyLimitBytes, rateLimit, timeoutMs, logLevel); also CTMS_RELAY_CONFIG')
    .option('--target <url>', 'a target CTMS origin the relay may call (repeatable; https, or http on this computer); also CTMS_RELAY_TARGETS', many, [] as string[])
    .option('--port <n>', 'port (default 3000)', (v) => Number(v))
    .option('--host <host>', 'address to bind (default 127.0.0.1; any other needs a certificate)')
    .option('--static <dir>', 'folder of the built task pane to serve (e.g. dist)')
    .option('--cert <file>', 'TLS certificate (PEM)')
    .option('--key <file>', 'TLS private key (PEM)')
    .option('--dev-certs', 'use the localhost certificate of office-addin-dev-certs (~/.office-addin-dev-certs)')
    .action((...args: Parameters<typeof relayCommand>) => load().relayCommand(...args));
}
