import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AllowList, isLoopbackHost } from './allow-list';

/**
 * The relay's configuration: a JSON file (`--config`, or `CTMS_RELAY_CONFIG`), with the
 * environment able to set or override each part (`CTMS_RELAY_TARGETS` as a comma-separated
 * list). Checked before anything listens; a bad value is refused with where it came from.
 */
export const RelayConfigSchema = z.object({
  /** Target origins the relay may call, e.g. ["https://myvault.veevavault.com"]. */
  targets: z.array(z.string()).default([]),
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(3000),
  /** The built task pane (dist/), served on the same origin as the relay. */
  static: z.string().optional(),
  /** PEM files; required unless the relay listens on this computer only. */
  tls: z.object({ cert: z.string(), key: z.string() }).strict().optional(),
  /** Largest request body relayed, in bytes (a batch of 500 records is well under 2 MB). */
  bodyLimitBytes: z.number().int().positive().default(8 * 1024 * 1024),
  /** Relayed calls per client address per window. */
  rateLimit: z.object({ max: z.number().int().positive(), windowMs: z.number().int().positive() }).strict().default({ max: 600, windowMs: 60_000 }),
  /** How long one relayed call may take. */
  timeoutMs: z.number().int().positive().default(120_000),
  /** `info` logs one line per call (method, path, status: never headers, queries or bodies). */
  logLevel: z.enum(['info', 'warn', 'error', 'silent']).default('info'),
}).strict();

export type RelayConfig = z.infer<typeof RelayConfigSchema>;
export type RelayConfigInput = z.input<typeof RelayConfigSchema>;

/** Checks a configuration (from any source) and the rules that span fields. */
export function parseRelayConfig(input: unknown, source = 'relay configuration'): RelayConfig {
  const parsed = RelayConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${source}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  const config = parsed.data;
  try {
    new AllowList(config.targets);
  } catch (e) {
    throw new Error(`${source}: targets: ${(e as Error).message}`);
  }
  if (!config.tls && !isLoopbackHost(config.host)) {
    throw new Error(`${source}: listening on ${config.host} needs a certificate (tls.cert and tls.key); plain http only on this computer`);
  }
  return config;
}

/** Reads the file (if any), applies the environment, checks the result. */
export function loadRelayConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): RelayConfig {
  const from = file ?? env.CTMS_RELAY_CONFIG;
  let raw: Record<string, unknown> = {};
  if (from) {
    const full = path.resolve(cwd, from);
    let text: string;
    try {
      text = readFileSync(full, 'utf8');
    } catch {
      throw new Error(`${from}: cannot read the relay configuration`);
    }
    try {
      raw = JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      throw new Error(`${from}: not JSON (${(e as Error).message})`);
    }
    // Paths in the file are relative to the file, not to wherever the relay was started.
    const dir = path.dirname(full);
    if (typeof raw.static === 'string') raw.static = path.resolve(dir, raw.static);
    const tls = raw.tls as Record<string, unknown> | undefined;
    if (tls && typeof tls === 'object') {
      raw.tls = { ...tls, ...(typeof tls.cert === 'string' ? { cert: path.resolve(dir, tls.cert) } : {}), ...(typeof tls.key === 'string' ? { key: path.resolve(dir, tls.key) } : {}) };
    }
  }
  if (env.CTMS_RELAY_TARGETS) raw.targets = env.CTMS_RELAY_TARGETS.split(',').map((s) => s.trim()).filter(Boolean);
  if (env.CTMS_RELAY_PORT) raw.port = Number(env.CTMS_RELAY_PORT);
  if (env.CTMS_RELAY_HOST) raw.host = env.CTMS_RELAY_HOST;
  if (env.CTMS_RELAY_LOG_LEVEL) raw.logLevel = env.CTMS_RELAY_LOG_LEVEL;
  if (env.CTMS_RELAY_STATIC) raw.static = path.resolve(cwd, env.CTMS_RELAY_STATIC);
  if (env.CTMS_RELAY_CERT || env.CTMS_RELAY_KEY) raw.tls = { cert: path.resolve(cwd, env.CTMS_RELAY_CERT ?? ''), key: path.resolve(cwd, env.CTMS_RELAY_KEY ?? '') };
  return parseRelayConfig(raw, from ?? 'relay configuration');
}
