import { useMemo, useState } from 'react';
import {
  Body1, Caption1, Field, Link, ProgressBar, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, ToggleButton, makeStyles, tokens,
} from '@fluentui/react-components';
import { countKinds, MAX_LISTED, RESULT_FILTERS, resultRows, type ResultKind } from './model';
import { useSubmit } from './useSubmit';
import { shownSheet } from './partner';
import { shownStatus } from './status';
import { transferStatusLabel } from '../../core/labels';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  filters: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  detail: { wordBreak: 'break-word' },
  // Vault ids are 15+ characters without spaces: let them wrap rather than widen the pane.
  id: { wordBreak: 'break-all', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

/** One progress bar per entity while a transfer runs (and after, showing where it got to). */
export function Progress() {
  const { progress } = useSubmit();
  if (!progress.length) return null;
  return (
    <div data-testid="progress">
      {progress.map((p) => {
        const label = `${p.sheet}: ${p.done} of ${p.total}`;
        return (
          <Field key={p.entity} validationMessage={label} validationState="none">
            <ProgressBar value={p.total ? p.done / p.total : 1} max={1} aria-label={`${p.sheet} progress`} aria-valuetext={label} thickness="large" />
          </Field>
        );
      })}
    </div>
  );
}

/** Per-row outcome of the transfer shown, filterable, each row a link to its row in the sheet. */
export function Results() {
  const styles = useStyles();
  const { current, version, store, phase, sheetNames } = useSubmit();
  const [filter, setFilter] = useState<'all' | ResultKind>('all');
  // The engine mutates the log in place; `version` says when it did.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const rows = useMemo(() => (current ? resultRows(current) : []), [current, version]);
  if (!current) return null;
  const c = countKinds(rows);
  const shown = rows.filter((r) => filter === 'all' || r.kind === filter);
  return (
    <div className={styles.root} data-testid="results">
      <Caption1>Transfer {current.transferId} by {current.who} to {current.target}: {transferStatusLabel(shownStatus(current, phase !== 'idle')).toLowerCase()}</Caption1>
      <div className={styles.filters} role="group" aria-label="Show rows">
        {RESULT_FILTERS.map((f) => (
          <ToggleButton key={f} size="small" checked={filter === f} onClick={() => setFilter(f)} data-testid={`filter-${f.replace(' ', '-')}`}>
            {f} ({c[f]})
          </ToggleButton>
        ))}
      </div>
      <Table size="small" aria-label="Submission results per row" data-testid="results-table">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Row</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Target ID</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {shown.slice(0, MAX_LISTED).map((r) => (
            <TableRow key={r.key} data-testid="result-row" data-kind={r.kind}>
              <TableCell><Link as="button" onClick={() => void store.select(shownSheet(sheetNames, r.sheet), r.row)}>{shownSheet(sheetNames, r.sheet)} {r.row}</Link></TableCell>
              <TableCell className={styles.detail}>{r.kind}{r.kind === 'sent' ? ` (${r.detail})` : `: ${r.detail}`}</TableCell>
              <TableCell className={styles.id}>{r.targetId ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {shown.length > MAX_LISTED ? <Caption1>{shown.length - MAX_LISTED} more rows: see the CTMS Status column in the sheets.</Caption1> : null}
    </div>
  );
}

/** After a transfer: every sent record read back and compared field by field. */
export function ReconciliationReport() {
  const styles = useStyles();
  const { reconciliation: rec, store, sheetNames } = useSubmit();
  if (!rec) return null;
  return (
    <div className={styles.root} data-testid="reconciliation">
      <Body1>
        {rec.checked} record{rec.checked === 1 ? '' : 's'} checked, {rec.missing} missing from the target, {rec.discrepancies.length} discrepanc{rec.discrepancies.length === 1 ? 'y' : 'ies'}.
      </Body1>
      {rec.discrepancies.length ? (
        <ul className={styles.list} aria-label="Discrepancies">
          {rec.discrepancies.slice(0, MAX_LISTED).map((d, i) => (
            <li key={i}>
              <Link as="button" onClick={() => void store.select(shownSheet(sheetNames, d.sheet), d.row)}>{shownSheet(sheetNames, d.sheet)} {d.row}</Link>{' '}
              {d.externalId} {d.column ?? d.field}: sent {JSON.stringify(d.sent)}, target has {JSON.stringify(d.inTarget)}
            </li>
          ))}
        </ul>
      ) : <Caption1>The target holds exactly what was sent.</Caption1>}
    </div>
  );
}
