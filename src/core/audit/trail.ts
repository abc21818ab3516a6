import { sha256Hex } from './hash';

/**
 * The audit trail: who changed what, when, and why — every accepted
 * transformation, duplicate decision, manual override of a flag, transfer and
 * rollback. It is append-only (there is no way to edit or remove an entry
 * through this API), and each entry carries the SHA-256 of the previous one,
 * so an entry edited or removed outside the product (e.g. by hand in the
 * hidden sheet) is detected by `verifyChain()`. Truncation at the end is
 * detectable only against a remembered head (`head()`), which the Excel
 * adapter keeps outside the sheet (document settings / custom XML).
 */

export const AUDIT_KINDS = ['transformation', 'decision', 'override', 'transfer', 'rollback', 'template', 'validation', 'undo'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export type AuditJson = string | number | boolean | null | AuditJson[] | { [key: string]: AuditJson };
export type AuditDetails = { [key: string]: AuditJson };

/** One entry. Optional columns are always present (null = not applicable / empty cell), so an entry survives a sheet round trip unchanged. */
export interface AuditEntry {
  /** 1, 2, 3… with no gaps. */
  seq: number;
  /** UTC, ISO 8601 (`2024-06-30T12:00:00.000Z`). */
  at: string;
  who: string;
  kind: AuditKind;
  sheet: string | null;
  /** Excel row number. */
  row: number | null;
  /** A1 address within `sheet`. */
  cell: string | null;
  /** Values as text: dates as yyyy-mm-dd, numbers as written; null = empty. */
  before: string | null;
  after: string | null;
  ruleId: string | null;
  details: AuditDetails;
  /** Hash of the previous entry (GENESIS_HASH for the first). */
  prevHash: string;
  /** SHA-256 of this entry's canonical form, which includes prevHash. */
  hash: string;
}

export type AuditValueIn = string | number | boolean | Date | null | undefined;

/** What a caller appends; seq, hashes and (by default) who/at are filled in by the trail. */
export interface AuditInput {
  kind: AuditKind;
  who?: string;
  /** Defaults to the trail's clock. Any parseable date; stored as UTC ISO. */
  at?: string | Date;
  sheet?: string | null;
  row?: number | null;
  cell?: string | null;
  before?: AuditValueIn;
  after?: AuditValueIn;
  ruleId?: string | null;
  details?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Column order of the audit sheet, the CSV and toRows(). */
export const AUDIT_HEADERS = ['Seq', 'At (UTC)', 'Who', 'Kind', 'Sheet', 'Row', 'Cell', 'Before', 'After', 'Rule', 'Details', 'Previous Hash', 'Hash'] as const;

/** Name of the (protected, hidden) worksheet that stores the trail in a workbook. */
export const AUDIT_SHEET = 'Audit';

export interface ChainProblem {
  seq: number;
  /** edited: content no longer matches its hash; removed: a gap in seq or a broken link; truncated: fewer entries than the remembered head. */
  problem: 'edited' | 'removed' | 'truncated' | 'malformed';
  detail: string;
}

export interface ChainCheck {
  ok: boolean;
  checked: number;
  problems: ChainProblem[];
}

/** Dates as yyyy-mm-dd when at UTC midnight (how the engine stores dates), else full ISO. */
export function auditText(v: AuditValueIn): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return 'Invalid Date';
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  const s = String(v);
  return s === '' ? null : s;
}

/** A JSON-safe copy: undefined dropped, dates as text, non-finite numbers as null, anything else as its string. */
export function jsonSafe(v: unknown, depth = 0): AuditJson {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v instanceof Date) return auditText(v);
  if (depth > 20) return String(v);
  if (Array.isArray(v)) return v.map((x) => jsonSafe(x === undefined ? null : x, depth + 1));
  if (v instanceof Map) return jsonSafe(Object.fromEntries(v), depth + 1);
  if (v instanceof Set) return jsonSafe([...v], depth + 1);
  if (typeof v === 'object') {
    const out: { [k: string]: AuditJson } = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) out[k] = jsonSafe(x, depth + 1);
    return out;
  }
  return String(v);
}

/** JSON with object keys sorted at every level: the same data always gives the same text (and hash). */
export function canonicalJson(v: AuditJson): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k]!)}`).join(',')}}`;
}

export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  return sha256Hex(canonicalJson([e.seq, e.at, e.who, e.kind, e.sheet, e.row, e.cell, e.before, e.after, e.ruleId, e.details, e.prevHash]));
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    for (const x of Object.values(v as object)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

function copyEntry(e: AuditEntry): AuditEntry {
  return deepFreeze({ ...e, details: JSON.parse(JSON.stringify(e.details)) as AuditDetails });
}

function toIsoUtc(at: string | Date): string {
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) throw new Error(`Audit entry time is not a date: ${String(at)}`);
  return d.toISOString();
}

/** Characters that make a spreadsheet treat a CSV field as a formula (plus tab and CR, per OWASP). */
const FORMULA_LEAD = /^[=+\-@\t\r]/;

/** One CSV field: formula-leading text gets a leading apostrophe; fields with quotes, separators or line breaks are quoted. */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && FORMULA_LEAD.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface AuditTrailOptions {
  /** The default author: the Office user's name where the host gives it, else the name entered once. */
  who?: string;
  now?: () => Date;
}

export class AuditTrail {
  readonly #entries: AuditEntry[] = [];
  #who: string;
  readonly #now: () => Date;

  constructor(opts: AuditTrailOptions = {}, stored: AuditEntry[] = []) {
    this.#who = opts.who ?? '';
    this.#now = opts.now ?? (() => new Date());
    for (const e of stored) this.#entries.push(copyEntry(e));
  }

  /** Set the default author (e.g. once the user has entered a name). */
  setWho(who: string): void { this.#who = who; }
  get who(): string { return this.#who; }

  get length(): number { return this.#entries.length; }

  /** Append one entry and return it (frozen). The only way the trail changes. */
  append(input: AuditInput): AuditEntry {
    if (!(AUDIT_KINDS as readonly string[]).includes(input.kind)) throw new Error(`Unknown audit entry kind: ${String(input.kind)}`);
    const who = (input.who ?? this.#who).trim();
    if (!who) throw new Error('An audit entry needs who made the change (set the trail\'s user name first)');
    const last = this.#entries[this.#entries.length - 1];
    const details = jsonSafe(input.details ?? {});
    const body: Omit<AuditEntry, 'hash'> = {
      seq: (last?.seq ?? 0) + 1,
      at: toIsoUtc(input.at ?? this.#now()),
      who,
      kind: input.kind,
      sheet: input.sheet ?? null,
      row: input.row ?? null,
      cell: input.cell ?? null,
      before: auditText(input.before),
      after: auditText(input.after),
      ruleId: input.ruleId ?? null,
      details: details && typeof details === 'object' && !Array.isArray(details) ? details : { value: details },
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const entry = deepFreeze({ ...body, hash: entryHash(body) });
    this.#entries.push(entry);
    return entry;
  }

  appendAll(inputs: AuditInput[]): AuditEntry[] {
    return inputs.map((i) => this.append(i));
  }

  /** Frozen copies, oldest first. */
  entries(): readonly AuditEntry[] {
    return Object.freeze(this.#entries.map(copyEntry));
  }

  /** The last entry's seq and hash: remember it outside the sheet to detect truncation. */
  head(): { seq: number; hash: string } {
    const last = this.#entries[this.#entries.length - 1];
    return { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH };
  }

  /** Recompute every hash and link. With `expectedHead`, also detect entries removed from the end. */
  verifyChain(expectedHead?: { seq: number; hash: string }): ChainCheck {
    const problems: ChainProblem[] = [];
    let prev = GENESIS_HASH;
    let expectSeq = 1;
    for (const e of this.#entries) {
      if (!Number.isInteger(e.seq)) {
        problems.push({ seq: e.seq, problem: 'malformed', detail: `entry without a valid sequence number (${String(e.seq)})` });
      } else if (e.seq !== expectSeq) {
        problems.push({ seq: e.seq, problem: 'removed', detail: e.seq > expectSeq ? `entries ${expectSeq}–${e.seq - 1} are missing` : `entry ${e.seq} is out of order (expected ${expectSeq})` });
      } else if (e.prevHash !== prev) {
        problems.push({ seq: e.seq, problem: 'removed', detail: `entry ${e.seq} does not follow the entry before it` });
      }
      const { hash, ...body } = e;
      if (entryHash(body) !== hash) problems.push({ seq: e.seq, problem: 'edited', detail: `entry ${e.seq} was changed after it was recorded` });
      prev = hash;
      expectSeq = (Number.isInteger(e.seq) ? e.seq : expectSeq) + 1;
    }
    if (expectedHead) {
      const h = this.head();
      if (h.seq < expectedHead.seq) problems.push({ seq: expectedHead.seq, problem: 'truncated', detail: `the trail ends at entry ${h.seq}; entries up to ${expectedHead.seq} were recorded` });
      else if (h.seq === expectedHead.seq && h.hash !== expectedHead.hash) problems.push({ seq: h.seq, problem: 'edited', detail: `the last entry ${h.seq} is not the one recorded` });
    }
    return { ok: problems.length === 0, checked: this.#entries.length, problems };
  }

  /** One row per entry in AUDIT_HEADERS order; details as canonical JSON text. Plain strings and numbers only. */
  toRows(): { headers: string[]; rows: (string | number | null)[][] } {
    return { headers: [...AUDIT_HEADERS], rows: this.#entries.map(entryRow) };
  }

  toCsv(): string {
    const lines = [AUDIT_HEADERS.map((h) => csvField(h)).join(',')];
    for (const r of this.#entries.map(entryRow)) lines.push(r.map(csvField).join(','));
    return `${lines.join('\r\n')}\r\n`;
  }

  toJson(): string {
    return `${JSON.stringify(this.#entries, null, 2)}\n`;
  }

  /** Load a trail stored in a sheet (header row optional). Values are taken as stored, never re-hashed: verifyChain() tells whether they were tampered with. */
  static fromRows(rows: readonly (readonly unknown[])[], opts: AuditTrailOptions = {}): AuditTrail {
    let body = rows;
    let cols: number[] = AUDIT_HEADERS.map((_, i) => i);
    const first = rows[0];
    if (first && String(first[0] ?? '').trim().toLowerCase() === 'seq') {
      const norm = first.map((h) => String(h ?? '').trim().toLowerCase());
      cols = AUDIT_HEADERS.map((h, i) => { const c = norm.indexOf(h.toLowerCase()); return c >= 0 ? c : i; });
      body = rows.slice(1);
    }
    const entries: AuditEntry[] = [];
    for (const r of body) {
      if (r.every((v) => v === null || v === undefined || v === '')) continue;
      entries.push(rowEntry(cols.map((c) => r[c])));
    }
    return new AuditTrail(opts, entries);
  }

  static fromJson(text: string, opts: AuditTrailOptions = {}): AuditTrail {
    const data = JSON.parse(text) as unknown;
    const list = Array.isArray(data) ? data : (data as { entries?: unknown }).entries;
    if (!Array.isArray(list)) throw new Error('Not an audit trail: expected an array of entries');
    return AuditTrail.fromRows(list.map((e) => entryRow(e as AuditEntry)), opts);
  }
}

function entryRow(e: AuditEntry): (string | number | null)[] {
  return [e.seq, e.at, e.who, e.kind, e.sheet, e.row, e.cell, e.before, e.after, e.ruleId, canonicalJson(e.details), e.prevHash, e.hash];
}

function text(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  return Number.isFinite(n) ? n : NaN;
}

function rowEntry(c: unknown[]): AuditEntry {
  let details: AuditDetails;
  const raw = text(c[10]);
  try {
    const parsed = raw === null ? {} : (JSON.parse(raw) as unknown);
    details = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as AuditDetails) : { unreadable: raw };
  } catch {
    details = { unreadable: raw };
  }
  return {
    seq: num(c[0]) ?? NaN,
    at: text(c[1]) ?? '',
    who: text(c[2]) ?? '',
    kind: (text(c[3]) ?? '') as AuditKind,
    sheet: text(c[4]),
    row: num(c[5]),
    cell: text(c[6]),
    before: text(c[7]),
    after: text(c[8]),
    ruleId: text(c[9]),
    details,
    prevHash: text(c[11]) ?? '',
    hash: text(c[12]) ?? '',
  };
}
