import type { Standard } from '../core/standard/schema';
import type { TargetRecords } from '../core/master';
import { VaultClient } from '../connectors';
import { InputError } from './errors';
import type { TargetSignIn } from './credentials';

/** How to talk to the target beyond who signs in: `--client-id`, `--migration-mode`. */
export interface ConnectionOptions { clientId?: string; migrationMode?: boolean }

export function client(url: string, signIn: TargetSignIn, batchSize?: number, connection: ConnectionOptions = {}): VaultClient {
  if (connection.clientId !== undefined && !/^[A-Za-z0-9._-]{1,100}$/.test(connection.clientId)) throw new InputError('--client-id takes letters, digits, dots, dashes and underscores only');
  try {
    return new VaultClient({
      baseUrl: url, ...signIn, ...(batchSize ? { batchSize } : {}),
      ...(connection.clientId ? { clientId: connection.clientId } : {}),
      ...(connection.migrationMode ? { migrationMode: true } : {}),
    });
  } catch (e) {
    throw new InputError((e as Error).message);
  }
}

/**
 * The target's records of every entity, by standard field key, for create/reuse/update.
 * References come back as target ids; they are turned back into the referenced
 * record's key values (parents are read first), so they compare with the sheet.
 */
export async function readTargetRecords(std: Standard, target: VaultClient): Promise<TargetRecords> {
  const out: TargetRecords = {};
  const order = std.submitOrder.length ? std.submitOrder : std.entities.map((e) => e.key);
  const byId = new Map<string, Map<string, Record<string, string | number | boolean | null>>>();
  for (const key of order) {
    const e = std.entities.find((x) => x.key === key)!;
    const mapped = e.fields.filter((f) => f.targetField);
    const select = ['id', ...new Set(mapped.map((f) => f.targetField!))];
    const rows = await target.query(`SELECT ${select.join(', ')} FROM ${e.targetObject}`);
    const ids = new Map<string, Record<string, string | number | boolean | null>>();
    byId.set(key, ids);
    out[key] = rows.map((r) => {
      const fields: Record<string, string | number | boolean | null> = {};
      for (const f of mapped) {
        const v = (r[f.targetField!] ?? null) as string | number | boolean | null;
        if (f.targetValue === 'targetId' && f.reference) {
          const parent = v === null ? undefined : byId.get(f.reference.entity)?.get(String(v));
          if (!parent) continue;
          const local = f.reference.localFields ?? [f.key];
          f.reference.fields.forEach((pf, i) => { fields[local[i]!] = parent[pf] ?? null; });
        } else fields[f.key] = v;
      }
      ids.set(String(r.id), fields);
      return { id: String(r.id), fields };
    });
  }
  return out;
}

