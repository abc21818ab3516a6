import { runServe } from '../../server/serve';
import { InputError } from '../errors';

export async function serveCommand(opts: { port: number; db: string; host: string; faults?: number; allowOrigin: string[] }): Promise<void> {
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new InputError('--port must be a port number');
  if (opts.faults !== undefined && !(opts.faults >= 0 && opts.faults <= 1)) throw new InputError('--faults must be a rate between 0 and 1');
  try {
    await runServe({ port: opts.port, db: opts.db, host: opts.host, faults: opts.faults, allowedOrigins: opts.allowOrigin });
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  // Keep running until a signal stops the server.
  await new Promise<never>(() => undefined);
}
