import { z } from 'zod';
import type { SheetData, CellValue } from '../model/sheet';
import { a1 } from '../sheet/address';
import { normalizeHeader } from '../sheet/headers';
import type { TransferLog } from '../transfer/log';
import type { Discrepancy } from '../transfer/reconcile';
import { displayValue } from './lot';
import { pickFrom, type QcRow, type SheetProblem } from './sheet';

/**
 * The issues tracker: every QC failure, transfer error and reconciliation
 * discrepancy becomes one item with a root-cause category, an owner, a status
 * and the corrective action, linked back to the source cell and record. Ids are
 * derived from what the item is about, so regenerating the tracker keeps what
 * people already wrote on an item (`mergeIssues`).
 */

export const ISSUE_STATUSES = ['Open', 'In progress', 'Closed'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];
export const ISSUE_SOURCES = ['QC', 'Transfer', 'Reconciliation'] as const;
export type IssueSource = (typeof ISSUE_SOURCES)[number];
export const ISSUES_SHEET = 'Issues';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date yyyy-mm-dd');

export const TrackedIssueSchema = z.object({
  id: z.string().min(1),
  source: z.enum(ISSUE_SOURCES),
  sheet: z.string(),
  /** Source row (Excel numbering); 0 when the item is not about one row. */
  row: z.number().int().nonnegative(),
  externalId: z.string(),
  study: z.string().default(''),
  /** Field header ('' for a whole record). */
  field: z.string(),
  description: z.string().min(1),
  /** Root-cause category from the standard's list; '' until someone categorises it. */
  cause: z.string(),
  owner: z.string(),
  status: z.enum(ISSUE_STATUSES),
  correctiveAction: z.string(),
  dateClosed: z.union([isoDate, z.literal('')]),
  /** Where the item points: the source cell ("Sites!F2"), the QC sheet row, the transfer. */
  link: z.object({
    cell: z.string(),
    qcId: z.string().optional(),
    transferId: z.string().optional(),
  }),
});
export type TrackedIssue = z.infer<typeof TrackedIssueSchema>;

/** The tracker as JSON: items validated, causes checked against the standard's list, a closed item dated. */
export function trackerSchema(causeCategories: readonly string[]) {
  return z.object({
    version: z.literal(1),
    items: z.array(TrackedIssueSchema.superRefine((it, ctx) => {
      if (it.cause && !causeCategories.includes(it.cause)) ctx.addIssue({ code: 'custom', path: ['cause'], message: `"${it.cause}" is not a cause category of the standard (${causeCategories.join(', ')})` });
      if (it.status === 'Closed' && !it.dateClosed) ctx.addIssue({ code: 'custom', path: ['dateClosed'], message: 'a closed item needs the date it was closed' });
    })),
  });
}
export type TrackerJson = { version: 1; items: TrackedIssue[] };

function fresh(p: Omit<TrackedIssue, 'owner' | 'status' | 'correctiveAction' | 'dateClosed'>): TrackedIssue {
  return { ...p, owner: '', status: 'Open', correctiveAction: '', dateClosed: '' };
}

function quoted(v: string): string {
  return v === '' ? '(blank)' : `"${v}"`;
}

export function issuesFromQc(rows: QcRow[]): TrackedIssue[] {
  return rows.filter((r) => r.verdict === 'Fail').map((r) => ({
    ...fresh({
      id: r.id, source: 'QC', sheet: r.sheet, row: r.row, externalId: r.externalId, study: r.study, field: r.field,
      description: `${r.field}: source ${quoted(r.source)}, target ${quoted(r.target)}${r.comment ? ` — ${r.comment}` : ''}`,
      cause: r.cause, link: { cell: r.cell ? `${r.sheet}!${r.cell}` : r.sheet, qcId: r.id, ...(r.transferId ? { transferId: r.transferId } : {}) },
    }),
    owner: r.reviewer,
  }));
}

export function issuesFromTransferLog(log: TransferLog): TrackedIssue[] {
  const out: TrackedIssue[] = [];
  for (const e of log.entities) {
    for (const r of e.records) {
      if (!r.result || r.result.ok) continue;
      out.push(fresh({
        id: `TR-${log.transferId}-${r.sheet}-${r.row}`, source: 'Transfer', sheet: r.sheet, row: r.row, externalId: r.externalId, study: '', field: '',
        description: `not transferred: ${r.result.error ?? 'unknown error'}`, cause: '', link: { cell: `${r.sheet}!${r.row}:${r.row}`, transferId: log.transferId },
      }));
    }
  }
  return out;
}

export function issuesFromDiscrepancies(transferId: string, discrepancies: Discrepancy[]): TrackedIssue[] {
  return discrepancies.map((d) => fresh({
    id: `RC-${transferId}-${d.sheet}-${d.row}-${d.field}`, source: 'Reconciliation', sheet: d.sheet, row: d.row, externalId: d.externalId, study: '', field: d.field,
    description: d.field === '(record)' ? 'sent, but not found in the target' : `${d.field}: sent ${quoted(displayValue(d.sent as CellValue))}, target holds ${quoted(displayValue(d.inTarget as CellValue))}`,
    cause: '', link: { cell: `${d.sheet}!${d.row}:${d.row}`, transferId },
  }));
}

/**
 * Newly generated items with what people wrote on earlier copies of the same
 * items (owner, status, corrective action, date closed, and a cause they set);
 * earlier items that are no longer generated are kept, after the new ones.
 */
export function mergeIssues(generated: TrackedIssue[], existing: TrackedIssue[]): TrackedIssue[] {
  const old = new Map(existing.map((i) => [i.id, i]));
  const out = generated.map((g) => {
    const o = old.get(g.id);
    if (!o) return g;
    old.delete(g.id);
    return { ...g, cause: o.cause || g.cause, owner: o.owner || g.owner, status: o.status, correctiveAction: o.correctiveAction, dateClosed: o.dateClosed };
  });
  return [...out, ...old.values()];
}

export const ISSUE_COLUMNS = {
  id: 'ID', source: 'Source', sheet: 'Sheet', row: 'Row', cell: 'Cell', externalId: 'External ID', study: 'Study', field: 'Field',
  description: 'Description', cause: 'Cause category', owner: 'Owner', status: 'Status', correctiveAction: 'Corrective action', dateClosed: 'Date closed',
} as const;
export type IssueColumn = keyof typeof ISSUE_COLUMNS;
export const ISSUE_HEADERS: string[] = Object.values(ISSUE_COLUMNS);
export const ISSUE_INPUT_COLUMNS: IssueColumn[] = ['cause', 'owner', 'status', 'correctiveAction', 'dateClosed'];

export function issuesSheetValues(items: TrackedIssue[]): (string | number)[][] {
  return [[...ISSUE_HEADERS], ...items.map((i) => [i.id, i.source, i.sheet, i.row || '', i.link.cell, i.externalId, i.study, i.field, i.description, i.cause, i.owner, i.status, i.correctiveAction, i.dateClosed])];
}

function str(v: CellValue | undefined): string {
  return v === null || v === undefined ? '' : displayValue(v).trim();
}

function dateText(v: CellValue | undefined): string | null {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number' && v > 0 && v < 2958466) return new Date(Math.round((v - 25569) * 86400000)).toISOString().slice(0, 10);
  const s = str(v);
  return isoDate.safeParse(s).success && !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime()) ? s : null;
}

/** Reads a filled Issues sheet; every cell out of shape is one problem naming its cell. */
export function parseIssuesSheet(sheet: SheetData, causeCategories: readonly string[]): { items: TrackedIssue[]; problems: SheetProblem[] } {
  const problems: SheetProblem[] = [];
  const colOf = new Map<IssueColumn, number>();
  const wanted = new Map((Object.entries(ISSUE_COLUMNS) as [IssueColumn, string][]).map(([k, h]) => [normalizeHeader(h), k]));
  sheet.headers.forEach((h, c) => { const k = wanted.get(normalizeHeader(h)); if (k && !colOf.has(k)) colOf.set(k, c); });
  const missing = (Object.keys(ISSUE_COLUMNS) as IssueColumn[]).filter((k) => !colOf.has(k));
  if (missing.length) return { items: [], problems: [{ cell: `${sheet.name}!1`, message: `the header row lacks ${missing.map((k) => `"${ISSUE_COLUMNS[k]}"`).join(', ')}; restore ${missing.length > 1 ? 'these columns' : 'this column'}` }] };
  const items: TrackedIssue[] = [];
  const seen = new Set<string>();
  sheet.rows.forEach((cells, i) => {
    const r = sheet.rowNumbers[i]!;
    const get = (k: IssueColumn) => cells[colOf.get(k)!] ?? null;
    const bad = (k: IssueColumn, message: string) => problems.push({ cell: `${sheet.name}!${a1(colOf.get(k)!, r)}`, message });
    const id = str(get('id'));
    if (!id) { bad('id', 'the ID is empty; give the item an ID (for example M-1 for one added by hand)'); return; }
    if (seen.has(id)) bad('id', `ID ${id} is used twice`);
    seen.add(id);
    const source = pickFrom(ISSUE_SOURCES, str(get('source')) || 'QC');
    if (!source) bad('source', `source "${str(get('source'))}" is not one of ${ISSUE_SOURCES.join(', ')}`);
    const statusText = str(get('status')) || 'Open';
    const status = pickFrom(ISSUE_STATUSES, statusText);
    if (!status) bad('status', `status "${statusText}" is not one of ${ISSUE_STATUSES.join(', ')}`);
    const causeText = str(get('cause'));
    const cause = causeText ? pickFrom(causeCategories, causeText) : '';
    if (cause === undefined) bad('cause', `cause "${causeText}" is not in the list (${causeCategories.join(', ')})`);
    const closedRaw = get('dateClosed');
    let dateClosed = '';
    if (str(closedRaw)) {
      const d = dateText(closedRaw);
      if (d) dateClosed = d; else bad('dateClosed', `date "${str(closedRaw)}" is not a date; use yyyy-mm-dd`);
    } else if (status === 'Closed') bad('dateClosed', 'a closed item needs the date it was closed');
    const rowText = str(get('row'));
    const row = rowText === '' ? 0 : Number(rowText);
    if (!Number.isInteger(row) || row < 0) bad('row', `the source row "${rowText}" is not a row number`);
    const description = str(get('description'));
    if (!description) bad('description', 'the description is empty');
    items.push({
      id, source: source ?? 'QC', sheet: str(get('sheet')), row: Number.isInteger(row) && row >= 0 ? row : 0, externalId: str(get('externalId')), study: str(get('study')), field: str(get('field')),
      description: description || '(none)', cause: cause ?? '', owner: str(get('owner')), status: status ?? 'Open', correctiveAction: str(get('correctiveAction')), dateClosed,
      link: { cell: str(get('cell')) },
    });
  });
  return { items, problems };
}
