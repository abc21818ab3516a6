import { decisionEntry } from '../../core/audit/record';
import type { AuditInput } from '../../core/audit/trail';
import type { Standard } from '../../core/standard/schema';
import { overrideDecision, type FlagOverride } from '../../core/verify/overrides';
import type { Issue } from '../../core/model/issue';
import { viewIssue } from './model';

/**
 * Audit entries of the Validate panel's overrides. `before` is the flag as
 * the user saw it (severity, rule and message), `after` what became of it, so
 * the trail reads on its own without the workbook's settings.
 */

function flagText(std: Standard, issue: Issue): string {
  return `${issue.severity} ${issue.ruleId}: ${viewIssue(std, issue, 0).message}`;
}

export function overrideEntry(std: Standard, issue: Issue, o: FlagOverride): AuditInput {
  const e = decisionEntry(overrideDecision(issue, o));
  return { ...e, before: flagText(std, issue), after: `overridden: ${o.reason}`, details: { ...e.details, key: o.key, severity: issue.severity } };
}

/** The trail is append-only: withdrawing is a new entry; the override's own entry stays. */
export function withdrawnEntry(std: Standard, issue: Issue, o: FlagOverride): AuditInput {
  const d = overrideDecision(issue, o);
  return {
    kind: 'override', sheet: d.sheet, row: d.row, cell: d.cell, ruleId: d.ruleId,
    before: `overridden: ${o.reason}`, after: 'override withdrawn',
    details: { withdrawn: { ...d }, key: o.key, flag: flagText(std, issue) },
  };
}
