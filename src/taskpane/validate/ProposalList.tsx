import { useMemo, useState } from 'react';
import {
  Accordion, AccordionHeader, AccordionItem, AccordionPanel, Badge, Button, Table, TableBody, TableCell, TableHeader,
  TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import type { Standard } from '../../core/standard/schema';
import type { Proposal } from '../../core/model/issue';
import { transformationTitle, viewProposal, type ProposalView } from './model';

const PAGE = 50;

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  value: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-word' },
  arrow: { color: tokens.colorNeutralForeground3, paddingLeft: tokens.spacingHorizontalXS, paddingRight: tokens.spacingHorizontalXS },
  cellButton: { fontFamily: tokens.fontFamilyMonospace, minWidth: 'auto', paddingLeft: tokens.spacingHorizontalXS, paddingRight: tokens.spacingHorizontalXS },
  table: { tableLayout: 'auto' },
});

interface RowProps {
  view: ProposalView;
  busy: boolean;
  onAccept: (p: Proposal[]) => void;
  onSelect: (p: Proposal, cell: string) => void;
}

function ProposalRow({ view, busy, onAccept, onSelect }: RowProps) {
  const styles = useStyles();
  const where = `${view.proposal.sheet}!${view.cell}`;
  return (
    <TableRow data-testid="proposal" data-cell={where}>
      <TableCell>
        <Button appearance="subtle" size="small" className={styles.cellButton} title={`Select ${where} (${view.header})`}
          onClick={() => onSelect(view.proposal, view.cell)}>
          {where}
        </Button>
      </TableCell>
      <TableCell>
        <span className={styles.value}>{view.before}</span>
        <span className={styles.arrow} aria-label="becomes">→</span>
        <span className={styles.value}>{view.after}</span>
      </TableCell>
      <TableCell>
        <Button size="small" disabled={busy} aria-label={`Accept ${where}: ${view.before} becomes ${view.after}`}
          onClick={() => onAccept([view.proposal])}>
          Accept
        </Button>
      </TableCell>
    </TableRow>
  );
}

function RuleTable({ views, ...rest }: { views: ProposalView[] } & Omit<RowProps, 'view'>) {
  const styles = useStyles();
  const [shownCount, setShown] = useState(PAGE);
  return (
    <>
      <Table size="extra-small" className={styles.table}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Cell</TableHeaderCell>
            <TableHeaderCell>Before → after</TableHeaderCell>
            <TableHeaderCell>Action</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {views.slice(0, shownCount).map((v) => <ProposalRow key={v.key} view={v} {...rest} />)}
        </TableBody>
      </Table>
      {views.length > shownCount ? (
        <Button size="small" appearance="transparent" onClick={() => setShown((n) => n + PAGE)}>
          Show {Math.min(PAGE, views.length - shownCount)} more of {views.length - shownCount}
        </Button>
      ) : null}
    </>
  );
}

export interface ProposalListProps {
  std: Standard;
  proposals: Proposal[];
  busy: boolean;
  onAccept: (p: Proposal[]) => void;
  onSelect: (p: Proposal, cell: string) => void;
}

/**
 * Proposed changes grouped by the rule that decided the final value, each
 * shown before → after; accepted one at a time, a rule at a time, or all.
 */
export function ProposalList({ std, proposals, busy, onAccept, onSelect }: ProposalListProps) {
  const styles = useStyles();
  const groups = useMemo(() => {
    const byRule = new Map<string, ProposalView[]>();
    for (const p of proposals) {
      const list = byRule.get(p.ruleId);
      const v = viewProposal(std, p);
      if (list) list.push(v); else byRule.set(p.ruleId, [v]);
    }
    return [...byRule];
  }, [std, proposals]);

  if (!proposals.length) return null;
  return (
    <>
      <div className={styles.bar}>
        <Button appearance="primary" disabled={busy} onClick={() => onAccept(proposals)} data-testid="accept-all">
          Accept all {proposals.length}
        </Button>
      </div>
      <Accordion multiple collapsible aria-label="Proposed changes by rule">
        {groups.map(([ruleId, views]) => {
          const title = transformationTitle(std, ruleId);
          return (
            <AccordionItem key={ruleId} value={ruleId}>
              <AccordionHeader as="h3" data-testid="proposal-rule">
                {title}&nbsp;<Badge appearance="tint" color="brand">{views.length}</Badge>
              </AccordionHeader>
              <AccordionPanel>
                <div className={styles.bar}>
                  <Button size="small" disabled={busy} data-testid={`accept-rule-${ruleId}`} aria-label={`Accept all ${views.length}: ${title}`}
                    onClick={() => onAccept(views.map((v) => v.proposal))}>
                    Accept these {views.length}
                  </Button>
                </div>
                <RuleTable views={views} busy={busy} onAccept={onAccept} onSelect={onSelect} />
              </AccordionPanel>
            </AccordionItem>
          );
        })}
      </Accordion>
    </>
  );
}
