import { AuditTrail, decisionEntry, decisionsFromTrail } from '../../src/core/audit';
import type { OverrideDecision } from '../../src/core/model/decision';

/** The CLI report reads decisions from the trail: an override the pane withdrew (Undo) must not count. */

const o: OverrideDecision = { kind: 'override', sheet: 'Sites', row: 2, cell: 'K2', ruleId: 'R-ENR-02', value: 12, note: 'Confirmed with the site' };

test('a withdrawn override is not a decision any more; one made again is', () => {
  const trail = new AuditTrail({ who: 'Dana', now: () => new Date('2024-06-30T12:00:00Z') });
  trail.append(decisionEntry(o));
  trail.append(decisionEntry({ ...o, row: 3, cell: 'K3' }));
  trail.append({ kind: 'override', sheet: 'Sites', row: 2, cell: 'K2', ruleId: 'R-ENR-02', before: 'overridden: Confirmed with the site', after: 'override withdrawn', details: { withdrawn: { ...o } } });
  expect(decisionsFromTrail(trail.entries()).map((d) => d.kind === 'override' && d.cell)).toEqual(['K3']);
  trail.append(decisionEntry(o));
  expect(decisionsFromTrail(trail.entries()).map((d) => d.kind === 'override' && d.cell)).toEqual(['K3', 'K2']);
});
