import { VALUE_MAPPING_STEP } from '../../core/transform/cell';
import { a1 } from '../../core/sheet/address';
import { headerOf } from '../../core/report/json';
import type { Standard } from '../../core/standard/schema';
import { issueMessage, proposalMessage } from '../../core/verify/messages';
import type { Issue, Proposal, RuleFamily, Severity } from '../../core/model/issue';

/** Pure view-model helpers of the Validate panel: filtering, grouping, labels. */

export const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

import { FAMILY_LABEL } from '../../core/labels';

export { FAMILY_LABEL };

export interface IssueFilter {
  severity: Severity | 'all';
  family: RuleFamily | 'all';
  text: string;
}

export const NO_FILTER: IssueFilter = { severity: 'all', family: 'all', text: '' };

export interface IssueView {
  issue: Issue;
  /** Stable key for React and tests. */
  key: string;
  cell: string;
  header: string;
  message: string;
}

export function viewIssue(std: Standard, issue: Issue, index: number): IssueView {
  const header = headerOf(std, issue.sheet, issue.field, String(issue.params.header ?? issue.field));
  return { issue, key: `${issue.sheet}!${issue.cells[0]}#${issue.ruleId}#${index}`, cell: issue.cells[0] ?? 'A1', header, message: issueMessage(issue, header) };
}

export function matches(v: IssueView, f: IssueFilter): boolean {
  if (f.severity !== 'all' && v.issue.severity !== f.severity) return false;
  if (f.family !== 'all' && v.issue.family !== f.family) return false;
  const t = f.text.trim().toLowerCase();
  if (!t) return true;
  return `${v.issue.sheet}!${v.cell} ${v.issue.ruleId} ${v.header} ${v.message}`.toLowerCase().includes(t);
}

export interface RuleGroup<T> { ruleId: string; items: T[] }
export interface SheetGroup<T> { sheet: string; count: number; rules: RuleGroup<T>[] }

/** Sheet order as the engine gives it (standard order); rules in order of first appearance. */
export function groupBySheetAndRule<T>(items: T[], sheetOf: (t: T) => string, ruleOf: (t: T) => string): SheetGroup<T>[] {
  const sheets = new Map<string, Map<string, T[]>>();
  for (const it of items) {
    const s = sheetOf(it);
    let rules = sheets.get(s);
    if (!rules) sheets.set(s, (rules = new Map()));
    const r = ruleOf(it);
    const list = rules.get(r);
    if (list) list.push(it); else rules.set(r, [it]);
  }
  return [...sheets].map(([sheet, rules]) => ({
    sheet,
    count: [...rules.values()].reduce((n, l) => n + l.length, 0),
    rules: [...rules].map(([ruleId, list]) => ({ ruleId, items: list })),
  }));
}

export function countBy<T, K extends string>(items: T[], keyOf: (t: T) => K): Map<K, number> {
  const out = new Map<K, number>();
  for (const it of items) out.set(keyOf(it), (out.get(keyOf(it)) ?? 0) + 1);
  return out;
}

/** What the rule (family, or business-rule id) is called in a group heading. */
export function ruleLabel(std: Standard, issue: Issue): string {
  if (issue.family === 'crossField') {
    const rule = std.rules.find((r) => r.id === issue.ruleId);
    return rule ? `${issue.ruleId}: ${rule.description}` : issue.ruleId;
  }
  if (issue.family === 'structure') return issue.ruleId === 'extraColumn' ? 'Extra columns' : issue.ruleId === 'missingSheet' ? 'Missing sheets' : 'Sheet layout (a mapping decision)';
  return FAMILY_LABEL[issue.family] ?? issue.ruleId;
}

export function transformationTitle(std: Standard, ruleId: string): string {
  // A person's value mapping (Map step) is no transformation of the standard, and has no title there.
  if (ruleId === VALUE_MAPPING_STEP) return 'Values as you mapped them for this partner';
  return std.transformations.find((t) => t.id === ruleId)?.title ?? ruleId;
}

export interface ProposalView {
  proposal: Proposal;
  key: string;
  cell: string;
  header: string;
  before: string;
  after: string;
  message: string;
}

export function shown(v: unknown): string {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString().slice(0, 10);
  if (v === null || v === undefined || v === '') return '(blank)';
  const s = String(v);
  // Make the whitespace T-TRIM removes visible, or "before" and "after" would look identical.
  if (/^\s|\s$|\s\s|[\t\n\r]/.test(s)) return `"${s.replace(/ /g, '·').replace(/\t/g, '⇥').replace(/[\r\n]/g, '↵')}"`;
  return s;
}

export function viewProposal(std: Standard, p: Proposal): ProposalView {
  const cell = a1(p.col, p.row);
  return {
    proposal: p, key: `${p.sheet}!${cell}`, cell, header: headerOf(std, p.sheet, p.field, p.field),
    before: shown(p.from), after: shown(p.to), message: proposalMessage(p),
  };
}
