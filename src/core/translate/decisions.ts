import { decisionEntry } from '../audit/record';
import type { AuditEntry, AuditInput } from '../audit/trail';
import type { MappingDecision } from '../model/decision';
import type { Standard } from '../standard/schema';

/**
 * An approved translation is a decision like a merge or an override: who
 * approved which English for which source text, in the audit trail and in
 * the mapping specification's decisions. Recorded as a mapping decision of
 * the standard's translation rule, so the spec and the trail read it with
 * no new kind of decision.
 */

export function translateRuleId(std: Standard): string | null {
  return std.transformations.find((t) => t.kind === 'translate')?.id ?? null;
}

export function translationDecision(ruleId: string, source: string, english: string): MappingDecision {
  return { kind: 'mapping', ruleId, what: source, decision: english };
}

/** The approvals the trail holds, latest per source text. */
export function recordedTranslations(entries: readonly AuditEntry[], ruleId: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of entries) {
    if (e.kind !== 'decision' || e.ruleId !== ruleId) continue;
    const d = e.details.decision;
    if (d && typeof d === 'object' && !Array.isArray(d) && typeof d.what === 'string' && typeof d.decision === 'string') out.set(d.what, d.decision);
  }
  return out;
}

/**
 * Audit entries for the approvals not yet in the trail, or changed since: a
 * worklist read back twice records nothing the second time, and a corrected
 * translation is recorded again with the new English.
 */
export function translationDecisionEntries(std: Standard, approved: readonly { source: string; english: string }[], recorded: readonly AuditEntry[]): AuditInput[] {
  const ruleId = translateRuleId(std);
  if (!ruleId) return [];
  const known = recordedTranslations(recorded, ruleId);
  const out: AuditInput[] = [];
  for (const a of approved) {
    if (known.get(a.source) === a.english) continue;
    known.set(a.source, a.english);
    out.push(decisionEntry(translationDecision(ruleId, a.source, a.english)));
  }
  return out;
}
