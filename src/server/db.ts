import Database from 'better-sqlite3';
import { CATALOGUE, type FieldDef } from '../protocol/catalogue';
import { seedReferenceData } from './seed';

export type Db = Database.Database;

function columnType(f: FieldDef): string {
  return f.type === 'int' ? 'INTEGER' : 'TEXT';
}

/**
 * One table per object with real columns (not a JSON blob), so VQL becomes parameterised
 * SQL and the unique constraints are the database's own.
 */
export function openDatabase(file: string): Db {
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  // NORMAL keeps commits durable across a process crash in WAL mode; FULL would only add
  // protection against power loss at a large cost per batch.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = OFF');
  for (const o of CATALOGUE) {
    const cols = o.fields.map((f) => `"${f.name}" ${columnType(f)}${f.unique ? ' UNIQUE' : ''}`);
    db.exec(`CREATE TABLE IF NOT EXISTS "${o.name}" (
      id TEXT PRIMARY KEY,
      ${cols.join(',\n      ')},
      created_date__v TEXT NOT NULL,
      modified_date__v TEXT NOT NULL
    )`);
    for (const f of o.fields) {
      if (f.type === 'reference') db.exec(`CREATE INDEX IF NOT EXISTS "ix_${o.name}_${f.name}" ON "${o.name}"("${f.name}")`);
    }
  }
  seedReferenceData(db);
  return db;
}

export interface SnapshotOptions {
  /** Include created/modified timestamps (off by default: a restore legitimately changes them). */
  includeAudit?: boolean;
}

/**
 * Deterministic dump of every object table (rows ordered by id, columns in catalogue order),
 * so a test can compare the whole database before a transfer and after its rollback.
 */
export function snapshot(db: Db, options: SnapshotOptions = {}): Record<string, Array<Record<string, unknown>>> {
  const out: Record<string, Array<Record<string, unknown>>> = {};
  for (const o of [...CATALOGUE].sort((a, b) => a.name.localeCompare(b.name))) {
    const cols = ['id', ...o.fields.map((f) => f.name), ...(options.includeAudit ? ['created_date__v', 'modified_date__v'] : [])];
    out[o.name] = db.prepare<Record<string, unknown>>(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${o.name}" ORDER BY id`).all();
  }
  return out;
}
