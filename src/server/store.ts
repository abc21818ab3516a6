import { randomBytes } from 'node:crypto';
import { childReferences, fieldDef, objectDef, SYSTEM_FIELDS, type FieldDef, type ObjectDef } from '../protocol/catalogue';
import type Database from 'better-sqlite3';
import type { Db } from './db';
import { fieldsOf, type VqlCondition, type VqlQuery } from '../protocol/vql';

export type Raw = Record<string, unknown>;
type Row = Record<string, string | number | null>;

export interface ApiError { type: string; message: string }

/** One entry of a Vault per-record answer. */
export interface RecordOutcome {
  responseStatus: 'SUCCESS' | 'WARNING' | 'FAILURE';
  data: { id?: string; url?: string; event?: string; id_param_value?: string };
  errors?: ApiError[];
  warnings?: Array<{ warning_type: string; message: string }>;
}

/** A request-level failure: the whole request is refused and nothing is written. */
export class RequestFailure extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

class RecordFailure extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

const ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Vault-looking id: the object's 3-character prefix and 12 random base-36 characters. */
export function newRecordId(prefix: string): string {
  const bytes = randomBytes(12);
  let s = prefix;
  for (const b of bytes) s += ID_ALPHABET[b % 36];
  return s;
}

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function validDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Record-level operations on the SQLite database. Each request runs in one transaction
 * with prepared statements, which is what keeps 500-record batches fast.
 */
export class RecordStore {
  private readonly stmts = new Map<string, Database.Statement>();

  constructor(private readonly db: Db) {}

  private stmt<R = Row>(sql: string): Database.Statement<R> {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s as Database.Statement<R>;
  }

  private findBy(obj: ObjectDef, field: string, value: unknown): Row | undefined {
    return this.stmt(`SELECT * FROM "${obj.name}" WHERE "${field}" = ?`).get(value);
  }

  get(obj: ObjectDef, id: string): Row | undefined {
    return this.findBy(obj, 'id', id);
  }

  /** Converts an input value to the stored form, or throws RecordFailure. */
  private normalise(obj: ObjectDef, f: FieldDef, v: unknown): string | number | null {
    if (isBlank(v)) return null;
    const bad = (why: string) => new RecordFailure('INVALID_DATA', `Invalid value for field [${f.name}]: ${why}`);
    if (typeof v === 'object') throw bad('expected a single value');
    switch (f.type) {
      case 'int': {
        const n = typeof v === 'number' ? v : /^\s*-?\d+\s*$/.test(String(v)) ? Number(v) : NaN;
        if (!Number.isInteger(n)) throw bad(`'${String(v)}' is not a whole number`);
        if (f.min !== undefined && n < f.min) throw bad(`${n} is less than ${f.min}`);
        return n;
      }
      case 'date': {
        const s = String(v).trim();
        if (!validDate(s)) throw bad(`'${s}' is not a date in yyyy-mm-dd format`);
        return s;
      }
      case 'picklist': {
        const s = String(v);
        if (!f.picklist!.includes(s)) throw bad(`'${s}' is not an active picklist value`);
        return s;
      }
      case 'reference': {
        const s = String(v);
        if (!this.stmt(`SELECT 1 AS x FROM "${f.references}" WHERE id = ?`).get(s)) throw bad(`no ${f.references} record with id '${s}'`);
        return s;
      }
      case 'text': {
        const s = String(v);
        if (f.maxLength !== undefined && s.length > f.maxLength) throw bad(`longer than ${f.maxLength} characters`);
        return s;
      }
    }
  }

  /** The reference field behind a relationship name (`country__vr` → the field country__v). */
  private relationship(obj: ObjectDef, rel: string): FieldDef | undefined {
    const f = rel.endsWith('r') ? fieldDef(obj, rel.slice(0, -1)) : undefined;
    return f?.type === 'reference' ? f : undefined;
  }

  /**
   * An object lookup column `{relationship}.{unique field}` (e.g. `country__vr.name__v`): the
   * target finds the record itself, per record; no match refuses that record only.
   */
  private lookup(obj: ObjectDef, column: string, v: unknown): [string, string | null] {
    const [rel, unique] = column.split('.') as [string, string | undefined];
    const f = this.relationship(obj, rel);
    const target = f?.references ? objectDef(f.references) : undefined;
    const uf = target && unique ? fieldDef(target, unique) : undefined;
    if (!f || !target || !uf || !uf.unique) throw new RecordFailure('INVALID_DATA', `Unknown field [${column}] on object [${obj.name}]`);
    if (isBlank(v)) return [f.name, null];
    const hit = this.stmt(`SELECT id FROM "${target.name}" WHERE "${uf.name}" = ?`).get(String(v));
    if (!hit) throw new RecordFailure('INVALID_DATA', `Invalid value for field [${column}]: no ${target.name} record with ${uf.name} '${String(v)}'`);
    return [f.name, String(hit.id)];
  }

  /** Normalises the fields a record carries (minus the ones listed in `skip`). */
  private values(obj: ObjectDef, rec: Raw, skip: readonly string[]): Map<string, string | number | null> {
    const out = new Map<string, string | number | null>();
    for (const [k, v] of Object.entries(rec)) {
      if (skip.includes(k)) continue;
      if (k.includes('.')) {
        const [field, id] = this.lookup(obj, k, v);
        out.set(field, id);
        continue;
      }
      // The audit dates are the target's own, as the metadata says (editable: false).
      if (k === 'created_date__v' || k === 'modified_date__v') throw new RecordFailure('INVALID_DATA', `Field [${k}] on object [${obj.name}] is not editable`);
      const f = fieldDef(obj, k);
      if (!f) throw new RecordFailure('INVALID_DATA', `Unknown field [${k}] on object [${obj.name}]`);
      out.set(k, this.normalise(obj, f, v));
    }
    return out;
  }

  private checkUnique(obj: ObjectDef, values: Map<string, string | number | null>, selfId?: string): void {
    for (const f of obj.fields) {
      if (!f.unique) continue;
      const v = values.get(f.name);
      if (v === null || v === undefined) continue;
      const hit = this.findBy(obj, f.name, v);
      if (hit && hit.id !== selfId) throw new RecordFailure('INVALID_DATA', `Duplicate value for unique field [${f.name}]: '${v}'`);
    }
  }

  private checkRequired(obj: ObjectDef, row: Map<string, string | number | null>): void {
    const missing = obj.fields.filter((f) => f.required && (row.get(f.name) ?? null) === null).map((f) => f.name);
    if (missing.length) throw new RecordFailure('INVALID_DATA', `Missing required field(s): [${missing.join(', ')}]`);
  }

  private insert(obj: ObjectDef, values: Map<string, string | number | null>): string {
    const id = newRecordId(obj.prefix);
    const now = new Date().toISOString();
    const cols = ['id', ...obj.fields.map((f) => f.name), 'created_date__v', 'modified_date__v'];
    this.stmt(`INSERT INTO "${obj.name}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
      .run(id, ...obj.fields.map((f) => values.get(f.name) ?? null), now, now);
    return id;
  }

  /** Applies changed fields; returns false when nothing differs (Vault's no-op warning). */
  private patch(obj: ObjectDef, current: Row, values: Map<string, string | number | null>): boolean {
    const changed = [...values].filter(([k, v]) => (current[k] ?? null) !== v);
    if (!changed.length) return false;
    const merged = new Map(obj.fields.map((f) => [f.name, current[f.name] ?? null] as [string, string | number | null]));
    for (const [k, v] of changed) merged.set(k, v);
    this.checkRequired(obj, merged);
    const sets = changed.map(([k]) => `"${k}" = ?`).join(', ');
    this.stmt(`UPDATE "${obj.name}" SET ${sets}, modified_date__v = ? WHERE id = ?`)
      .run(...changed.map(([, v]) => v), new Date().toISOString(), current.id);
    return true;
  }

  /** Runs `fn` per record, turning RecordFailure and constraint errors into per-record FAILUREs. */
  private perRecord(keyOf: (r: Raw) => string | undefined, records: Raw[], fn: (r: Raw) => RecordOutcome): RecordOutcome[] {
    return this.db.transaction(() => records.map((r) => {
      try {
        return fn(r);
      } catch (e) {
        const key = keyOf(r);
        const data = key === undefined ? {} : { id_param_value: key };
        if (e instanceof RecordFailure) return { responseStatus: 'FAILURE' as const, data, errors: [{ type: e.type, message: e.message }] };
        // A failed statement inside a transaction only rolls back itself, so the others stand.
        const code = (e as { code?: string }).code ?? '';
        if (code.startsWith('SQLITE_CONSTRAINT')) return { responseStatus: 'FAILURE' as const, data, errors: [{ type: 'INVALID_DATA', message: 'Constraint violated' }] };
        throw e;
      }
    }))();
  }

  private checkBatch(records: unknown): Raw[] {
    if (!Array.isArray(records) || records.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) {
      throw new RequestFailure('INVALID_DATA', 'Request body must be a list of records');
    }
    if (records.length === 0) throw new RequestFailure('INVALID_DATA', 'No records in the request');
    if (records.length > 500) throw new RequestFailure('INVALID_DATA', `Too many records: ${records.length} (at most 500 per request)`);
    return records as Raw[];
  }

  private checkIdParam(obj: ObjectDef, idParam: string): void {
    const f = fieldDef(obj, idParam);
    if (!f || !f.unique) throw new RequestFailure('INVALID_DATA', `idParam [${idParam}] is not a unique field of [${obj.name}]`);
  }

  /** Create (no idParam) or upsert by the unique field idParam. */
  upsert(obj: ObjectDef, body: unknown, url: (id: string) => string, idParam?: string): RecordOutcome[] {
    const records = this.checkBatch(body);
    if (idParam) {
      this.checkIdParam(obj, idParam);
      const seen = new Set<string>();
      for (const r of records) {
        const k = r[idParam];
        if (isBlank(k)) continue;
        if (seen.has(String(k))) throw new RequestFailure('INVALID_DATA', `Duplicate value '${String(k)}' for [${idParam}] in the same request`);
        seen.add(String(k));
      }
    }
    const keyOf = (r: Raw) => (idParam && !isBlank(r[idParam]) ? String(r[idParam]) : undefined);
    return this.perRecord(keyOf, records, (r) => {
      if ('id' in r) throw new RecordFailure('INVALID_DATA', 'Field [id] cannot be set on create or upsert');
      const values = this.values(obj, r, []);
      const key = keyOf(r);
      const idData = key === undefined ? {} : { id_param_value: key };
      if (idParam) {
        if (key === undefined) throw new RecordFailure('PARAMETER_REQUIRED', `Missing value for idParam field [${idParam}]`);
        const current = this.findBy(obj, idParam, values.get(idParam));
        if (current) {
          const id = String(current.id);
          this.checkUnique(obj, values, id);
          if (!this.patch(obj, current, values)) {
            return { responseStatus: 'WARNING', data: { id, url: url(id), ...idData }, warnings: [{ warning_type: 'NO_DATA_CHANGES', message: 'No changes in values - record not updated' }] };
          }
          return { responseStatus: 'SUCCESS', data: { id, url: url(id), event: 'updated__sys', ...idData } };
        }
      }
      this.checkUnique(obj, values);
      this.checkRequired(obj, values);
      const id = this.insert(obj, values);
      return { responseStatus: 'SUCCESS', data: { id, url: url(id), event: 'created__sys', ...idData } };
    });
  }

  /** Update by id; every record carries `id`. */
  update(obj: ObjectDef, body: unknown, url: (id: string) => string): RecordOutcome[] {
    const records = this.checkBatch(body);
    const ids = new Set<string>();
    for (const r of records) {
      if (isBlank(r.id)) continue;
      if (ids.has(String(r.id))) throw new RequestFailure('INVALID_DATA', `Duplicate id '${String(r.id)}' in the same request`);
      ids.add(String(r.id));
    }
    return this.perRecord(() => undefined, records, (r) => {
      if (isBlank(r.id)) throw new RecordFailure('PARAMETER_REQUIRED', 'Missing field [id]');
      const current = this.get(obj, String(r.id));
      if (!current) throw new RecordFailure('INVALID_DATA', `No ${obj.name} record with id '${String(r.id)}'`);
      const id = String(current.id);
      const values = this.values(obj, r, ['id']);
      this.checkUnique(obj, values, id);
      if (!this.patch(obj, current, values)) {
        return { responseStatus: 'WARNING', data: { id, url: url(id) }, warnings: [{ warning_type: 'NO_DATA_CHANGES', message: 'No changes in values - record not updated' }] };
      }
      return { responseStatus: 'SUCCESS', data: { id, url: url(id), event: 'updated__sys' } };
    });
  }

  /** Delete by id, or by the unique field idParam. Refuses a parent that still has children. */
  delete(obj: ObjectDef, body: unknown, idParam?: string): RecordOutcome[] {
    const records = this.checkBatch(body);
    const keyField = idParam ?? 'id';
    if (idParam) this.checkIdParam(obj, idParam);
    const children = childReferences(obj.name);
    return this.perRecord((r) => (idParam && !isBlank(r[idParam]) ? String(r[idParam]) : undefined), records, (r) => {
      const key = r[keyField];
      if (isBlank(key)) throw new RecordFailure('PARAMETER_REQUIRED', `Missing field [${keyField}]`);
      const current = this.findBy(obj, keyField, String(key));
      if (!current) throw new RecordFailure('INVALID_DATA', `No ${obj.name} record with ${keyField} '${String(key)}'`);
      for (const c of children) {
        if (this.stmt(`SELECT 1 AS x FROM "${c.object}" WHERE "${c.field}" = ? LIMIT 1`).get(current.id)) {
          throw new RecordFailure('OPERATION_NOT_ALLOWED', `Cannot delete ${obj.name} '${current.id}': referenced by ${c.object}.${c.field}`);
        }
      }
      this.stmt(`DELETE FROM "${obj.name}" WHERE id = ?`).run(current.id);
      return { responseStatus: 'SUCCESS', data: { id: String(current.id), ...(idParam ? { id_param_value: String(key) } : {}) } };
    });
  }

  /** Runs a parsed VQL query; returns the page and the total row count. */
  query(obj: ObjectDef, q: VqlQuery, pageSize: number, pageOffset: number): { rows: Row[]; total: number } {
    const known = new Set<string>([...SYSTEM_FIELDS, ...obj.fields.map((f) => f.name)]);
    // Outbound relationships in SELECT (`country__vr.name__v`), as VQL allows: a subselect per row.
    const related = new Map<string, string>();
    for (const f of q.fields) {
      if (!f.includes('.')) continue;
      const [rel, field] = f.split('.') as [string, string];
      const ref = this.relationship(obj, rel);
      const target = ref?.references ? objectDef(ref.references) : undefined;
      if (!ref || !target || !(field === 'id' || fieldDef(target, field))) throw new RequestFailure('INCORRECT_QUERY_SYNTAX_ERROR', `Unknown relationship field [${f}] on object [${obj.name}]`);
      related.set(f, `(SELECT r."${field}" FROM "${target.name}" r WHERE r.id = "${obj.name}"."${ref.name}")`);
    }
    for (const f of fieldsOf(q)) if (!known.has(f) && !(related.has(f) && q.fields.includes(f) && !whereMentions(q, f))) throw new RequestFailure('INCORRECT_QUERY_SYNTAX_ERROR', `Unknown field [${f}] on object [${obj.name}]`);
    const params: unknown[] = [];
    const where = q.where ? ` WHERE ${sqlCondition(q.where, params)}` : '';
    // Paging needs a stable order; Vault's default order is not documented, ours is by id.
    const order = q.orderBy ? `"${q.orderBy.field}" ${q.orderBy.direction}, id` : 'id';
    const total = (this.db.prepare<{ n: number }>(`SELECT COUNT(*) AS n FROM "${obj.name}"${where}`).get(...params)?.n) ?? 0;
    const rows = this.db.prepare<Row>(`SELECT ${q.fields.map((f) => (related.has(f) ? `${related.get(f)!} AS "${f}"` : `"${f}"`)).join(', ')} FROM "${obj.name}"${where} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...params, pageSize, pageOffset);
    return { rows, total };
  }
}

/** True when a WHERE or ORDER BY names the field (relationship fields are served in SELECT only). */
function whereMentions(q: VqlQuery, field: string): boolean {
  const inCond = (c: VqlCondition | undefined): boolean => {
    if (!c) return false;
    if (c.kind === 'compare' || c.kind === 'contains') return c.field === field;
    return 'items' in c && c.items.some(inCond);
  };
  return inCond(q.where) || q.orderBy?.field === field;
}

function sqlCondition(c: VqlCondition, params: unknown[]): string {
  switch (c.kind) {
    case 'and':
    case 'or':
      return `(${c.items.map((i) => sqlCondition(i, params)).join(c.kind === 'and' ? ' AND ' : ' OR ')})`;
    case 'contains':
      params.push(...c.values);
      return `"${c.field}" IN (${c.values.map(() => '?').join(', ')})`;
    case 'compare':
      params.push(c.value);
      return c.op === '!=' ? `("${c.field}" IS NULL OR "${c.field}" != ?)` : `"${c.field}" ${c.op} ?`;
  }
}
