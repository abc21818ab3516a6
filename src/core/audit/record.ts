import { a1 } from '../sheet/address';
import type { Standard } from '../standard/schema';
import type { AppliedChange } from '../transform/apply';
import { recordOutcome, type TransferLog } from '../transfer/log';
import type { VerifyResult } from '../verify/engine';
import type { Proposal } from '../model/issue';
import type { SpecDecision } from '../report/spec';
import type { AuditEntry, AuditInput, AuditTrail } from './trail';
import type { Decision } from '../model/decision';

/**
 * Turning what the product does into audit entries. Each helper returns
 * inputs; the caller appends them to its trail (so one session's author and
 * clock apply), e.g. `trail.appendAll(transformationEntries(changes))`.
 */



/** Accepted transformations: one entry per changed cell, with before, after and the rule. */
export function transformationEntries(changes: AppliedChange[], proposals: Proposal[] = []): AuditInput[] {
  const steps = new Map(proposals.map((p) => [`${p.sheet}\u0000${p.row}\u0000${p.col}`, p]));
  return changes.map((c) => {
    const p = steps.get(`${c.sheet}\u0000${c.row}\u0000${c.col}`);
    const details: Record<string, unknown> = { accepted: true };
    if (p) { details.steps = p.steps; details.field = p.field; if (p.reason) details.reason = p.reason; }
    return { kind: 'transformation', sheet: c.sheet, row: c.row, cell: a1(c.col, c.row), before: c.before, after: c.after, ruleId: c.ruleId, details };
  });
}

export function decisionEntry(d: Decision): AuditInput {
  const common = { ...(d.who ? { who: d.who } : {}), ...(d.at ? { at: d.at } : {}) };
  const { who: _w, at: _a, ...decision } = d;
  switch (d.kind) {
    case 'duplicate':
      return { ...common, kind: 'decision', sheet: d.sheet, row: d.keep ?? d.rows[0] ?? null, ruleId: 'duplicate',
        before: d.rows.join(', '), after: d.action === 'merge' ? `merge into row ${d.keep ?? d.rows[0]}` : 'distinct records', details: { decision } };
    case 'override':
      return { ...common, kind: 'override', sheet: d.sheet, row: d.row, cell: d.cell, ruleId: d.ruleId,
        before: d.value === undefined ? null : d.value, after: d.value === undefined ? null : d.value, details: { decision } };
    case 'mapping':
      return { ...common, kind: 'decision', ruleId: d.ruleId ?? 'mapping', before: d.what, after: d.decision, details: { decision } };
  }
}

/**
 * A transfer: one summary entry, one per batch and one per record (its result,
 * target id and before-image), plus held-back rows; then one per rollback.
 */
export function transferEntries(log: TransferLog): AuditInput[] {
  const who = log.who || undefined;
  const at = log.finishedAt ?? log.startedAt;
  const out: AuditInput[] = [];
  const batchOf = new Map<string, number>();
  for (const b of log.batches) if (b.executionId) batchOf.set(b.executionId, b.index);
  // Without execution ids, a single-run transfer's sent records fill its batches in order; anything else stays unknown (null).
  const byOrder = new Map<object, number>();
  for (const e of log.entities) {
    const sent = e.records.filter((r) => r.result && r.result.attempts > 0 && !r.result.executionId);
    const batches = log.batches.filter((b) => b.entity === e.entity);
    if (!sent.length || batches.reduce((n, b) => n + b.size, 0) !== sent.length) continue;
    let i = 0;
    for (const b of batches) for (let k = 0; k < b.size; k++) byOrder.set(sent[i++]!, b.index);
  }
  let sent = 0, failed = 0, held = 0;
  for (const e of log.entities) {
    held += e.heldBack.length;
    for (const r of e.records) if (r.result?.ok) sent++; else if (r.result) failed++;
  }
  out.push({ kind: 'transfer', who, at, ruleId: 'transfer', after: log.status,
    details: { phase: 'summary', transferId: log.transferId, target: log.target, standard: log.standard, startedAt: log.startedAt, finishedAt: log.finishedAt ?? null, status: log.status, sent, failed, heldBack: held, batches: log.batches.length } });
  for (const b of log.batches) {
    out.push({ kind: 'transfer', who, at: b.at, ruleId: 'batch',
      details: { phase: 'batch', transferId: log.transferId, entity: b.entity, object: b.object, batch: b.index, size: b.size, ok: b.ok, failed: b.failed, attempts: b.attempts, executionId: b.executionId ?? null } });
  }
  for (const e of log.entities) {
    for (const r of e.records) {
      const res = r.result;
      out.push({ kind: 'transfer', who, at, sheet: r.sheet, row: r.row, ruleId: 'record',
        before: r.beforeImage ? JSON.stringify(r.beforeImage) : null,
        after: res?.ok ? (res.id ?? 'sent') : null,
        details: { phase: 'record', transferId: log.transferId, entity: e.entity, object: e.object, externalId: r.externalId,
          result: !res ? 'pending' : res.ok ? recordOutcome(r) : 'failed',
          targetId: res?.id ?? null, error: res?.error ?? null, attempts: res?.attempts ?? 0,
          batch: res?.executionId ? batchOf.get(res.executionId) ?? null : byOrder.get(r) ?? null } });
    }
    for (const h of e.heldBack) {
      out.push({ kind: 'transfer', who, at, sheet: h.sheet, row: h.row, ruleId: 'record',
        details: { phase: 'record', transferId: log.transferId, entity: e.entity, object: e.object, result: 'held back', reason: h.reason } });
    }
  }
  for (const rb of log.rollbacks) {
    out.push({ kind: 'rollback', who: rb.by || who, at: rb.at, ruleId: 'rollback',
      details: { transferId: log.transferId, dryRun: rb.dryRun, deleted: rb.deleted, restored: rb.restored, failed: rb.failed } });
  }
  return out;
}

/**
 * Append a transfer log's entries unless this run of the transfer is already
 * recorded (same transfer id and finish time); rollbacks done since are
 * appended either way. A resumed transfer (new finish time) is recorded again.
 * Returns how many entries were added.
 */
export function recordTransfer(trail: AuditTrail, log: TransferLog): number {
  const seen = trail.entries().filter((e) => e.kind === 'transfer' && e.details.phase === 'summary' && e.details.transferId === log.transferId);
  const inputs = transferEntries(log);
  if (seen.some((e) => e.details.finishedAt === (log.finishedAt ?? null))) {
    const known = new Set(trail.entries().filter((e) => e.kind === 'rollback' && e.details.transferId === log.transferId).map((e) => e.at));
    const fresh = inputs.filter((i) => i.kind === 'rollback' && !known.has(new Date(i.at as string).toISOString()));
    trail.appendAll(fresh);
    return fresh.length;
  }
  trail.appendAll(inputs);
  return inputs.length;
}

export function validationEntry(result: VerifyResult, file?: string): AuditInput {
  const byFamily: Record<string, number> = {};
  for (const i of result.issues) if (i.severity === 'error') byFamily[i.family] = (byFamily[i.family] ?? 0) + 1;
  return { kind: 'validation', ruleId: 'validate', details: { file: file ?? null, standard: result.standard, summary: result.summary, errorsByFamily: byFamily } };
}

export function templateEntry(std: Standard, where?: string): AuditInput {
  return { kind: 'template', ruleId: 'template', after: `${std.id} v${std.version}`, details: { standard: { id: std.id, name: std.name, version: std.version }, sheets: std.entities.map((e) => e.sheet), where: where ?? null } };
}

/** The decisions recorded in a trail (duplicate, override and mapping), with who and when. */
export function decisionsFromTrail(entries: readonly AuditEntry[]): Decision[] {
  const out: Decision[] = [];
  for (const e of entries) {
    if (e.kind !== 'decision' && e.kind !== 'override') continue;
    // An override withdrawn later (the pane's Undo) no longer stands: drop the latest one of that flag.
    const w = e.details.withdrawn;
    if (e.kind === 'override' && w && typeof w === 'object' && !Array.isArray(w)) {
      for (let i = out.length - 1; i >= 0; i--) {
        const d = out[i]!;
        if (d.kind === 'override' && d.sheet === w.sheet && d.row === w.row && d.cell === w.cell && d.ruleId === w.ruleId) { out.splice(i, 1); break; }
      }
      continue;
    }
    const d = e.details.decision;
    if (!d || typeof d !== 'object' || Array.isArray(d) || typeof d.kind !== 'string') continue;
    out.push({ ...(d as unknown as Decision), who: e.who, at: e.at });
  }
  return out;
}

/** Decisions as rows of the mapping specification's "Decisions recorded for this workbook". */
export function specDecisions(decisions: Decision[]): SpecDecision[] {
  return decisions.map((d): SpecDecision => {
    const by = { ...(d.who ? { by: d.who } : {}), ...(d.at ? { at: d.at } : {}) };
    switch (d.kind) {
      case 'mapping': return { what: d.ruleId ? `${d.ruleId}: ${d.what}` : d.what, decision: d.decision, ...by };
      case 'duplicate': return { what: `${d.sheet} rows ${d.rows.join(', ')} (possible duplicates${d.score === undefined ? '' : `, score ${d.score}`})`,
        decision: d.action === 'merge' ? `merge into row ${d.keep ?? d.rows[0]}` : 'distinct records', ...by };
      case 'override': return { what: `${d.sheet}!${d.cell} flagged ${d.ruleId}`, decision: `accepted as is${d.note ? `: ${d.note}` : ''}`, ...by };
    }
  });
}
