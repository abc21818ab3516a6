import type { RuleFamily } from './model/issue';

/**
 * The one table of words people see for the engine's internal names: rule
 * families, transfer statuses, target objects and actions. The pane, notes,
 * the Dashboard sheet and the CLI summaries take their words from here, so a
 * rule id, an enum value or an API object name never reaches a data steward
 * (ids may still follow as secondary detail).
 */

export const FAMILY_LABEL: Record<RuleFamily, string> = {
  required: 'Missing value',
  type: 'Wrong kind of value',
  maxLength: 'Too long',
  pattern: 'Wrong format',
  picklist: 'Not in the list',
  unique: 'Entered twice',
  reference: 'Unknown linked record',
  charset: 'Characters the target cannot store',
  ambiguousDate: 'Ambiguous date',
  crossField: 'Business rule',
  structure: 'Sheet layout',
  excelError: 'Excel error in the cell',
  brokenText: 'Garbled text (wrong encoding)',
  formulaText: 'Text that starts like a formula',
};

/** A table's words for a key, or the fallback for a key the table does not know (never the key itself unless asked). */
const label = (table: Readonly<Record<string, string>>, key: string, fallback: string): string =>
  Object.prototype.hasOwnProperty.call(table, key) ? table[key]! : fallback;

export function familyLabel(family: string): string {
  return label(FAMILY_LABEL, family, 'Other check');
}

export const TRANSFER_STATUS_LABEL: Record<string, string> = {
  running: 'Running',
  // A log still "running" when the pane reads it was interrupted: nothing is sending it any more.
  stopped: 'Stopped before the end',
  done: 'Finished',
  failed: 'Finished with failures',
  rolledBack: 'Rolled back',
};

export function transferStatusLabel(status: string): string {
  return label(TRANSFER_STATUS_LABEL, status, 'Unknown state');
}

/** A headline figure against its goal, as the Dashboard sheet's Status column says it. */
export const GOAL_STATUS_LABEL: Record<string, string> = {
  met: 'Goal met',
  missed: 'Goal not met',
  info: '',
};

export function goalStatusLabel(status: string): string {
  return label(GOAL_STATUS_LABEL, status, '');
}

/** The target CTMS's object names (Vault API names) as a person says them. */
export const OBJECT_LABEL: Record<string, string> = {
  person__sys: 'Person',
  site__v: 'Study site',
  study__v: 'Study',
  organization__v: 'Organization',
  study_person__clin: 'Site staff member',
  study_country__v: 'Study country',
  location__v: 'Location',
};

export function objectLabel(object: string): string {
  const known = label(OBJECT_LABEL, object, '');
  if (known) return known;
  // An object this table does not know: its API name without the suffix, in words ("study_site__c" → "Study site").
  const words = object.replace(/__(v|sys|c)$/, '').replace(/_/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'Record';
}

export const ACTION_LABEL: Record<string, string> = {
  create: 'Create',
  update: 'Update',
  unchanged: 'No change',
  delete: 'Delete',
  restore: 'Restore',
  skip: 'Skip',
  merge: 'Merge',
  notDuplicate: 'Keep both',
  accept: 'Accept',
  undo: 'Undo',
  override: 'Accept as it is',
};

export function actionLabel(action: string): string {
  return label(ACTION_LABEL, action, action);
}

/** A similarity score 0..1 as people read it: "93 % similar", never "(0.93)". */
export function similarityLabel(score: number): string {
  return `${Math.round(Math.max(0, Math.min(1, score)) * 100)} % similar`;
}
