import { ISSUE_COLUMNS, ISSUE_INPUT_COLUMNS, ISSUE_STATUSES, issuesSheetValues, type TrackedIssue } from './tracker';
import { QC_COLUMNS, QC_INPUT_COLUMNS, VERDICTS, qcSheetValues, type QcRow } from './sheet';
import type { QcInstructions } from './instructions';

/**
 * The QC sheets as plain cells for the Excel adapter: what to write, which
 * columns reviewers fill (left unlocked), which get a drop-down from the lists
 * sheet. Names are fixed so qc-report and the pane find them again.
 */

export const QC_LISTS_SHEET = 'QC Lists';
export const QC_PLAN_SHEET = 'QC Plan';
export const QC_CHECKLIST_SHEET = 'Checklist';

export interface QcSheetSpec {
  name: string;
  values: (string | number)[][];
  /** 0-based columns the reviewer edits. */
  inputColumns: number[];
  /** 0-based column → absolute reference of its list on the lists sheet. */
  lists: { column: number; source: string }[];
}

export interface QcSheetsModel {
  qc: QcSheetSpec;
  issues: QcSheetSpec;
  checklist: string[][];
  lists: string[][];
  planJson: string;
}

const listSource = (col: string, n: number) => `='${QC_LISTS_SHEET}'!$${col}$2:$${col}$${n + 1}`;

export function qcSheetsModel(rows: QcRow[], issues: TrackedIssue[], instructions: QcInstructions, causes: readonly string[], plan: unknown): QcSheetsModel {
  const qcKeys = Object.keys(QC_COLUMNS) as (keyof typeof QC_COLUMNS)[];
  const issueKeys = Object.keys(ISSUE_COLUMNS) as (keyof typeof ISSUE_COLUMNS)[];
  const longest = Math.max(VERDICTS.length, causes.length, ISSUE_STATUSES.length);
  const lists = [['Verdict', 'Cause category', 'Status'], ...Array.from({ length: longest }, (_, i) => [VERDICTS[i] ?? '', causes[i] ?? '', ISSUE_STATUSES[i] ?? ''])];
  const checklist: string[][] = [
    [instructions.title, '', '', '', ''], ['', '', '', '', ''], ['Sampling plan', '', '', '', ''],
    ...instructions.plan.map(([k, v]) => [k, v, '', '', '']), ['', '', '', '', ''], ['Checklist', '', '', '', ''],
    ...instructions.steps.map((s, i) => [`${i + 1}.`, s, '', '', '']), ['', '', '', '', ''],
    ['Sheet', 'Field', 'Target field', 'Critical', 'Checked'],
    ...instructions.fields.map((f) => [f.sheet, f.field, f.target, f.critical ? 'yes' : '', f.checked ? 'yes' : '']),
  ];
  return {
    qc: {
      name: 'QC', values: qcSheetValues(rows), inputColumns: QC_INPUT_COLUMNS.map((k) => qcKeys.indexOf(k)),
      lists: [{ column: qcKeys.indexOf('verdict'), source: listSource('A', VERDICTS.length) }, { column: qcKeys.indexOf('cause'), source: listSource('B', causes.length) }],
    },
    issues: {
      name: 'Issues', values: issuesSheetValues(issues), inputColumns: ISSUE_INPUT_COLUMNS.map((k) => issueKeys.indexOf(k)),
      lists: [{ column: issueKeys.indexOf('cause'), source: listSource('B', causes.length) }, { column: issueKeys.indexOf('status'), source: listSource('C', ISSUE_STATUSES.length) }],
    },
    checklist, lists, planJson: JSON.stringify(plan),
  };
}
