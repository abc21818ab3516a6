import { useMemo, useState } from 'react';
import {
  Accordion, AccordionHeader, AccordionItem, AccordionPanel, Badge, Button, Caption1, Field, Input, Select, makeStyles, mergeClasses, tokens,
} from '@fluentui/react-components';
import type { Standard } from '../../core/standard/schema';
import type { Issue, RuleFamily, Severity } from '../../core/model/issue';
import { canOverride } from '../../core/verify/overrides';
import { FAMILY_LABEL, NO_FILTER, SEVERITIES, groupBySheetAndRule, matches, ruleLabel, viewIssue, type IssueFilter, type IssueView } from './model';

/** How many issues of one rule are drawn before "Show more": keeps the pane quick on large sheets. */
const PAGE = 50;

const useStyles = makeStyles({
  filters: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: tokens.spacingHorizontalS },
  text: { gridColumn: '1 / span 2' },
  // A <select> is as wide as its longest option; in a 320 px pane it must shrink to its column instead.
  field: { minWidth: 0 },
  select: { minWidth: 0, width: '100%' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  row: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalXS },
  override: { flexShrink: 0 },
  item: {
    display: 'flex', width: '100%', textAlign: 'left', justifyContent: 'flex-start', alignItems: 'flex-start',
    gap: tokens.spacingHorizontalS, fontWeight: tokens.fontWeightRegular, minHeight: 'auto',
    paddingTop: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalXS,
  },
  cell: { fontFamily: tokens.fontFamilyMonospace, minWidth: '3.5em', flexShrink: 0, fontWeight: tokens.fontWeightSemibold },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected },
  ruleHeader: { fontWeight: tokens.fontWeightSemibold, margin: `${tokens.spacingVerticalS} 0 ${tokens.spacingVerticalXXS}` },
});

const SEVERITY_COLOR: Record<Severity, 'danger' | 'warning' | 'informative'> = { error: 'danger', warning: 'warning', info: 'informative' };

function IssueFilters({ filter, onChange, families }: { filter: IssueFilter; onChange: (f: IssueFilter) => void; families: RuleFamily[] }) {
  const styles = useStyles();
  return (
    <div className={styles.filters} role="search" aria-label="Filter issues">
      <Field label="Severity" className={styles.field}>
        <Select className={styles.select} select={{ className: styles.select }} value={filter.severity} onChange={(_, d) => onChange({ ...filter, severity: d.value as IssueFilter['severity'] })}>
          <option value="all">All severities</option>
          {SEVERITIES.map((s) => <option key={s} value={s}>{s[0]!.toUpperCase() + s.slice(1)}</option>)}
        </Select>
      </Field>
      <Field label="Rule family" className={styles.field}>
        <Select className={styles.select} select={{ className: styles.select }} value={filter.family} onChange={(_, d) => onChange({ ...filter, family: d.value as IssueFilter['family'] })}>
          <option value="all">All families</option>
          {families.map((f) => <option key={f} value={f}>{FAMILY_LABEL[f] ?? f}</option>)}
        </Select>
      </Field>
      <Field label="Text" className={styles.text}>
        <Input type="search" value={filter.text} placeholder="Cell, column or words" onChange={(_, d) => onChange({ ...filter, text: d.value })} />
      </Field>
    </div>
  );
}

function IssueItem({ view, selected, onSelect, onOverride }: { view: IssueView; selected: boolean; onSelect: (i: Issue) => void; onOverride?: (i: Issue) => void }) {
  const styles = useStyles();
  // A separate button, not a menu on the item: reachable with Tab and named for screen readers.
  const override = onOverride && canOverride(view.issue) ? (
    <Button
      size="small"
      appearance="transparent"
      className={styles.override}
      aria-label={`Override ${view.issue.sheet}!${view.cell}: ${view.message}`}
      title="Accept the value as it is, with a reason (recorded in the audit trail)"
      data-testid="override"
      onClick={() => onOverride(view.issue)}
    >
      Override…
    </Button>
  ) : null;
  return (
    <li className={styles.row}>
      <Button
        appearance="subtle"
        className={mergeClasses(styles.item, selected && styles.selected)}
        aria-current={selected ? 'true' : undefined}
        title={`Select ${view.issue.sheet}!${view.cell} in the workbook`}
        data-testid="issue"
        data-cell={`${view.issue.sheet}!${view.cell}`}
        data-rule={view.issue.ruleId}
        onClick={() => onSelect(view.issue)}
      >
        <span className={styles.cell}>{view.issue.sheet}!{view.cell}</span>
        <span>{view.message}</span>
      </Button>
      {override}
    </li>
  );
}

function RuleItems({ items, selected, onSelect, onOverride }: { items: IssueView[]; selected: string | null; onSelect: (i: Issue) => void; onOverride?: (i: Issue) => void }) {
  const styles = useStyles();
  const [shownCount, setShown] = useState(PAGE);
  return (
    <>
      <ul className={styles.list}>
        {items.slice(0, shownCount).map((v) => (
          <IssueItem key={v.key} view={v} selected={selected === `${v.issue.sheet}!${v.cell}`} onSelect={onSelect} onOverride={onOverride} />
        ))}
      </ul>
      {items.length > shownCount ? (
        <Button size="small" appearance="transparent" onClick={() => setShown((n) => n + PAGE)}>
          Show {Math.min(PAGE, items.length - shownCount)} more of {items.length - shownCount}
        </Button>
      ) : null}
    </>
  );
}

export interface IssueListProps {
  std: Standard;
  issues: Issue[];
  selected: string | null;
  onSelect: (issue: Issue) => void;
  /** Offered on the issues that may be overridden (see core/verify/overrides.ts). */
  onOverride?: (issue: Issue) => void;
}

/** Issues grouped by sheet, then by rule; each one a button that selects its cell. */
export function IssueList({ std, issues, selected, onSelect, onOverride }: IssueListProps) {
  const styles = useStyles();
  const [filter, setFilter] = useState<IssueFilter>(NO_FILTER);
  const views = useMemo(() => issues.map((i, n) => viewIssue(std, i, n)), [std, issues]);
  const families = useMemo(() => [...new Set(issues.map((i) => i.family))], [issues]);
  const filtered = useMemo(() => views.filter((v) => matches(v, filter)), [views, filter]);
  const groups = useMemo(() => groupBySheetAndRule(filtered, (v) => v.issue.sheet, (v) => v.issue.ruleId), [filtered]);
  const firstSheet = groups[0]?.sheet;

  return (
    <>
      <IssueFilters filter={filter} onChange={setFilter} families={families} />
      <Caption1 aria-live="polite">
        {filtered.length === views.length
          ? `${views.length} ${views.length === 1 ? 'issue' : 'issues'}`
          : `${filtered.length} of ${views.length} issues match the filter`}
      </Caption1>
      <Accordion multiple collapsible defaultOpenItems={firstSheet ? [firstSheet] : []} aria-label="Issues by sheet">
        {groups.map((g) => (
          <AccordionItem key={g.sheet} value={g.sheet}>
            <AccordionHeader as="h3" data-testid="issue-sheet">
              {g.sheet}&nbsp;<Badge appearance="tint" color="informative">{g.count}</Badge>
            </AccordionHeader>
            <AccordionPanel>
              {g.rules.map((r) => {
                const first = r.items[0]!.issue;
                return (
                  <section key={r.ruleId} aria-label={`${g.sheet}: ${ruleLabel(std, first)}`} data-testid="issue-rule">
                    <div className={styles.ruleHeader}>
                      <Badge appearance="outline" color={SEVERITY_COLOR[first.severity]}>{first.severity}</Badge>{' '}
                      {ruleLabel(std, first)} ({r.items.length})
                    </div>
                    <RuleItems items={r.items} selected={selected} onSelect={onSelect} onOverride={onOverride} />
                  </section>
                );
              })}
            </AccordionPanel>
          </AccordionItem>
        ))}
      </Accordion>
    </>
  );
}
