/**
 * In-memory TargetCtms for pure tests of the pipeline (no server, no network).
 * Same contract as VaultClient: one result per record, upsert by key, no-op → 'unchanged',
 * refusal to delete a parent with children. Constraints are opt-in through `rules`.
 */
import { ClientErrorType, TargetError, type DeleteResult, type FieldMetadata, type RecordResult, type SessionInfo, type TargetCtms, type TargetRecord, type WriteOptions } from '../src/connectors/types';
import { matches, parseVql, VqlSyntaxError } from '../src/protocol/vql';
import { CATALOGUE, objectDef, PICKLISTS } from '../src/protocol/catalogue';

export interface MemoryRules {
  /** object → field → parent object: references must exist and block deleting the parent. */
  references?: Record<string, Record<string, string>>;
  /** object → required fields (checked after merging an update). */
  required?: Record<string, string[]>;
  /** Extra per-record refusal, e.g. to simulate a target constraint. */
  reject?: (object: string, record: TargetRecord) => { type: string; message: string } | undefined;
}

/** The reference links of the v1 objects, read from the protocol's catalogue (the one the reference server enforces). */
// Countries and study team roles are records the reference server seeds; memory holds none, so
// references to them are not checked here (the server tests cover their lookups).
const SEEDED = new Set(['country__v', 'study_team_role__v']);
export const V1_REFERENCES: Record<string, Record<string, string>> = Object.fromEntries(
  CATALOGUE.map((o) => [o.name, Object.fromEntries(o.fields.filter((f) => f.references && !SEEDED.has(f.references)).map((f) => [f.name, f.references!]))] as const)
    .filter(([, refs]) => Object.keys(refs).length > 0),
);

export class MemoryCtms implements TargetCtms {
  private readonly tables = new Map<string, Map<string, TargetRecord>>();
  private seq = 0;
  /** Every write call, for assertions: [operation, object, record count]. */
  readonly calls: Array<{ operation: string; object: string; count: number }> = [];

  constructor(private readonly rules: MemoryRules = { references: V1_REFERENCES }, private readonly pageSize = 1000) {}

  private table(object: string): Map<string, TargetRecord> {
    let t = this.tables.get(object);
    if (!t) {
      t = new Map();
      this.tables.set(object, t);
    }
    return t;
  }

  /** All records of an object (copies), ordered by id. */
  records(object: string): TargetRecord[] {
    return [...this.table(object).values()].map((r) => ({ ...r })).sort((a, b) => String(a.id).localeCompare(String(b.id)));
  }

  /** Deterministic dump of every non-empty object, for before/after comparisons. */
  snapshot(): Record<string, TargetRecord[]> {
    return Object.fromEntries([...this.tables.keys()].sort().map((o) => [o, this.records(o)]).filter(([, rows]) => rows.length > 0));
  }

  async signIn(): Promise<SessionInfo> {
    return { userId: 1, vaultId: 'memory' };
  }

  private check(object: string, rec: TargetRecord): { type: string; message: string } | undefined {
    for (const [field, parent] of Object.entries(this.rules.references?.[object] ?? {})) {
      const v = rec[field];
      if (v !== null && v !== undefined && v !== '' && !this.table(parent).has(String(v))) return { type: 'INVALID_DATA', message: `no ${parent} record with id '${v}' for [${field}]` };
    }
    const missing = (this.rules.required?.[object] ?? []).filter((f) => rec[f] === null || rec[f] === undefined || rec[f] === '');
    if (missing.length) return { type: 'INVALID_DATA', message: `Missing required field(s): [${missing.join(', ')}]` };
    return this.rules.reject?.(object, rec);
  }

  private keyed<T extends { key: string; index: number; ok: boolean; attempts: number; error?: { type: string; message: string } }>(
    records: TargetRecord[], keyField: string, fn: (rec: TargetRecord, key: string, index: number) => T,
  ): T[] {
    const seen = new Set<string>();
    return records.map((rec, index) => {
      const raw = rec[keyField];
      if (raw === null || raw === undefined || raw === '') return { index, key: '', ok: false, attempts: 0, error: { type: ClientErrorType.missingKey, message: `Missing value for ${keyField}` } } as T;
      const key = String(raw);
      if (seen.has(key)) return { index, key, ok: false, attempts: 0, error: { type: ClientErrorType.duplicateKey, message: `${keyField} '${key}' repeats in this submission; not sent` } } as T;
      seen.add(key);
      return fn(rec, key, index);
    });
  }

  private apply(object: string, current: TargetRecord | undefined, rec: TargetRecord, index: number, key: string): RecordResult {
    const t = this.table(object);
    const { id: _id, ...fields } = rec;
    if (current) {
      const changed = Object.entries(fields).filter(([k, v]) => (current[k] ?? null) !== (v === '' ? null : v));
      if (!changed.length) return { index, key, ok: true, id: String(current.id), event: 'unchanged', attempts: 1 };
      const merged = { ...current, ...Object.fromEntries(changed.map(([k, v]) => [k, v === '' ? null : v])) };
      const err = this.check(object, merged);
      if (err) return { index, key, ok: false, id: String(current.id), error: err, attempts: 1 };
      t.set(String(current.id), merged);
      return { index, key, ok: true, id: String(current.id), event: 'updated', attempts: 1 };
    }
    const id = `MEM${String(++this.seq).padStart(12, '0')}`;
    const created: TargetRecord = { id, ...fields };
    const err = this.check(object, created);
    if (err) return { index, key, ok: false, error: err, attempts: 1 };
    t.set(id, created);
    return { index, key, ok: true, id, event: 'created', attempts: 1 };
  }

  async upsert(object: string, records: TargetRecord[], idParam: string, options: WriteOptions = {}): Promise<RecordResult[]> {
    this.calls.push({ operation: 'upsert', object, count: records.length });
    const t = this.table(object);
    const byKey = new Map([...t.values()].filter((r) => r[idParam] != null).map((r) => [String(r[idParam]), r]));
    const results = this.keyed(records, idParam, (rec, key, index) => {
      const result = this.apply(object, byKey.get(key), rec, index, key);
      if (result.ok && result.id) byKey.set(key, t.get(result.id)!);
      return result;
    });
    options.onBatch?.({ object, operation: 'upsert', batchIndex: 0, size: records.length, attempts: 1, results });
    return results;
  }

  async update(object: string, records: TargetRecord[], options: WriteOptions = {}): Promise<RecordResult[]> {
    this.calls.push({ operation: 'update', object, count: records.length });
    const t = this.table(object);
    const results = this.keyed(records, 'id', (rec, key, index) => {
      const current = t.get(key);
      if (!current) return { index, key, ok: false, attempts: 1, error: { type: 'INVALID_DATA', message: `No ${object} record with id '${key}'` } };
      return this.apply(object, current, rec, index, key);
    });
    options.onBatch?.({ object, operation: 'update', batchIndex: 0, size: records.length, attempts: 1, results });
    return results;
  }

  async delete(object: string, ids: string[], options: WriteOptions = {}): Promise<DeleteResult[]> {
    this.calls.push({ operation: 'delete', object, count: ids.length });
    const t = this.table(object);
    const results = this.keyed(ids.map((id) => ({ id })), 'id', (_rec, key, index): DeleteResult => {
      if (!t.has(key)) return { index, key, ok: false, attempts: 1, error: { type: 'INVALID_DATA', message: `No ${object} record with id '${key}'` } };
      for (const [child, refs] of Object.entries(this.rules.references ?? {})) {
        for (const [field, parent] of Object.entries(refs)) {
          if (parent === object && [...this.table(child).values()].some((r) => r[field] === key)) {
            return { index, key, ok: false, attempts: 1, error: { type: 'OPERATION_NOT_ALLOWED', message: `Cannot delete ${object} '${key}': referenced by ${child}.${field}` } };
          }
        }
      }
      t.delete(key);
      return { index, key, ok: true, id: key, attempts: 1 };
    });
    options.onBatch?.({ object, operation: 'delete', batchIndex: 0, size: ids.length, attempts: 1, results });
    return results;
  }

  async *queryPages(vql: string): AsyncIterable<TargetRecord[]> {
    let q;
    try {
      q = parseVql(vql);
    } catch (e) {
      if (e instanceof VqlSyntaxError) throw new TargetError('INCORRECT_QUERY_SYNTAX_ERROR', e.message);
      throw e;
    }
    let rows = this.records(q.object).filter((r) => matches(q.where, r));
    if (q.orderBy) {
      const { field, direction } = q.orderBy;
      const sign = direction === 'DESC' ? -1 : 1;
      rows = rows.sort((a, b) => sign * String(a[field] ?? '').localeCompare(String(b[field] ?? '')));
    }
    rows = rows.slice(q.pageOffset ?? 0).map((r) => Object.fromEntries(q.fields.map((f) => [f, r[f] ?? null])));
    const size = Math.min(q.pageSize ?? this.pageSize, this.pageSize);
    for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
  }

  async query(vql: string): Promise<TargetRecord[]> {
    const out: TargetRecord[] = [];
    for await (const page of this.queryPages(vql)) out.push(...page);
    return out;
  }

  async getRecord(object: string, id: string): Promise<TargetRecord | null> {
    const r = this.table(object).get(id);
    return r ? { ...r } : null;
  }

  async findByExternalIds(object: string, field: string, keys: string[], fields?: string[]): Promise<Map<string, TargetRecord>> {
    const wanted = new Set(keys);
    const out = new Map<string, TargetRecord>();
    for (const r of this.table(object).values()) {
      const k = r[field];
      if (k === null || k === undefined || !wanted.has(String(k))) continue;
      out.set(String(k), fields ? Object.fromEntries([...new Set([...fields, field])].map((f) => [f, r[f] ?? null])) : { ...r });
    }
    return out;
  }

  /**
   * The reference catalogue's objects are described as the reference server describes them (so a
   * preflight in a pane test checks what it would check against a Vault); any other object by the
   * fields its stored records have.
   */
  async describeObject(object: string): Promise<FieldMetadata[]> {
    const def = objectDef(object);
    if (def) {
      const types = { text: 'String', picklist: 'Picklist', date: 'Date', int: 'Number', reference: 'Object' } as const;
      return [
        { name: 'id', type: 'ID', required: false, unique: true, editable: false },
        ...def.fields.map((f) => ({
          name: f.name, type: types[f.type], required: !!f.required, unique: !!f.unique,
          ...(f.maxLength !== undefined ? { maxLength: f.maxLength } : {}),
          ...(f.picklistName ? { picklist: PICKLISTS[f.picklistName]!.map((v) => v.name) } : {}),
          ...(f.references ? { references: f.references } : {}),
        })),
      ];
    }
    const names = new Set<string>(['id']);
    for (const r of this.table(object).values()) Object.keys(r).forEach((k) => names.add(k));
    return [...names].map((name) => ({ name, type: 'String', required: name === 'id', unique: name === 'id' }));
  }
}
