import type { Standard } from '../core/standard/schema';
import type { TargetRecords } from '../core/master';
import { defaultProfileFor, lookupColumn, type TargetProfile } from '../core/target-profile';
import { readBackFor } from '../core/transfer/readback';
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
 * Through the target profile, a field sent as a lookup is read through the same lookup column
 * (a country's code, not its record id), and picklist value names come back as the labels the
 * sheet holds, so a record that means the same is a reuse, not an update.
 */
export async function readTargetRecords(std: Standard, target: Pick<VaultClient, 'query'>, profile: TargetProfile | null = defaultProfileFor(std)): Promise<TargetRecords> {
  const out: TargetRecords = {};
  const readBack = readBackFor(profile, std);
  const order = std.submitOrder.length ? std.submitOrder : std.entities.map((e) => e.key);
  const byId = new Map<string, Map<string, Record<string, string | number | boolean | null>>>();
  for (const key of order) {
    const e = std.entities.find((x) => x.key === key)!;
    const mapped = e.fields.filter((f) => f.targetField);
    const refs = profile?.entities[key]?.references ?? {};
    const columnOf = (f: (typeof mapped)[number]) => {
      const ref = refs[f.key];
      return ref?.send === 'lookup' ? lookupColumn(f.targetField!, ref) : f.targetField!;
    };
    const select = ['id', ...new Set(mapped.map(columnOf))];
    const rows = await target.query(`SELECT ${select.join(', ')} FROM ${e.targetObject}`);
    const ids = new Map<string, Record<string, string | number | boolean | null>>();
    byId.set(key, ids);
    out[key] = rows.map((r) => {
      const fields: Record<string, string | number | boolean | null> = {};
      for (const f of mapped) {
        const column = columnOf(f);
        const v = readBack.value(e.targetObject, column, r[column] ?? null) as string | number | boolean | null;
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

