/**
 * 10,000 records through 20% injected faults of every kind (5xx, 429, answers held past the
 * client's timeout, and commits whose answer is dropped): every record ends in the target exactly
 * once, and the transfer log accounts for every attempt the client made.
 */
import { defaultStandard } from '../../src/core/standard/load';
import { planTransfer, startLog, runTransfer, countLog, reconcile } from '../../src/core/transfer';
import type { FaultKind } from '../../src/server';
import { wb, TODAY } from '../../testing/builders/wb';
import { startTarget, clientFor, externalIdCounts, syntheticSheets, type Target } from './helpers';

const N = 10_000;
const ORGS = 500;

let t: Target;
afterAll(async () => { await t?.stop(); });

test(`${N} records with 20% faults: exactly once, every attempt logged, created decided from before-images`, async () => {
  t = await startTarget({ faults: { rate: 0.2, seed: 11, delayMs: 600, retryAfterSec: 0.1 } });
  // Count what the client really sends: upserts (record writes) and everything else.
  const sent = { upserts: 0, other: 0 };
  const counting: typeof fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (init?.method === 'POST' && /\/vobjects\/[^/?]+\?idParam=/.test(url)) sent.upserts++;
    else sent.other++;
    return globalThis.fetch(input, init);
  };
  const client = clientFor(t, { timeoutMs: 300, backoffBaseMs: 20, backoffMaxMs: 200, maxRetries: 20, fetch: counting });

  const p = planTransfer(defaultStandard(), wb(syntheticSheets(N - ORGS, ORGS)), { today: TODAY });
  expect(p.entities.reduce((n, e) => n + e.records.length, 0)).toBe(N);
  const log = startLog(p, { targetUrl: t.url, who: 'tester' });
  const t0 = performance.now();
  await runTransfer(p, log, { target: client, targetUrl: t.url, who: 'tester', batchSize: 500, save: () => undefined });
  const seconds = (performance.now() - t0) / 1000;

  // Every record exactly once in the target.
  const orgs = externalIdCounts(t.server, 'organization__v');
  const persons = externalIdCounts(t.server, 'person__sys');
  expect(orgs.size).toBe(ORGS);
  expect(persons.size).toBe(N - ORGS);
  expect([...orgs.values(), ...persons.values()].every((n) => n === 1)).toBe(true);

  // Faults of every kind were injected.
  const faults = t.server.faultCounts();
  const kinds = Object.keys(faults) as FaultKind[];
  for (const k of kinds) expect(faults[k]).toBeGreaterThan(0);
  const injected = kinds.reduce((n, k) => n + faults[k], 0);

  // The log accounts for every attempt: one logged batch per upsert call, its attempts are the
  // requests the client made for it, and each record carries its batch's attempts.
  expect(log.status).toBe('done');
  const c = countLog(log);
  expect(c).toEqual({ sent: N, created: N, updated: 0, unchanged: 0, failed: 0, heldBack: 0, pending: 0 });
  expect(log.batches).toHaveLength(N / 500);
  expect(log.batches.every((b) => b.size === 500 && b.ok === 500 && b.failed === 0 && b.executionId)).toBe(true);
  const batchAttempts = log.batches.reduce((n, b) => n + b.attempts, 0);
  expect(batchAttempts).toBe(sent.upserts);
  expect(batchAttempts).toBeGreaterThan(log.batches.length); // some batches needed retries
  const records = log.entities.flatMap((e) => e.records);
  expect(records.reduce((n, r) => n + r.result!.attempts, 0)).toBe(log.batches.reduce((n, b) => n + b.size * b.attempts, 0));
  // Answers lost after a commit: the retry found the record already there ('unchanged'), yet the
  // before-image (null: it did not exist before this transfer) says the transfer created it.
  const uncertain = records.filter((r) => r.result!.uncertain);
  expect(uncertain.length).toBeGreaterThan(0);
  expect(uncertain.every((r) => r.beforeImage === null)).toBe(true);
  const retriedAfterCommit = uncertain.filter((r) => r.result!.event !== 'created');
  expect(retriedAfterCommit.length).toBeGreaterThan(0);

  const rec = await reconcile(log, client);
  expect(rec).toEqual({ checked: N, missing: 0, discrepancies: [] });

  console.log(`faults: ${N} records in ${seconds.toFixed(2)} s (${Math.round(N / seconds)} records/s) with ${injected} faults injected ${JSON.stringify(faults)}; ` +
    `${sent.upserts} upsert requests for ${log.batches.length} batches, ${sent.other} other requests; ${uncertain.length} records uncertain, ${retriedAfterCommit.length} found already committed on retry`);
});
