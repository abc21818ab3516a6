import type { Standard } from '../standard/schema';
import { fieldOfColumn, type ReadBack } from '../transfer/readback';
import type { CellValue, SheetData } from '../model/sheet';
import { a1 } from '../sheet/address';
import { normalizeHeader } from '../sheet/headers';
import type { WorkbookData } from '../model/sheet';
import type { TransferLog } from '../transfer/log';
import { SourceIndex, displayValue, type LotRecord } from './lot';
import type { SamplePlan } from './sample';

/**
 * The QC sheet: one row per sampled record × field to check, with the value
 * in the source and in the target side by side, and the reviewer's verdict,
 * name, date, comment and cause category. Built here, rendered by the CLI
 * (ExcelJS) and read back by `parseQcSheet`, which refuses anything edited out
 * of shape with the cell to fix.
 */

export const QC_SHEET = 'QC';
export const VERDICTS = ['Pass', 'Fail'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Columns of the QC sheet, in order; the reviewer fills the last five. */
export const QC_COLUMNS = {
  id: 'QC ID',
  transferId: 'Transfer',
  entity: 'Entity',
  sheet: 'Sheet',
  row: 'Row',
  cell: 'Cell',
  externalId: 'External ID',
  study: 'Study',
  site: 'Site',
  field: 'Field',
  critical: 'Critical',
  source: 'Source value',
  target: 'Target value',
  verdict: 'Verdict',
  reviewer: 'Reviewer',
  date: 'Date',
  comment: 'Comment',
  cause: 'Cause category',
} as const;
export type QcColumn = keyof typeof QC_COLUMNS;
export const QC_HEADERS: string[] = Object.values(QC_COLUMNS);
/** Columns the reviewer edits (unlocked in the protected sheet). */
export const QC_INPUT_COLUMNS: QcColumn[] = ['verdict', 'reviewer', 'date', 'comment', 'cause'];

export interface QcRow {
  id: string;
  transferId: string;
  entity: string;
  sheet: string;
  row: number;
  /** The checked cell in the source sheet (A1), '' when its column is absent. */
  cell: string;
  externalId: string;
  study: string;
  site: string;
  /** The field's header in the standard. */
  field: string;
  critical: boolean;
  source: string;
  /** The value the target holds (or was sent), '' when not transferred. */
  target: string;
  verdict: Verdict | null;
  reviewer: string;
  /** yyyy-mm-dd. */
  date: string;
  comment: string;
  cause: string;
}

export type FieldScope = 'all' | 'critical';

export interface QcSheetOptions {
  /** 'critical': only the standard's critical fields (all fields of an entity that has none). Default 'all'. */
  scope?: FieldScope;
  /** The target's values of a record by target field name; undefined when the record is not in the target. */
  targetValues?: (record: LotRecord) => Record<string, unknown> | undefined;
  /** How target values are shown in the sheet's words (picklist value names as labels); default: as they are. */
  readBack?: ReadBack;
}

/** A record's value of a target field, also when it was sent or read through a lookup column (`country__vr.name__v`). */
function targetValueOf(target: Record<string, unknown>, field: string, object: string, readBack?: ReadBack): unknown {
  const key = field in target ? field : Object.keys(target).find((k) => fieldOfColumn(k) === field);
  if (key === undefined) return undefined;
  return readBack ? readBack.value(object, key, target[key]) : target[key];
}

/** Target values from a transfer log: what was sent and acknowledged for each record. */
export function targetValuesFromLog(log: TransferLog): (record: LotRecord) => Record<string, unknown> | undefined {
  const sent = new Map<string, Record<string, unknown>>();
  for (const e of log.entities) for (const r of e.records) if (r.result?.ok) sent.set(`${r.sheet}\u0001${r.row}`, r.request);
  return (rec) => sent.get(`${rec.sheet}\u0001${rec.row}`);
}

export function criticalFieldSet(std: Standard): Set<string> {
  return new Set(std.qc?.criticalFields ?? []);
}

function show(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return displayValue(v);
  return JSON.stringify(v);
}

export function buildQcRows(std: Standard, data: WorkbookData, plan: SamplePlan, opts: QcSheetOptions = {}): QcRow[] {
  const index = new SourceIndex(std, data);
  const critical = criticalFieldSet(std);
  const out: QcRow[] = [];
  for (const rec of plan.selected) {
    const entity = std.entities.find((e) => e.key === rec.entity);
    if (!entity) continue;
    const src = index.get(rec.sheet, rec.row);
    const target = opts.targetValues?.(rec);
    const hasCritical = entity.fields.some((f) => critical.has(`${entity.key}.${f.key}`));
    for (const f of entity.fields) {
      const isCritical = critical.has(`${entity.key}.${f.key}`);
      if (opts.scope === 'critical' && hasCritical && !isCritical) continue;
      const col = src?.cols.get(f.key);
      out.push({
        id: `QC-${String(out.length + 1).padStart(4, '0')}`,
        transferId: rec.transferId ?? '',
        entity: entity.key, sheet: rec.sheet, row: rec.row, cell: col === undefined ? '' : a1(col, rec.row),
        externalId: rec.externalId, study: rec.study, site: rec.site,
        field: f.header, critical: isCritical,
        source: show(src?.values.get(f.key)),
        target: target && f.targetField ? show(targetValueOf(target, f.targetField, entity.targetObject, opts.readBack)) : '',
        verdict: null, reviewer: '', date: '', comment: '', cause: '',
      });
    }
  }
  return out;
}

/** The QC sheet as rows of plain values, header first, for a renderer. */
export function qcSheetValues(rows: QcRow[]): (string | number)[][] {
  const keys = Object.keys(QC_COLUMNS) as QcColumn[];
  return [[...QC_HEADERS], ...rows.map((r) => keys.map((k) => {
    const v = r[k];
    if (k === 'critical') return v ? 'Yes' : 'No';
    return v === null ? '' : (v as string | number);
  }))];
}

export interface SheetProblem {
  /** Where: "QC!N5", or "QC!1" for the header row. */
  cell: string;
  message: string;
}

export interface ParsedQcSheet {
  rows: QcRow[];
  problems: SheetProblem[];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A reviewer's date: a real date, an Excel serial, or yyyy-mm-dd text. */
function parseDate(v: CellValue): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === 'number' && v > 0 && v < 2958466) return new Date(Math.round((v - 25569) * 86400000)).toISOString().slice(0, 10);
  const m = ISO_DATE.exec(String(v).trim());
  if (!m) return null;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== `${m[1]}-${m[2]}-${m[3]}` ? null : d.toISOString().slice(0, 10);
}

function blank(v: CellValue | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function str(v: CellValue | undefined): string {
  return blank(v) ? '' : displayValue(v as CellValue);
}

/** Matches a value against a list ignoring case and surrounding spaces; returns the list's spelling. */
export function pickFrom<T extends string>(list: readonly T[], v: string): T | undefined {
  const k = v.trim().toLowerCase();
  return list.find((x) => x.toLowerCase() === k);
}

/**
 * Reads a filled QC sheet. Columns are found by header (case, spacing and
 * order ignored); every cell out of shape is one problem naming its cell.
 */
export function parseQcSheet(sheet: SheetData, causeCategories: readonly string[]): ParsedQcSheet {
  const problems: SheetProblem[] = [];
  const at = (col: number, row: number) => `${sheet.name}!${a1(col, row)}`;
  const colOf = new Map<QcColumn, number>();
  const wanted = new Map((Object.entries(QC_COLUMNS) as [QcColumn, string][]).map(([k, h]) => [normalizeHeader(h), k]));
  sheet.headers.forEach((h, c) => { const k = wanted.get(normalizeHeader(h)); if (k && !colOf.has(k)) colOf.set(k, c); });
  const missing = (Object.keys(QC_COLUMNS) as QcColumn[]).filter((k) => !colOf.has(k));
  if (missing.length) {
    problems.push({ cell: `${sheet.name}!1`, message: `the header row lacks ${missing.map((k) => `"${QC_COLUMNS[k]}"`).join(', ')}; restore ${missing.length > 1 ? 'these columns' : 'this column'} (headers: ${QC_HEADERS.join(', ')})` });
    return { rows: [], problems };
  }
  const col = (k: QcColumn) => colOf.get(k)!;
  const seen = new Map<string, number>();
  const rows: QcRow[] = [];
  sheet.rows.forEach((cells, i) => {
    const r = sheet.rowNumbers[i]!;
    const get = (k: QcColumn) => cells[col(k)] ?? null;
    const bad = (k: QcColumn, message: string) => problems.push({ cell: at(col(k), r), message });
    const id = str(get('id'));
    if (!id) bad('id', 'the QC ID is empty; do not add rows to the QC sheet, regenerate it instead');
    else if (seen.has(id)) bad('id', `QC ID ${id} is also on row ${seen.get(id)}; each checked field has its own row`);
    else seen.set(id, r);
    const sheetName = str(get('sheet'));
    if (!sheetName) bad('sheet', 'the source sheet is empty');
    const rowVal = get('row');
    const rowNum = typeof rowVal === 'number' ? rowVal : Number(str(rowVal));
    if (!Number.isInteger(rowNum) || rowNum < 2) bad('row', `the source row "${str(rowVal)}" is not a row number`);
    const field = str(get('field'));
    if (!field) bad('field', 'the field is empty');
    let verdict: Verdict | null = null;
    const vText = str(get('verdict'));
    if (vText) {
      const v = pickFrom(VERDICTS, vText);
      if (v) verdict = v; else bad('verdict', `verdict "${vText}" is not one of ${VERDICTS.join(', ')}`);
    }
    let cause = '';
    const cText = str(get('cause'));
    if (cText) {
      const c = pickFrom(causeCategories, cText);
      if (c) cause = c; else bad('cause', `cause "${cText}" is not in the list (${causeCategories.join(', ')})`);
    }
    let date = '';
    const dVal = get('date');
    if (!blank(dVal)) {
      const d = parseDate(dVal);
      if (d) date = d; else bad('date', `date "${str(dVal)}" is not a date; use yyyy-mm-dd`);
    }
    const critical = str(get('critical')).toLowerCase();
    rows.push({
      id, transferId: str(get('transferId')), entity: str(get('entity')), sheet: sheetName, row: rowNum, cell: str(get('cell')),
      externalId: str(get('externalId')), study: str(get('study')), site: str(get('site')), field,
      critical: critical === 'yes' || critical === 'true', source: str(get('source')), target: str(get('target')),
      verdict, reviewer: str(get('reviewer')), date, comment: str(get('comment')), cause,
    });
  });
  return { rows, problems };
}
