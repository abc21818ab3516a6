import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRelay, loadRelayConfig, parseRelayConfig, type RelayConfig } from '../../relay';
import { InputError } from '../errors';

export interface RelayFlags {
  config?: string;
  target: string[];
  port?: number;
  host?: string;
  static?: string;
  cert?: string;
  key?: string;
  devCerts?: boolean;
}

/** The configuration from file and environment, then the flags on top; checked as a whole. */
export function relayConfigFrom(flags: RelayFlags, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): RelayConfig {
  const base = loadRelayConfig(flags.config, env, cwd);
  let tls = base.tls;
  if (flags.devCerts) {
    const dir = path.join(os.homedir(), '.office-addin-dev-certs');
    tls = { cert: path.join(dir, 'localhost.crt'), key: path.join(dir, 'localhost.key') };
    if (!existsSync(tls.cert) || !existsSync(tls.key)) throw new Error(`no development certificate in ${dir}; run "npx office-addin-dev-certs install" first`);
  }
  if (flags.cert || flags.key) {
    if (!flags.cert || !flags.key) throw new Error('--cert and --key go together');
    tls = { cert: path.resolve(cwd, flags.cert), key: path.resolve(cwd, flags.key) };
  }
  return parseRelayConfig({
    ...base,
    ...(flags.target.length ? { targets: flags.target } : {}),
    ...(flags.port !== undefined ? { port: flags.port } : {}),
    ...(flags.host ? { host: flags.host } : {}),
    ...(flags.static ? { static: path.resolve(cwd, flags.static) } : {}),
    ...(tls ? { tls } : {}),
  }, flags.config ?? 'relay options');
}

export async function relayCommand(flags: RelayFlags): Promise<void> {
  let config: RelayConfig;
  try {
    config = relayConfigFrom(flags);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  if (config.static && !existsSync(path.join(config.static, 'taskpane.html'))) {
    throw new InputError(`${config.static} holds no built task pane (taskpane.html); run npm run build first`);
  }
  const app = createRelay(config);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    throw new InputError(`cannot listen on ${config.host}:${config.port}: ${(e as Error).message}`);
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const targets = config.targets.length ? config.targets.join(', ') : 'none (every target refused)';
  process.stdout.write(`Relay listening on ${config.tls ? 'https' : 'http'}://${host}:${port}${config.static ? ` serving ${config.static}` : ''} — relays to: ${targets}\n`);
  const shutdown = () => void app.close().finally(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await new Promise<never>(() => undefined);
}
