import { words } from './words';

/**
 * Study and site status grammar. A status is read as one of a few
 * meanings, whatever the spelling: ClinicalTrials.gov's overall statuses
 * (RECRUITING, ACTIVE_NOT_RECRUITING, NOT_YET_RECRUITING,
 * ENROLLING_BY_INVITATION…), the legacy registry's "Active, not recruiting",
 * and the words CTMSs use ("Open to accrual", "Closed-out", "Follow up").
 * The key is the meaning; which list value a meaning becomes is decided by
 * the field's picklist (a value with the same meaning) or the standard's map.
 */

const FILLER = new Set(['study', 'site', 'trial', 'status', 'the', 'is', 'for', 'to', 'of', 'only', 'in']);
const SPELLINGS: Record<string, string> = {
  enrolment: 'enrollment', canceled: 'cancelled', complete: 'completed', finished: 'completed', recruitment: 'enrollment',
  recruiting: 'enrolling', accruing: 'enrolling', accrual: 'enrollment', followup: 'follow', closeout: 'closed', close: 'closed',
  terminate: 'terminated', withdraw: 'withdrawn', suspend: 'suspended', cancel: 'cancelled', plan: 'planned', planning: 'planned',
};

/** Word sequences (after the first step) → meaning. */
const PHRASES: [string, string][] = [
  ['planned', 'planned'],
  ['not yet enrolling', 'not yet enrolling'], ['not yet open', 'not yet enrolling'], ['not yet active', 'not yet enrolling'],
  ['not yet open enrollment', 'not yet enrolling'],
  ['selected', 'selected'], ['initiated', 'initiated'],
  ['active', 'active'],
  ['enrolling', 'enrolling'], ['open', 'enrolling'], ['open enrollment', 'enrolling'], ['enrollment open', 'enrolling'],
  ['enrolling by invitation', 'enrolling'],
  ['active not enrolling', 'closed to enrollment'], ['closed enrollment', 'closed to enrollment'], ['enrollment closed', 'closed to enrollment'],
  ['enrollment completed', 'closed to enrollment'],
  ['follow up', 'follow up'], ['follow', 'follow up'],
  ['completed', 'completed'],
  ['closed', 'closed'], ['closed out', 'closed'],
  ['terminated', 'terminated'], ['stopped early', 'terminated'],
  ['withdrawn', 'withdrawn'], ['cancelled', 'cancelled'],
  ['suspended', 'suspended'], ['on hold', 'suspended'], ['temporarily halted', 'suspended'],
  ['unknown', 'unknown'],
];
const MEANING = new Map(PHRASES);

/** The meaning of a status, or null when it cannot be read. */
export function readStatus(text: string): string | null {
  const w = words(text, FILLER, SPELLINGS);
  if (w.length === 0) return null;
  return MEANING.get(w.join(' ')) ?? null;
}
