import type { TransferPlan } from '../core/transfer';
import { UseCaseError } from './errors';

/**
 * A lock marker in the target, where the target has an object to hold one (the target profile
 * names it; the reference server offers one). The lock next to the workbook stops a second
 * transfer of the same file; this one stops a transfer of another workbook that would send
 * some of the same records at the same time, on any machine: both would log them as theirs, and
 * rolling back one would undo what the other reports as sent.
 *
 * Each transfer writes its keys (object and external id of every record it may send) into marker
 * records, then reads every marker back. Another transfer's marker sharing a key and created no
 * later than this one's (by the target's own created_date__v) wins: this transfer takes its
 * markers away and is refused. One that read before the other wrote saw nothing and goes on, and
 * the other then sees it as earlier; two created in the same instant both give way. So two
 * transfers never both go on. A marker a killed transfer left behind stays until the same
 * transfer resumes (it replaces its own) or someone breaks it deliberately.
 */

type Row = Record<string, unknown>;

export interface LockTarget {
  describeObject(object: string): Promise<unknown>;
  query(vql: string): Promise<Row[]>;
  upsert(object: string, records: Record<string, string | null>[], idParam: string): Promise<{ ok: boolean; error?: { type: string; message: string } }[]>;
  delete(object: string, ids: string[]): Promise<{ ok: boolean }[]>;
}

export interface TargetLockRequest {
  /** The object the markers go to (the profile's transferLock.object). */
  object: string;
  transferId: string;
  /** Who holds it, as people read it: the user, the machine, the workbook. */
  holder: string;
  since: string;
  /** Take over markers of other transfers that overlap (a transfer known to be stopped). */
  breakLock?: boolean;
  /** How this caller breaks a lock ("run again with --break-lock"), for the refusal. */
  breakHint?: string;
}

export interface HeldTargetLock {
  /** False when the target has no object for markers: nothing was written. */
  readonly held: boolean;
  release(): Promise<void>;
}

/** A marker's keys field holds at most this many characters (the reference object's limit). */
export const MARKER_CHARS = 30_000;

/** The keys of a plan: object and external id of every record it may send. */
export function lockKeys(plan: TransferPlan): string[] {
  return plan.entities.flatMap((e) => e.records.map((r) => `${e.object}:${r.externalId}`));
}

function chunks(keys: readonly string[]): string[] {
  const out: string[] = [];
  let cur = '';
  for (const k of keys) {
    if (cur && cur.length + 1 + k.length > MARKER_CHARS) { out.push(cur); cur = ''; }
    cur = cur ? `${cur}\n${k}` : k;
  }
  if (cur || !out.length) out.push(cur);
  return out;
}

interface Marker { id: string; transferId: string; holder: string; since: string; created: string; keys: string[] }

async function readMarkers(target: LockTarget, object: string): Promise<Marker[]> {
  const rows = await target.query(`SELECT id, transfer__c, holder__c, since__c, keys__c, created_date__v FROM ${object}`);
  return rows.map((r) => ({
    id: String(r.id), transferId: String(r.transfer__c ?? ''), holder: String(r.holder__c ?? ''), since: String(r.since__c ?? ''), created: String(r.created_date__v ?? ''),
    keys: String(r.keys__c ?? '').split('\n').filter(Boolean),
  }));
}

/** Other transfers whose markers share keys with ours: transfer → its markers and how many keys overlap. */
function overlapping(markers: Marker[], ours: Set<string>, self: string): Map<string, { markers: Marker[]; shared: number }> {
  const out = new Map<string, { markers: Marker[]; shared: number }>();
  for (const m of markers) {
    if (m.transferId === self) continue;
    const shared = m.keys.filter((k) => ours.has(k)).length;
    const o = out.get(m.transferId) ?? { markers: [], shared: 0 };
    o.markers.push(m);
    o.shared += shared;
    out.set(m.transferId, o);
  }
  for (const [k, v] of out) if (!v.shared) out.delete(k);
  return out;
}

/** The first marker of a transfer (by the target's clock). */
const firstOf = (ms: Marker[]) => ms.reduce((a, b) => (b.created < a.created ? b : a));

/** Another transfer holds some of the records: who, and since when, so the caller can offer to break it. */
export class TargetLockedError extends UseCaseError {
  constructor(message: string, readonly holder: string, readonly transferId: string, readonly since: string) {
    super(message);
    this.name = 'TargetLockedError';
  }
}

function refusal(m: Marker, shared: number, hint: string | undefined): TargetLockedError {
  const records = `${shared} record${shared === 1 ? '' : 's'}`;
  return new TargetLockedError(`${records} of this transfer ${shared === 1 ? 'is' : 'are'} being transferred by ${m.holder} (transfer ${m.transferId}) since ${m.since}; wait for it to end, or if it was stopped, ${hint ?? 'break its lock'}`, m.holder, m.transferId, m.since);
}

/**
 * Remove the markers of these transfers (a rolled-back transfer that was killed left its own);
 * nothing when the target has no lock object. Best effort: a marker left is only stale.
 */
export async function clearTargetMarkers(target: LockTarget, object: string, transferIds: readonly string[]): Promise<void> {
  try {
    await target.describeObject(object);
    const ids = new Set(transferIds);
    const mine = (await readMarkers(target, object)).filter((m) => ids.has(m.transferId)).map((m) => m.id);
    if (mine.length) await target.delete(object, mine);
  } catch {
    // No lock object, or the target is gone: the markers stay stale until broken.
  }
}

export async function acquireTargetLock(target: LockTarget, keys: readonly string[], req: TargetLockRequest): Promise<HeldTargetLock> {
  try {
    await target.describeObject(req.object);
  } catch {
    // The target has no such object: the lock next to the workbook is all there is.
    return { held: false, release: async () => undefined };
  }
  const ours = new Set(keys);
  const before = await readMarkers(target, req.object);
  // Our own markers from a run that was killed: this resume replaces them.
  const stale = before.filter((m) => m.transferId === req.transferId).map((m) => m.id);
  const others = overlapping(before, ours, req.transferId);
  if (others.size && !req.breakLock) {
    const [first] = [...others.values()].sort((a, b) => (firstOf(a.markers).created < firstOf(b.markers).created ? -1 : 1));
    throw refusal(firstOf(first!.markers), first!.shared, req.breakHint);
  }
  const broken = [...others.values()].flatMap((o) => o.markers.map((m) => m.id));
  if (stale.length || broken.length) await target.delete(req.object, [...stale, ...broken]);
  const parts = chunks([...ours]);
  const records = parts.map((k, i) => ({ external_id__v: `${req.transferId}#${i + 1}`, transfer__c: req.transferId, holder__c: req.holder.slice(0, 500), since__c: req.since, keys__c: k }));
  const written = await target.upsert(req.object, records, 'external_id__v');
  const bad = written.find((w) => !w.ok);
  const release = async () => {
    const mine = (await readMarkers(target, req.object)).filter((m) => m.transferId === req.transferId).map((m) => m.id);
    if (mine.length) await target.delete(req.object, mine);
  };
  if (bad) {
    await release().catch(() => undefined);
    throw new UseCaseError(`The lock marker could not be written into the target: ${bad.error?.message ?? 'refused'}; nothing was sent`);
  }
  // Of two transfers that wrote markers at once, the one created first goes on (a tie: neither).
  const now = await readMarkers(target, req.object);
  const mine = now.filter((m) => m.transferId === req.transferId);
  const created = mine.length ? firstOf(mine).created : '';
  const rivals = overlapping(now, ours, req.transferId);
  const winner = [...rivals.values()].map((o) => ({ o, m: firstOf(o.markers) })).find(({ m }) => !created || m.created <= created);
  if (winner) {
    await release().catch(() => undefined);
    throw refusal(winner.m, winner.o.shared, req.breakHint);
  }
  return {
    held: true,
    // A target that cannot be reached now keeps the marker: it is stale, and breaking it is deliberate.
    release: () => release().catch(() => undefined),
  };
}
