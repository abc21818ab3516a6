import type { Command } from 'commander';
import { runServe } from '../../server/serve';
import { InputError } from '../errors';

export function registerServe(program: Command): void {
  program.command('serve')
    .description('run the reference CTMS server (Vault-compatible API subset) on loopback')
    .option('--port <n>', 'port', (v) => Number(v), 8787)
    .option('--db <file>', 'SQLite database file', 'ctms-reference.db')
    .option('--host <host>', 'address to bind (loopback by default)', '127.0.0.1')
    .option('--faults <rate>', 'TEST FACILITY: inject faults into this share of requests (0..1)', (v) => Number(v))
    .option('--allow-origin <url>', 'allow this browser origin by CORS (repeatable; off by default, as a Vault may not answer cross-origin calls), e.g. https://localhost:3000 for the dev pane', (v: string, all: string[]) => [...all, v], [] as string[])
    .action(async (opts: { port: number; db: string; host: string; faults?: number; allowOrigin: string[] }) => {
      if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new InputError('--port must be a port number');
      if (opts.faults !== undefined && !(opts.faults >= 0 && opts.faults <= 1)) throw new InputError('--faults must be a rate between 0 and 1');
      try {
        await runServe({ port: opts.port, db: opts.db, host: opts.host, faults: opts.faults, allowedOrigins: opts.allowOrigin });
      } catch (e) {
        throw new InputError((e as Error).message);
      }
      // Keep running until a signal stops the server.
      await new Promise<never>(() => undefined);
    });
}
