/**
 * The contract between the submission pipeline and any target CTMS.
 * Vault is the first implementation; a FHIR R4 target can follow behind the same interface.
 */

/** A flat record as the target stores it: field name → value. References are target ids. */
export type TargetValue = string | number | boolean | null;
export type TargetRecord = Record<string, TargetValue>;

export type RecordEvent = 'created' | 'updated' | 'unchanged';

/** One result per input record, in input order. */
export interface RecordResult {
  /** Position of the record in the caller's input array. */
  index: number;
  /** The upsert key value (idParam field) or, for update/delete, the record id. */
  key: string;
  ok: boolean;
  id?: string;
  event?: RecordEvent;
  error?: { type: string; message: string };
  /** Requests it took to get this answer (1 = first try). 0 when never sent. */
  attempts: number;
  /** X-VaultAPI-ExecutionId of the request that produced the answer: log it. */
  executionId?: string;
  /**
   * An earlier attempt got no answer (timeout, dropped connection) and may have been committed,
   * so `event` describes the last attempt only: 'unchanged' may really mean 'created by us'.
   * Decide created vs updated from the before-image taken before the batch.
   */
  uncertain?: boolean;
}

export interface DeleteResult {
  index: number;
  key: string;
  ok: boolean;
  id?: string;
  error?: { type: string; message: string };
  attempts: number;
  executionId?: string;
  uncertain?: boolean;
}

/** Reported once per batch request so a pipeline can log batches as they complete. */
export interface BatchReport {
  object: string;
  operation: 'upsert' | 'update' | 'delete';
  batchIndex: number;
  size: number;
  attempts: number;
  executionId?: string;
  results: Array<RecordResult | DeleteResult>;
}

export interface WriteOptions {
  onBatch?: (report: BatchReport) => void;
}

export interface FieldMetadata {
  name: string;
  type: string;
  required: boolean;
  unique: boolean;
  /** Vault's `editable`: false for fields the target computes or locks. */
  editable?: boolean;
  maxLength?: number;
  picklist?: string[];
  references?: string;
}

export interface SessionInfo {
  userId: string | number;
  vaultId: string | number;
}

export interface TargetCtms {
  /** Signs in (or reuses the cached session) and returns who and where we are. */
  signIn(): Promise<SessionInfo>;
  /** Creates or updates by the unique field `idParam`; never two records for one key. */
  upsert(object: string, records: TargetRecord[], idParam: string, options?: WriteOptions): Promise<RecordResult[]>;
  /** Updates records by target id (each record carries `id`). */
  update(object: string, records: TargetRecord[], options?: WriteOptions): Promise<RecordResult[]>;
  /** Deletes by target id. A parent that still has children is refused (OPERATION_NOT_ALLOWED). */
  delete(object: string, ids: string[], options?: WriteOptions): Promise<DeleteResult[]>;
  /** Runs a VQL query and returns every row, following pages. */
  query(vql: string): Promise<TargetRecord[]>;
  /** Runs a VQL query page by page. */
  queryPages(vql: string): AsyncIterable<TargetRecord[]>;
  getRecord(object: string, id: string): Promise<TargetRecord | null>;
  /** Existing records whose `field` is one of `keys`, keyed by that field's value. */
  findByExternalIds(object: string, field: string, keys: string[], fields?: string[]): Promise<Map<string, TargetRecord>>;
  describeObject(object: string): Promise<FieldMetadata[]>;
}

/**
 * Failure that stops an operation as a whole (bad credentials, wrong vault, a request-level
 * FAILURE). `type` is Vault's error type, or one of the client-side types below.
 */
export class TargetError extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.name = 'TargetError';
    this.type = type;
  }
}

/** Client-side error types (Vault's own types are passed through unchanged). */
export const ClientErrorType = {
  network: 'NETWORK_ERROR',
  timeout: 'TIMEOUT',
  http: 'HTTP_ERROR',
  retriesExhausted: 'RETRIES_EXHAUSTED',
  duplicateKey: 'DUPLICATE_KEY_IN_REQUEST',
  missingKey: 'PARAMETER_REQUIRED',
  wrongVault: 'WRONG_VAULT',
  insecureUrl: 'INSECURE_URL',
  badResponse: 'BAD_RESPONSE',
  /** The target answered with a redirect; not followed, so no credential or session leaves its origin. */
  redirect: 'REDIRECT_REFUSED',
  /** A next page on another origin than the target's; not followed. */
  crossOrigin: 'CROSS_ORIGIN_REFUSED',
  /** The add-in's relay refused the call (target not on its list, a redirect, too large); not retried. */
  relayRefused: 'RELAY_REFUSED',
} as const;
