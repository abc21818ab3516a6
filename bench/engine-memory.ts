import { defaultStandard } from '../src/core/standard/load';
import { createVerifySession } from '../src/core/verify/engine';
import { sitesSheet } from './engine';

/**
 * Memory the engine keeps for a verified sheet (its session: effective
 * values, caches, issues and proposals), beyond the sheet itself: heap and
 * array buffers after a full garbage collection, before and after verifying
 * the engine benchmark's generated Sites sheet.
 *   node --expose-gc --import tsx bench/engine-memory.ts [rows]
 */
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const rows = Number(process.argv[2] ?? 100_000);
const { sheet, studies, orgs, people } = sitesSheet(rows);
gc(); gc();
const before = process.memoryUsage();
const session = createVerifySession(defaultStandard(), { sheets: [sheet] }, { targetKeys: { study: studies, organization: orgs, person: people }, today: '2026-11-27' });
gc(); gc();
const after = process.memoryUsage();
const mb = (x: number) => (x / 1048576).toFixed(1);
const heap = after.heapUsed - before.heapUsed, buffers = after.arrayBuffers - before.arrayBuffers;
console.log(`${rows.toLocaleString()} rows: the session keeps ${mb(heap)} MB of heap and ${mb(buffers)} MB of array buffers = ${((heap + buffers) / rows).toFixed(0)} bytes per row (${session.result.issues.length} issues, ${session.result.proposals.length} proposals)`);
