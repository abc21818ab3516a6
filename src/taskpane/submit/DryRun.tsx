import { useState } from 'react';
import {
  Body1, Button, Caption1, Checkbox, Field, Link, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { useSettings } from '../context';
import { useRunContext } from './useRunContext';
import { heldBackRows, MAX_LISTED } from './model';
import { useSubmit } from './useSubmit';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  num: { textAlign: 'right' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
});

/** Dry run: the plan (with the Validate settings) against what the target already has. Nothing is sent. */
export function DryRun({ onSubmit }: { onSubmit: () => void }) {
  const styles = useStyles();
  const { user, phase, acceptProposals, dryRun, store } = useSubmit();
  const { settings } = useSettings();
  const run = useRunContext();
  const [sheet, setSheet] = useState<string>('all');
  const busy = phase !== 'idle';
  const held = dryRun ? heldBackRows(dryRun.entities, sheet) : [];
  // Unchanged records are sent too (the upsert confirms them): the count is every record the plan holds.
  const sendable = dryRun ? dryRun.entities.reduce((n, e) => n + e.create + e.update + e.unchanged, 0) : 0;
  const sent = dryRun?.sentAs;

  return (
    <div className={styles.root}>
      <Checkbox
        checked={acceptProposals}
        onChange={(_, d) => store.setAcceptProposals(!!d.checked)}
        label="Send proposed changes as accepted"
        data-testid="accept-proposals"
      />
      <Caption1>
        Off: a row with a proposed change that was not accepted in Validate is held back, so only what someone
        approved is sent. On: such rows are sent with the proposed values, without writing them into the sheet.
        Date order: {settings.dateOrder ?? 'not set'} (Settings).
      </Caption1>
      <div>
        <Button disabled={busy || !user} onClick={() => void store.dryRun(run)} data-testid="dry-run">
          {phase === 'planning' ? 'Planning…' : 'Dry run'}
        </Button>
        {!user ? <Caption1> Sign in first: the dry run asks the target which records already exist.</Caption1> : null}
      </div>
      {dryRun ? (
        <>
          <Table size="small" aria-label="What a submission would do, per sheet" data-testid="dry-run-table">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Sheet</TableHeaderCell>
                <TableHeaderCell className={styles.num}>Create</TableHeaderCell>
                <TableHeaderCell className={styles.num}>Update</TableHeaderCell>
                <TableHeaderCell className={styles.num}>Unchanged</TableHeaderCell>
                <TableHeaderCell className={styles.num}>Held back</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {dryRun.entities.map((e) => (
                <TableRow key={e.entity} data-testid={`plan-${e.sheet}`}>
                  <TableCell>{e.sheet}</TableCell>
                  <TableCell className={styles.num} data-testid="plan-create">{e.create}</TableCell>
                  <TableCell className={styles.num} data-testid="plan-update">{e.update}</TableCell>
                  <TableCell className={styles.num} data-testid="plan-unchanged">{e.unchanged}</TableCell>
                  <TableCell className={styles.num} data-testid="plan-held">{e.heldBack.length}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {dryRun.entities.some((e) => e.heldBack.length) ? (
            <>
              <Field label="Held back rows of">
                <Select value={sheet} onChange={(_, d) => setSheet(d.value)} data-testid="held-filter">
                  <option value="all">every sheet</option>
                  {dryRun.entities.filter((e) => e.heldBack.length).map((e) => <option key={e.entity} value={e.sheet}>{e.sheet}</option>)}
                </Select>
              </Field>
              <ul className={styles.list} aria-label="Held back rows and why" data-testid="held-list">
                {held.slice(0, MAX_LISTED).map((h) => (
                  <li key={`${h.sheet}-${h.row}`} data-testid="held-row">
                    <Link as="button" onClick={() => void store.select(h.sheet, h.row)}>{h.sheet} row {h.row}</Link>: {h.reason}
                  </li>
                ))}
              </ul>
              {held.length > MAX_LISTED ? <Caption1>{held.length - MAX_LISTED} more: see the CTMS Status column after submitting.</Caption1> : null}
            </>
          ) : null}
          <div>
            <Button appearance="primary" disabled={busy || !user || sendable === 0 || !!sent} onClick={onSubmit} data-testid="submit">
              Submit {sendable} record{sendable === 1 ? '' : 's'}…
            </Button>
          </div>
          {sent ? <Caption1 data-testid="plan-sent">This plan was sent as transfer {sent}. Run a new dry run to submit again.</Caption1> : null}
        </>
      ) : (
        <Body1>Run a dry run to see what would be created, updated and held back before anything is sent.</Body1>
      )}
    </div>
  );
}
