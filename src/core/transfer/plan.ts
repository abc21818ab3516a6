import type { Entity, Field, Standard } from '../standard/schema';
import type { WorkbookData } from '../model/sheet';
import { createVerifySession, KEY_SEP, type VerifiedSheet, type VerifyOptions } from '../verify/engine';
import { applyOverrides, type FlagOverride } from '../verify/overrides';
import type { TargetProfile } from '../target-profile/schema';
import { defaultProfileFor } from '../target-profile/load';
import { applyTargetProfile } from './profile';

/**
 * What a submission would send: per entity, in dependency order, the rows
 * that pass validation as target records, and the rows held back with the
 * reason. References are kept as the referenced record's external id and
 * resolved to target ids only when sending, once the parent has its id.
 */

import type { TargetScalar } from '../model/transfer-log';

export type { TargetScalar };

export interface PlannedRecord {
  sheet: string;
  row: number;
  entity: string;
  object: string;
  externalId: string;
  /** Target fields with plain values. */
  fields: Record<string, TargetScalar>;
  /** Target fields that take the target id of another record: field → [entity, external id]. */
  refs: Record<string, [string, string]>;
}

export interface HeldBack {
  sheet: string;
  row: number;
  entity: string;
  reason: string;
}

export interface EntityPlan {
  entity: string;
  sheet: string;
  object: string;
  records: PlannedRecord[];
  heldBack: HeldBack[];
}

export interface TransferPlan {
  standard: { id: string; version: string };
  entities: EntityPlan[];
}

export interface PlanOptions extends VerifyOptions {
  /** Send proposed transformations as accepted (the CLI's --accept-proposals); otherwise rows with pending proposals wait. */
  acceptProposals?: boolean;
  /**
   * Rows merged into another by a steward's duplicate decision, per sheet: either the row numbers
   * not to send, or `{ mergedRow: keptRow }`. With the kept row known, references to a merged row
   * (e.g. a site whose PI e-mail is the merged investigator's) follow the kept record instead of
   * being held back.
   */
  mergedRows?: Record<string, number[] | Record<number, number>>;
  /** Records that already exist in the target, per entity (external ids, or key values joined by \u0001 as in VerifyOptions), so references to them resolve. */
  targetKeys?: Record<string, Set<string>>;
  /**
   * Flags a user overrode (the pane's stored overrides): an overridden error no longer holds its row
   * back. Matched as the pane matches them (stable key, same value), so a changed value counts again.
   */
  overrides?: FlagOverride[];
  /**
   * How the target stores the records (picklist value names, lookups, derived Study Countries).
   * Default: the shipped Vault CTMS profile when it maps this standard; null: the standard's own terms.
   */
  profile?: TargetProfile | null;
}

export const EXTERNAL_ID_FIELD = 'external_id__v';

function externalIdOf(entity: Entity, get: (key: string) => string | null): string | null {
  let missing = false;
  const id = entity.externalId.replace(/\{([a-z_0-9]+)\}/g, (_, k: string) => {
    const v = get(k);
    if (v === null) missing = true;
    return v ?? '';
  });
  if (missing) return null;
  return entity.externalIdLowerCase ? id.toLowerCase() : id;
}

/** The referenced entity, its external id, and the key as the verify engine's targetKeys write it (values joined by KEY_SEP). */
function refExternalId(std: Standard, s: VerifiedSheet, f: Field, r: number): [string, string, string] | null {
  const ref = f.reference!;
  const target = std.entities.find((e) => e.key === ref.entity)!;
  const local = ref.localFields ?? [f.key];
  const values = new Map<string, string>();
  for (let i = 0; i < ref.fields.length; i++) {
    const v = s.value(r, local[i]!);
    if (v === null || v === undefined) return null;
    values.set(ref.fields[i]!, String(v));
  }
  const id = externalIdOf(target, (k) => values.get(k) ?? null);
  if (id === null) return null;
  const joined = [...values.values()].join(KEY_SEP);
  return [target.key, id, ref.caseInsensitive ? joined.toLowerCase() : joined];
}

/** targetKeys may hold external ids or, as VerifyOptions documents them, key values joined by KEY_SEP. */
function inTarget(keys: Set<string> | undefined, externalId: string, joined: string): boolean {
  return !!keys && (keys.has(externalId) || keys.has(joined));
}

function mergedMap(v: number[] | Record<number, number> | undefined): Map<number, number | null> {
  if (!v) return new Map();
  if (Array.isArray(v)) return new Map(v.map((row) => [row, null]));
  return new Map(Object.entries(v).map(([row, kept]) => [Number(row), kept]));
}

/**
 * Two rows whose parts differ can compose one external id (study "ACME-101" site "1-2" and
 * study "ACME-101-1" site "2" both give "ACME-101-1-2"); the target would keep one record
 * for both and the log one entry. Every row of such a group is held back, before anything is
 * sent, so their children wait too.
 */
function holdSharedExternalIds(plan: EntityPlan): void {
  const byId = new Map<string, PlannedRecord[]>();
  for (const r of plan.records) {
    const list = byId.get(r.externalId);
    if (list) list.push(r); else byId.set(r.externalId, [r]);
  }
  const shared = new Set([...byId].filter(([, list]) => list.length > 1).map(([id]) => id));
  if (!shared.size) return;
  plan.records = plan.records.filter((r) => {
    if (!shared.has(r.externalId)) return true;
    const others = byId.get(r.externalId)!.filter((o) => o !== r).map((o) => o.row);
    plan.heldBack.push({ sheet: r.sheet, row: r.row, entity: r.entity, reason: `same external id ${r.externalId} as row${others.length > 1 ? 's' : ''} ${others.join(', ')}; the target would keep one record for both — change a value so they differ` });
    return false;
  });
  plan.heldBack.sort((a, b) => a.row - b.row);
}

export function planTransfer(std: Standard, wb: WorkbookData, opts: PlanOptions = {}): TransferPlan {
  const session = createVerifySession(std, wb, opts);
  const errorsByRow = new Map<string, string[]>();
  const issues = opts.overrides?.length ? applyOverrides(session.result, opts.overrides, std, wb).result.issues : session.result.issues;
  for (const i of issues) {
    if (i.severity !== 'error' || i.row < 2) continue;
    const k = `${i.sheet}${KEY_SEP}${i.row}`;
    const list = errorsByRow.get(k);
    const why = i.family === 'crossField' ? i.ruleId : `${i.family} in ${i.cells[0]}`;
    if (list) { if (!list.includes(why)) list.push(why); } else errorsByRow.set(k, [why]);
  }
  const pendingByRow = new Map<string, number>();
  if (!opts.acceptProposals) {
    for (const p of session.result.proposals) {
      const k = `${p.sheet}${KEY_SEP}${p.row}`;
      pendingByRow.set(k, (pendingByRow.get(k) ?? 0) + 1);
    }
  }
  const order = std.submitOrder.length ? std.submitOrder : std.entities.map((e) => e.key);
  // Per entity: external id of a merged row → external id of the row it was merged into.
  const aliases = new Map<string, Map<string, string>>();
  const follow = (entity: string, id: string): string => {
    const m = aliases.get(entity);
    for (let hops = 0; m?.has(id) && hops < 100; hops++) id = m.get(id)!;
    return id;
  };
  // External ids that will exist in the target once sent, per entity; held-back rows are absent.
  const sendable = new Map<string, Set<string>>();
  const entities: EntityPlan[] = [];
  for (const key of order) {
    const entity = std.entities.find((e) => e.key === key)!;
    const s = session.verifiedSheet(key);
    const plan: EntityPlan = { entity: key, sheet: s?.sheet.name ?? entity.sheet, object: entity.targetObject, records: [], heldBack: [] };
    entities.push(plan);
    const ids = new Set<string>();
    sendable.set(key, ids);
    if (!s) continue;
    const n = s.sheet.rows.length;
    const getter = (r: number) => (k: string) => { const v = s.value(r, k); return v === null ? null : String(v); };
    const mergedInto = mergedMap(opts.mergedRows?.[s.sheet.name]);
    if (mergedInto.size) {
      const indexOf = new Map(s.sheet.rowNumbers.map((row, i) => [row, i]));
      const m = new Map<string, string>();
      for (const [row, kept] of mergedInto) {
        const ri = indexOf.get(row);
        const ki = kept === null ? undefined : indexOf.get(kept);
        if (ri === undefined || ki === undefined) continue;
        const from = externalIdOf(entity, getter(ri));
        const to = externalIdOf(entity, getter(ki));
        if (from !== null && to !== null && from !== to) m.set(from, to);
      }
      aliases.set(key, m);
    }
    for (let r = 0; r < n; r++) {
      const row = s.sheet.rowNumbers[r]!;
      const hold = (reason: string) => plan.heldBack.push({ sheet: s.sheet.name, row, entity: key, reason });
      if (mergedInto.has(row)) {
        const kept = mergedInto.get(row);
        hold(kept === null || kept === undefined ? 'merged into another row by a duplicate decision' : `merged into row ${kept} by a duplicate decision`);
        continue;
      }
      const rk = `${s.sheet.name}${KEY_SEP}${row}`;
      const errs = errorsByRow.get(rk);
      if (errs) { hold(`errors: ${errs.slice(0, 4).join(', ')}${errs.length > 4 ? '…' : ''}`); continue; }
      const pending = pendingByRow.get(rk);
      if (pending) { hold(`${pending} proposed transformation${pending > 1 ? 's' : ''} not accepted`); continue; }
      const externalId = externalIdOf(entity, getter(r));
      if (externalId === null) { hold('external id incomplete'); continue; }
      const rec: PlannedRecord = { sheet: s.sheet.name, row, entity: key, object: entity.targetObject, externalId, fields: { [EXTERNAL_ID_FIELD]: externalId }, refs: {} };
      let blocked: string | null = null;
      entity.fields.forEach((f) => {
        if (blocked || !f.targetField || f.targetField === EXTERNAL_ID_FIELD) return;
        const v = s.value(r, f.key);
        if (f.targetValue === 'targetId' && f.reference) {
          if (v === null) return;
          const ref = refExternalId(std, s, f, r);
          if (!ref) return;
          const refEntity = ref[0];
          const refId = follow(refEntity, ref[1]);
          const known = sendable.get(refEntity)?.has(refId) || inTarget(opts.targetKeys?.[refEntity], refId, ref[2]);
          if (!known) {
            blocked = refId === ref[1] ? `references ${refEntity} ${refId}, which is held back or missing` : `references ${refEntity} ${ref[1]}, merged into ${refId}, which is held back or missing`;
            return;
          }
          rec.refs[f.targetField] = [refEntity, refId];
          if (f.targetCopyField) rec.fields[f.targetCopyField] = v;
        } else {
          rec.fields[f.targetField] = v;
        }
      });
      if (blocked) { hold(blocked); continue; }
      plan.records.push(rec);
    }
    holdSharedExternalIds(plan);
    for (const rec of plan.records) ids.add(rec.externalId);
  }
  const plan: TransferPlan = { standard: { id: std.id, version: std.version }, entities };
  const profile = opts.profile === undefined ? defaultProfileFor(std) : opts.profile;
  return profile ? applyTargetProfile(plan, profile) : plan;
}
