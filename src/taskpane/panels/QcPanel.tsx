import { useEffect, useState } from 'react';
import {
  Body1, Button, Caption1, Checkbox, Field, Input, MessageBar, MessageBarBody, Select, Spinner, Subtitle2, makeStyles, tokens,
} from '@fluentui/react-components';
import { AQLS, MAX_SEED, planSummary, prepareQc, qcDashboardParts, readQcFindingsFrom, type FieldScope, type QcReading, type SamplingMethod } from '../../core/qc';
import type { TransferLog } from '../../core/transfer/log';
import { usePane, useSettings } from '../context';
import { messageOf } from '../store';
import { loadUserName } from '../userName';
import { Tiles } from '../dashboard/Tiles';

/**
 * Quality control: draw a reproducible sample for manual review into QC
 * sheets of this workbook, then read the reviewers' findings back as the QC
 * error rate, the lot decision and the top causes.
 */

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  field: { flexGrow: 1, minWidth: '120px' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

function newSeed(): number {
  const a = new Uint32Array(1);
  if (globalThis.crypto?.getRandomValues) globalThis.crypto.getRandomValues(a);
  else a[0] = Math.floor(Math.random() * MAX_SEED);
  return a[0]!;
}

/** The newest transfer whose records are still in the target. */
function lastTransfer(logs: TransferLog[]): TransferLog | null {
  return [...logs].reverse().find((l) => l.status !== 'rolledBack') ?? null;
}

export default function QcPanel() {
  const styles = useStyles();
  const { port, audit } = usePane();
  const { choice } = useSettings();
  const std = choice.standard;
  const [logs, setLogs] = useState<TransferLog[]>([]);
  const [useTransfer, setUseTransfer] = useState(true);
  const [plan, setPlan] = useState<'iso' | 'percent'>('iso');
  const [aql, setAql] = useState('1.0');
  const [percent, setPercent] = useState('10');
  const [seed, setSeed] = useState(() => String(newSeed()));
  const [stratify, setStratify] = useState(false);
  const [scope, setScope] = useState<FieldScope>('all');
  const [busy, setBusy] = useState<null | 'create' | 'read'>(null);
  const [message, setMessage] = useState<{ intent: 'success' | 'error' | 'warning'; text: string } | null>(null);
  const [reading, setReading] = useState<QcReading | null>(null);

  useEffect(() => {
    let live = true;
    port.loadTransferLogs().then((l) => { if (live) setLogs(l); }, () => undefined);
    return () => { live = false; };
  }, [port]);
  const transfer = lastTransfer(logs);
  const canWrite = !!port.writeQcSheets && !!port.readQcSheets;

  const create = async () => {
    setMessage(null);
    const seedNumber = Number(seed);
    if (!/^\d+$/.test(seed.trim()) || seedNumber > MAX_SEED) { setMessage({ intent: 'error', text: `The seed must be a whole number from 0 to ${MAX_SEED}.` }); return; }
    const p = Number(percent);
    if (plan === 'percent' && !(p > 0 && p <= 100)) { setMessage({ intent: 'error', text: 'The percentage must be above 0 and at most 100.' }); return; }
    const method: SamplingMethod = plan === 'iso' ? { kind: 'iso2859', aql } : { kind: 'percent', percent: p };
    setBusy('create');
    try {
      const data = await port.read(std);
      const log = useTransfer ? transfer : null;
      const prepared = prepareQc(std, data, log, { method, seed: seedNumber, stratify, scope, source: 'this workbook', generatedAt: new Date().toISOString(), generatedBy: loadUserName() || 'name not entered' });
      const out = await port.writeQcSheets!(prepared.model);
      const summary = planSummary(prepared.plan);
      await audit([{ kind: 'decision', sheet: 'QC', ruleId: 'qc-sample', before: `lot of ${prepared.plan.lotSize} records${log ? ` sent by transfer ${log.transferId}` : ''}`, after: `${summary}; seed ${seedNumber}`, details: { plan: prepared.stored } }]);
      setMessage({ intent: 'success', text: [`QC sheets created: ${prepared.rows.length} fields to check on ${prepared.plan.selected.length} records (${summary}; seed ${seedNumber}).`, ...out.notes].join(' ') });
    } catch (e) {
      setMessage({ intent: 'error', text: messageOf(e) });
    } finally {
      setBusy(null);
    }
  };

  const read = async () => {
    setMessage(null);
    setBusy('read');
    try {
      const s = await port.readQcSheets!();
      setReading(readQcFindingsFrom(std, s.qc, s.issues, s.planJson));
    } catch (e) {
      setMessage({ intent: 'error', text: messageOf(e) });
    } finally {
      setBusy(null);
    }
  };

  const goTo = (cell: string) => {
    const m = /^(.*)!([A-Z]+\d+)$/.exec(cell);
    if (m) void port.select(m[1]!, m[2]!);
  };

  if (!canWrite) return <Body1>Quality control sheets need a workbook open in Excel.</Body1>;
  const k = reading?.kpis ?? null;
  const parts = k ? qcDashboardParts(k, { summary: reading?.plan?.summary ?? '', seed: reading?.plan?.seed ?? 0 }) : null;
  return (
    <div className={styles.root}>
      <section className={styles.section} aria-labelledby="qc-draw">
        <Subtitle2 as="h2" id="qc-draw">Draw a sample for review</Subtitle2>
        <div className={styles.row}>
          <Field className={styles.field} label="Records to sample">
            <Select value={useTransfer && transfer ? 'transfer' : 'workbook'} onChange={(_, d) => setUseTransfer(d.value === 'transfer')} data-testid="qc-lot">
              {transfer ? <option value="transfer">Sent by the last transfer ({transfer.transferId})</option> : null}
              <option value="workbook">Every row of this workbook</option>
            </Select>
          </Field>
          <Field className={styles.field} label="How many">
            <Select value={plan} onChange={(_, d) => setPlan(d.value as 'iso' | 'percent')} data-testid="qc-plan">
              <option value="iso">ISO 2859-1 sampling plan</option>
              <option value="percent">A fixed percentage</option>
            </Select>
          </Field>
          {plan === 'iso' ? (
            <Field className={styles.field} label="Acceptable quality level (%)">
              <Select value={aql} onChange={(_, d) => setAql(d.value)} data-testid="qc-aql">
                {AQLS.map((a) => <option key={a} value={a}>{a}</option>)}
              </Select>
            </Field>
          ) : (
            <Field className={styles.field} label="Percentage of records">
              <Input value={percent} onChange={(_, d) => setPercent(d.value)} data-testid="qc-percent" />
            </Field>
          )}
        </div>
        <div className={styles.row}>
          <Field className={styles.field} label="Seed" hint="The same seed draws the same records again.">
            <Input value={seed} onChange={(_, d) => setSeed(d.value)} data-testid="qc-seed" />
          </Field>
          <Field className={styles.field} label="Fields to check">
            <Select value={scope} onChange={(_, d) => setScope(d.value as FieldScope)} data-testid="qc-scope">
              <option value="all">Every field of each record</option>
              <option value="critical">Critical fields only</option>
            </Select>
          </Field>
        </div>
        <Checkbox checked={stratify} onChange={(_, d) => setStratify(!!d.checked)} label="Spread the sample over studies and sites" data-testid="qc-stratify" />
        <div className={styles.row}>
          <Button appearance="primary" disabled={busy !== null} onClick={() => void create()}>Create QC sheets</Button>
          {busy === 'create' ? <Spinner size="tiny" label="Drawing the sample…" /> : null}
        </div>
      </section>
      <section className={styles.section} aria-labelledby="qc-findings">
        <Subtitle2 as="h2" id="qc-findings">Findings</Subtitle2>
        <Caption1>Reviewers fill Verdict, Reviewer, Date, Comment and Cause category in the QC sheet, and owners work the Issues sheet.</Caption1>
        <div className={styles.row}>
          <Button disabled={busy !== null} onClick={() => void read()}>Read findings</Button>
          {busy === 'read' ? <Spinner size="tiny" label="Reading the QC sheets…" /> : null}
        </div>
        {reading && reading.problems.length ? (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              The QC sheets need fixing before the figures can be computed:
              <ul className={styles.list} data-testid="qc-problems">
                {reading.problems.map((p) => (
                  <li key={`${p.cell}-${p.message}`}>
                    {p.cell.includes('!') ? <Button size="small" appearance="transparent" onClick={() => goTo(p.cell)}>{p.cell}</Button> : p.cell}: {p.message}
                  </li>
                ))}
              </ul>
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {parts && k ? (
          <>
            <Tiles tiles={parts.tiles} />
            <Caption1 data-testid="qc-lot-text">
              {k.lot.nonconforming} of {k.lot.records} sampled records have a failed field{k.lot.acceptance === null ? '.' : `; the lot is accepted at ${k.lot.acceptance} or fewer and rejected at ${k.lot.rejection}.`}
              {k.pending ? ` ${k.pending} fields not checked yet.` : ''}
            </Caption1>
            <Body1>Top causes of QC failures</Body1>
            {k.causes.length ? (
              <ul className={styles.list} data-testid="qc-causes">
                {k.causes.map((c) => <li key={c.key}>{c.key}: {c.count}{c.inCut ? ' (in the 80%)' : ''}</li>)}
              </ul>
            ) : <Caption1>No QC failures.</Caption1>}
            {k.tracker ? <Caption1>Issues: {k.tracker.total} — {Object.entries(k.tracker.byStatus).map(([s, n]) => `${n} ${s.toLowerCase()}`).join(', ')}.</Caption1> : null}
          </>
        ) : null}
      </section>
      {message ? (
        <MessageBar intent={message.intent} layout="multiline" role={message.intent === 'error' ? 'alert' : 'status'}>
          <MessageBarBody data-testid="qc-message">{message.text}</MessageBarBody>
        </MessageBar>
      ) : null}
    </div>
  );
}
