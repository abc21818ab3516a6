import { recordOutcome, type TransferLog } from '../../core/transfer/log';
import type { DryRunEntity } from './store';

/** Rows of the Results and Dry run tables, derived from a transfer log or a dry run (pure, tested through the panel). */

export type ResultKind = 'sent' | 'failed' | 'held back' | 'pending';
export const RESULT_FILTERS: readonly ('all' | ResultKind)[] = ['all', 'sent', 'failed', 'held back', 'pending'];

export interface ResultRow {
  key: string;
  sheet: string;
  row: number;
  kind: ResultKind;
  /** 'created' / 'updated' / 'unchanged' for sent rows; the reason or error otherwise. */
  detail: string;
  targetId: string | null;
}

export function resultRows(log: TransferLog): ResultRow[] {
  const out: ResultRow[] = [];
  for (const e of log.entities) {
    for (const r of e.records) {
      const res = r.result;
      const kind: ResultKind = !res ? 'pending' : res.ok ? 'sent' : 'failed';
      const detail = !res ? 'not sent yet' : res.ok ? recordOutcome(r) : res.error ?? 'failed';
      out.push({ key: `${r.sheet}\u0001${r.row}`, sheet: r.sheet, row: r.row, kind, detail, targetId: res?.id ?? null });
    }
    for (const h of e.heldBack) out.push({ key: `${h.sheet}\u0001${h.row}`, sheet: h.sheet, row: h.row, kind: 'held back', detail: h.reason, targetId: null });
  }
  return out;
}

export function countKinds(rows: ResultRow[]): Record<ResultKind | 'all', number> {
  const c: Record<ResultKind | 'all', number> = { all: rows.length, sent: 0, failed: 0, 'held back': 0, pending: 0 };
  for (const r of rows) c[r.kind]++;
  return c;
}

export function heldBackRows(entities: DryRunEntity[], sheet: string | 'all'): { sheet: string; row: number; reason: string }[] {
  return entities.filter((e) => sheet === 'all' || e.sheet === sheet).flatMap((e) => e.heldBack.map((h) => ({ sheet: h.sheet, row: h.row, reason: h.reason })));
}

/** Long lists are cut for the pane; the workbook's status column has every row. */
export const MAX_LISTED = 200;
