/**
 * A steward's duplicate decisions: keep / merge / not a duplicate, remembered
 * with the workbook so a cluster is asked about once, and turned into the
 * `mergedRows` that planTransfer needs.
 *
 * Decisions name rows by what the rows say (their identifying values), not
 * only by row number: a row inserted or sorted above a decided pair must not
 * move the decision onto other records. Row numbers are kept as a hint that
 * tells apart rows whose key values are equal (the same e-mail written twice).
 *
 * Kept free of the matchers' code: the Excel adapter imports the parser from
 * here, and it must not drag the mastering engine into the pane's first load.
 */
import type { Entity, Standard } from '../standard/schema';
import type { SheetData, WorkbookData } from '../model/sheet';
import type { DuplicateCluster } from './dedupe';
import { cellText, columnsOfFields, sameSheetName } from './headers';
import { encodeStoredList, isInt, isStr, storedListItems } from '../stored-list';

/** Where the decisions live in the workbook: the add-in's document settings, under this key. */
export const DECISIONS_SETTING = 'ctmsCollect.decisions';

export type DuplicateVerdict = 'merge' | 'notDuplicate';

/** A field whose value identifies a row; both names are kept so either kind of header is found again. */
export interface KeyField { key: string; header: string }

export interface DuplicateDecision {
  /** Sheet plus the sorted key values of the rows: the same records give the same key wherever they sit. */
  clusterKey: string;
  sheet: string;
  /** Excel row numbers when decided: a hint, re-located through `rowKeys`. */
  rows: number[];
  /** Normalised key value of each row, in the order of `rows`. */
  rowKeys: string[];
  /** The fields `rowKeys` were made from. */
  keyFields: KeyField[];
  /** Row (number when decided) of the record that stays; for notDuplicate, the suggestion at the time. */
  keep: number;
  verdict: DuplicateVerdict;
  /** Match score when decided (0..1). */
  score?: number;
  by: string;
  /** UTC ISO time. */
  at: string;
}

/** A cluster with the keys a decision about it would carry. */
export interface KeyedCluster extends DuplicateCluster {
  clusterKey: string;
  rowKeys: string[];
  keyFields: KeyField[];
}

/**
 * Case, spacing and accents are ignored: T-TRIM and T-EMAIL rewrite exactly
 * those, and accepting them must not make a decided cluster new again.
 */
function keyText(s: string): string {
  return s.trim().toLowerCase().normalize('NFKD').replace(/\p{M}+/gu, '').replace(/\s+/g, ' ');
}

function entityOf(std: Standard, sheet: string): Entity | undefined {
  return std.entities.find((e) => sameSheetName(e.sheet, sheet));
}

/**
 * The fields of the external id plus the first field of the duplicate key
 * (e-mail, organization name). Not the rest of the duplicate key: city and
 * country are rewritten by T-COUNTRY, and a key that changes when a proposal
 * is accepted would ask the same question twice.
 */
export function keyFieldsOf(std: Standard, entity: Entity): KeyField[] {
  const keys: string[] = [];
  for (const m of entity.externalId.matchAll(/\{([a-z_0-9]+)\}/g)) if (!keys.includes(m[1]!)) keys.push(m[1]!);
  const first = std.duplicateKeys.find((d) => d.entity === entity.key)?.fields[0];
  if (first && !keys.includes(first)) keys.push(first);
  return keys.flatMap((k) => {
    const f = entity.fields.find((x) => x.key === k);
    return f ? [{ key: f.key, header: f.header }] : [];
  });
}


function rowKeyAt(sheet: SheetData, cols: (number | undefined)[], index: number): string {
  return cols.map((c) => (c === undefined ? '' : keyText(cellText(sheet.rows[index]![c])))).join('\u001f');
}

export function clusterKeyOf(sheet: string, rowKeys: string[]): string {
  return JSON.stringify([sheet, ...[...rowKeys].sort()]);
}

function findSheet(wb: WorkbookData, name: string): SheetData | undefined {
  return wb.sheets.find((s) => s.name === name) ?? wb.sheets.find((s) => sameSheetName(s.name, name));
}

/** Give each cluster (from dedupeWorkbook on `wb`) the keys its decision will be stored under. */
export function keyClusters(std: Standard, wb: WorkbookData, clusters: DuplicateCluster[]): KeyedCluster[] {
  return clusters.map((c) => {
    const sheet = findSheet(wb, c.sheet);
    const entity = entityOf(std, c.sheet);
    const keyFields = entity ? keyFieldsOf(std, entity) : [];
    if (!sheet || !keyFields.length) {
      // Without identifying fields the row number is all there is; such a decision is as stable as the rows.
      const rowKeys = c.rows.map((r) => `#${r}`);
      return { ...c, clusterKey: clusterKeyOf(c.sheet, rowKeys), rowKeys, keyFields };
    }
    const cols = columnsOfFields(sheet, keyFields);
    const index = new Map(sheet.rowNumbers.map((r, i) => [r, i]));
    const rowKeys = c.rows.map((r) => { const i = index.get(r); return i === undefined ? `#${r}` : rowKeyAt(sheet, cols, i); });
    return { ...c, clusterKey: clusterKeyOf(c.sheet, rowKeys), rowKeys, keyFields };
  });
}

export interface AppliedDecisions {
  /** Clusters nobody has decided yet: the only ones to ask about. */
  open: KeyedCluster[];
  /** Every stored decision, in the order made. */
  decided: DuplicateDecision[];
}

/**
 * Drop the clusters already decided. A cluster that gained a row since is a
 * new question (its key differs): the new row was never looked at.
 */
export function applyDecisions(clusters: KeyedCluster[], decisions: DuplicateDecision[]): AppliedDecisions {
  const done = new Set(decisions.map((d) => d.clusterKey));
  return { open: clusters.filter((c) => !done.has(c.clusterKey)), decided: decisions };
}

export function makeDecision(cluster: KeyedCluster, verdict: DuplicateVerdict, keep: number, by: string, at: Date = new Date()): DuplicateDecision {
  if (!cluster.rows.includes(keep)) throw new Error(`Row ${keep} is not in the cluster (${cluster.rows.join(', ')})`);
  if (!by.trim()) throw new Error('A decision needs who made it');
  return {
    clusterKey: cluster.clusterKey, sheet: cluster.sheet, rows: [...cluster.rows], rowKeys: [...cluster.rowKeys], keyFields: cluster.keyFields.map((f) => ({ ...f })),
    keep, verdict, score: cluster.score, by: by.trim(), at: at.toISOString(),
  };
}

/** Add a decision, replacing an earlier one about the same cluster (a cluster has one answer). */
export function withDecision(decisions: DuplicateDecision[], d: DuplicateDecision): DuplicateDecision[] {
  return [...decisions.filter((x) => x.clusterKey !== d.clusterKey), d];
}

export function withoutDecision(decisions: DuplicateDecision[], clusterKey: string): DuplicateDecision[] {
  return decisions.filter((x) => x.clusterKey !== clusterKey);
}

export interface LocatedDecision {
  decision: DuplicateDecision;
  /** Current row of each decided row (order of decision.rows); null when it is no longer in the sheet. */
  rows: (number | null)[];
  /** Current row of the kept record, or null. */
  keep: number | null;
}

/** Find each decided row in the workbook as it is now: by key, the nearest to its old row when several share the key. */
export function locateDecisions(decisions: DuplicateDecision[], wb: WorkbookData): LocatedDecision[] {
  const indexes = new Map<string, Map<string, number[]>>();
  const indexFor = (sheet: SheetData, fields: KeyField[]) => {
    const id = JSON.stringify([sheet.name, fields]);
    let idx = indexes.get(id);
    if (!idx) {
      idx = new Map();
      const cols = columnsOfFields(sheet, fields);
      for (let i = 0; i < sheet.rows.length; i++) {
        const k = rowKeyAt(sheet, cols, i);
        const list = idx.get(k);
        if (list) list.push(sheet.rowNumbers[i]!); else idx.set(k, [sheet.rowNumbers[i]!]);
      }
      indexes.set(id, idx);
    }
    return idx;
  };
  return decisions.map((d) => {
    const sheet = findSheet(wb, d.sheet);
    if (!sheet) return { decision: d, rows: d.rows.map(() => null), keep: null };
    const idx = d.keyFields.length ? indexFor(sheet, d.keyFields) : null;
    const present = new Set(sheet.rowNumbers);
    const used = new Set<number>();
    const rows = d.rows.map((hint, i) => {
      const k = d.rowKeys[i] ?? '';
      // Keyless decisions (an entity without identifying fields) can only trust the row number.
      const candidates = idx ? idx.get(k) ?? [] : present.has(hint) ? [hint] : [];
      let best: number | null = null;
      for (const r of candidates) if (!used.has(r) && (best === null || Math.abs(r - hint) < Math.abs(best - hint))) best = r;
      if (best !== null) used.add(best);
      return best;
    });
    const ki = d.rows.indexOf(d.keep);
    return { decision: d, rows, keep: ki >= 0 ? rows[ki] ?? null : null };
  });
}

/**
 * planTransfer's `mergedRows`: every merged row → the kept record's current
 * row. A merge whose kept record is gone is left out (its rows are sent as
 * they are, and validation shows them again) rather than guessed.
 */
export function mergedRowsFor(decisions: DuplicateDecision[], wb: WorkbookData): Record<string, Record<number, number>> {
  const out: Record<string, Record<number, number>> = {};
  for (const l of locateDecisions(decisions.filter((d) => d.verdict === 'merge'), wb)) {
    if (l.keep === null) continue;
    const sheet = findSheet(wb, l.decision.sheet)!.name;
    for (const r of l.rows) if (r !== null && r !== l.keep) (out[sheet] ??= {})[r] = l.keep;
  }
  return out;
}

/** The audit trail's form of a decision (src/core/audit/record.ts, decisionEntry). */
export function auditDecision(d: DuplicateDecision): { kind: 'duplicate'; sheet: string; rows: number[]; action: 'merge' | 'distinct'; keep: number; score?: number; who: string; at: string } {
  return { kind: 'duplicate', sheet: d.sheet, rows: [...d.rows], action: d.verdict === 'merge' ? 'merge' : 'distinct', keep: d.keep, ...(d.score === undefined ? {} : { score: d.score }), who: d.by, at: d.at };
}


/**
 * Stored decisions as found in the workbook: anything malformed (an older
 * version, a hand edit) is dropped, never trusted, so at worst a cluster is
 * asked about again.
 */
export function parseDecisions(raw: unknown): DuplicateDecision[] {
  const out: DuplicateDecision[] = [];
  for (const x of storedListItems(raw, 'decisions')) {
    const { clusterKey, sheet, rows, rowKeys, keyFields, keep, verdict, score, by, at } = x;
    if (!isStr(clusterKey) || !isStr(sheet) || !isStr(by) || !isStr(at) || !isInt(keep)) continue;
    if (verdict !== 'merge' && verdict !== 'notDuplicate') continue;
    if (!Array.isArray(rows) || !rows.every(isInt) || !Array.isArray(rowKeys) || !rowKeys.every(isStr) || rowKeys.length !== rows.length) continue;
    if (!Array.isArray(keyFields) || !keyFields.every((f: unknown) => !!f && isStr((f as KeyField).key) && isStr((f as KeyField).header))) continue;
    out.push({
      clusterKey, sheet, rows: [...rows] as number[], rowKeys: [...rowKeys] as string[],
      keyFields: (keyFields as KeyField[]).map((f) => ({ key: f.key, header: f.header })), keep, verdict,
      ...(typeof score === 'number' && Number.isFinite(score) ? { score } : {}), by, at,
    });
  }
  return out;
}

/** The stored form: versioned, so a later format can tell an old list from its own. */
export function encodeDecisions(decisions: DuplicateDecision[]): string {
  return encodeStoredList('decisions', decisions);
}
