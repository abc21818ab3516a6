import { VaultClient, type BatchReport, type ClientEvent } from '../../src/connectors';
import { org, startServer, USER } from '../server/helpers';

/**
 * Exactly-once under faults: 5xx and 429 before processing, answers held past the client's
 * timeout, and connections dropped AFTER the server committed. Upsert by external id must
 * leave every record exactly once, and the client must account for every record.
 */
describe('VaultClient under injected faults', () => {
  it('commit-then-drop: the retry finds the committed record instead of creating a second one', async () => {
    const r = await startServer({ faults: { rate: 0.5, seed: 3, kinds: ['dropAfterCommit'] } });
    try {
      const c = new VaultClient({ baseUrl: r.url, ...USER, batchSize: 10, concurrency: 1, backoffBaseMs: 1, maxRetries: 20 });
      const res = await c.upsert('organization__v', Array.from({ length: 100 }, (_, i) => org(i)), 'external_id__v');
      expect(r.server.faultCounts().dropAfterCommit).toBeGreaterThan(0);
      expect(res.every((x) => x.ok)).toBe(true);
      const retried = res.filter((x) => x.attempts > 1);
      expect(retried.length).toBeGreaterThan(0);
      // The first, unanswered attempt created them; the retry saw them unchanged and says it may not be the whole story.
      expect(retried.every((x) => x.uncertain && x.event === 'unchanged')).toBe(true);
      const n = (r.server.db.prepare('SELECT COUNT(*) AS n FROM organization__v').get() as { n: number }).n;
      expect(n).toBe(100);
    } finally {
      await r.server.stop();
    }
  });

  it('10,000 records at 20% faults: every record exactly once, every record accounted for', async () => {
    const r = await startServer({ faults: { rate: 0.2, seed: 42, delayMs: 1200, retryAfterSec: 1 } });
    try {
      const events: ClientEvent[] = [];
      const batches: BatchReport[] = [];
      const c = new VaultClient({ baseUrl: r.url, ...USER, batchSize: 200, timeoutMs: 1000, concurrency: 4, maxRetries: 12, backoffBaseMs: 20, backoffMaxMs: 500, onEvent: (e) => events.push(e) });
      const records = Array.from({ length: 10_000 }, (_, i) => org(i, { name__v: `Org ${i}`, postal_code__v: String(i) }));
      const res = await c.upsert('organization__v', records, 'external_id__v', { onBatch: (b) => batches.push(b) });

      const counts = r.server.faultCounts();
      expect(counts.dropAfterCommit + counts.slow).toBeGreaterThan(0);
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeGreaterThan(2);

      expect(res).toHaveLength(10_000);
      expect(res.filter((x) => !x.ok)).toEqual([]);
      expect(new Set(res.map((x) => x.key)).size).toBe(10_000);
      expect(batches.reduce((a, b) => a + b.size, 0)).toBe(10_000);

      const rows = r.server.db.prepare('SELECT id, external_id__v, postal_code__v FROM organization__v').all() as Array<{ id: string; external_id__v: string; postal_code__v: string }>;
      expect(rows).toHaveLength(10_000);
      const byKey = new Map(rows.map((row) => [row.external_id__v, row]));
      expect(byKey.size).toBe(10_000);
      for (const x of res) expect(byKey.get(x.key)?.id).toBe(x.id);
      expect(rows.every((row) => row.postal_code__v === row.external_id__v.slice(4))).toBe(true);

      const retries = events.filter((e) => e.kind === 'retry').length;
      const extraAttempts = batches.reduce((a, b) => a + b.attempts - 1, 0);
      expect(extraAttempts).toBe(retries);
    } finally {
      await r.server.stop();
    }
  });
});
