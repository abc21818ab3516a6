import { Suspense, lazy, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import {
  Body1, Button, Caption1, Field, Input, MessageBar, MessageBarBody, Select, Spinner, Subtitle2, makeStyles, tokens,
} from '@fluentui/react-components';
import { computeKpis, dashboardModel, type DashboardModel } from '../../core/kpi';
import { readQcFindingsFrom, withQc } from '../../core/qc';
import { overrideDecision, withOverriddenIssues } from '../../core/verify/overrides';
import type { TransferLog } from '../../core/transfer/log';
import { usePane, useSettings, useValidation } from '../context';
import { messageOf } from '../store';
import { loadUserName, saveUserName } from '../userName';
import { applyScope, scopeOptions, type Scope } from '../dashboard/scope';
import { Tiles } from '../dashboard/Tiles';
import { Progress } from '../dashboard/Progress';
import { reconciliationsFor } from '../reconciliations';
import { download } from '../files';

// The chart library is large: it loads with the chart, never with the pane's first paint.
const ParetoChart = lazy(() => import('../dashboard/ParetoChart'));

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  filter: { flexGrow: 1, minWidth: '120px' },
});

const HEADLINE = ['accuracy-cells', 'accuracy-records', 'qc-error-rate', 'records', 'cells', 'errors', 'transferred'];

/** Asked once; kept on this computer (see userName.ts) and written as "who" on every audit entry. */
function YourName() {
  const styles = useStyles();
  const [saved, setSaved] = useState(loadUserName);
  const [draft, setDraft] = useState(saved);
  const [editing, setEditing] = useState(!saved);
  if (!editing) {
    return (
      <div className={styles.row}>
        <Body1>Changes are recorded in the audit trail as <strong>{saved}</strong>.</Body1>
        <Button size="small" onClick={() => setEditing(true)}>Change name</Button>
      </div>
    );
  }
  return (
    <form
      className={styles.row}
      onSubmit={(e) => {
        e.preventDefault();
        saveUserName(draft);
        setSaved(draft.trim());
        setEditing(!draft.trim());
      }}
    >
      <Field className={styles.filter} label="Your name" hint="Excel does not tell add-ins who you are: it is asked once and recorded with every change you make.">
        <Input value={draft} onChange={(_, d) => setDraft(d.value)} data-testid="user-name" />
      </Field>
      <Button type="submit" appearance="primary" disabled={!draft.trim()}>Save name</Button>
    </form>
  );
}

export default function DashboardPanel() {
  const styles = useStyles();
  const { port, auditor } = usePane();
  const { choice } = useSettings();
  const { result, workbook, resultOf, phase, overridden, store } = useValidation();
  const audit = useSyncExternalStore(auditor.subscribe, auditor.getSnapshot);
  const recons = reconciliationsFor(port);
  const { list: reconciled } = useSyncExternalStore(recons.subscribe, recons.getSnapshot);
  const [scope, setScope] = useState<Scope>({ study: null, country: null });
  const [logs, setLogs] = useState<TransferLog[]>([]);
  const [busy, setBusy] = useState<null | 'sheet' | 'audit'>(null);
  const [message, setMessage] = useState<{ intent: 'success' | 'error' | 'warning'; text: string } | null>(null);

  // Transfer logs: on opening, and again whenever a transfer is recorded in the audit trail.
  const transferVersion = audit.lastKinds.includes('transfer') ? audit.version : 0;
  useEffect(() => {
    let live = true;
    port.loadTransferLogs?.().then((l) => { if (live) setLogs(l); }, () => undefined);
    return () => { live = false; };
  }, [port, transferVersion]);

  const std = resultOf?.standard ?? choice.standard;
  const options = useMemo(() => (result && workbook ? scopeOptions(std, workbook, result) : { studies: [], countries: [] }), [std, workbook, result]);
  const computed = useMemo(() => {
    if (!result || !workbook) return null;
    // computeKpis counts overrides itself (qc.overridden): it gets the result as verified and the overrides as decisions.
    const all = overridden ?? [];
    const scoped = applyScope(std, workbook, withOverriddenIssues(result, all), scope);
    const kpis = computeKpis(std, scoped.workbook, scoped.result, { transferLogs: logs, reconciled, decisions: all.map((i) => overrideDecision(i, i.override)) });
    const within = [scope.study && `study ${scope.study}`, scope.country && `country ${scope.country}`].filter(Boolean).join(', ');
    return { kpis, model: dashboardModel(kpis, { generatedAt: new Date().toISOString(), ...(within ? { title: `Data collection dashboard — ${std.name} (${within})` } : {}) }) };
  }, [std, workbook, result, overridden, scope, logs, reconciled]);
  const model = computed?.model ?? null;

  const createSheet = async () => {
    if (!model) return;
    setBusy('sheet');
    setMessage(null);
    try {
      const out = await port.writeDashboard(await withManualQc(model));
      setMessage({ intent: 'success', text: [`Dashboard sheet created with ${out.charts} chart${out.charts === 1 ? '' : 's'}.`, ...out.notes].join(' ') });
    } catch (e) {
      setMessage({ intent: 'error', text: messageOf(e) });
    } finally {
      setBusy(null);
    }
  };

  /** The reviewers' QC figures go on the sheet too when the workbook has filled QC sheets that read cleanly. */
  const withManualQc = async (m: DashboardModel): Promise<DashboardModel> => {
    const sheets = port.readQcSheets ? await port.readQcSheets() : null;
    if (!sheets?.qc) return m;
    const r = readQcFindingsFrom(std, sheets.qc, sheets.issues, sheets.planJson);
    return r.kpis ? withQc(m, r.kpis, { summary: r.plan?.summary ?? '', seed: r.plan?.seed ?? 0 }) : m;
  };

  const exportAudit = async (format: 'csv' | 'json') => {
    setBusy('audit');
    setMessage(null);
    try {
      const { trail, check } = await port.readAudit();
      const text = format === 'csv' ? trail.toCsv() : trail.toJson();
      const ok = download(`audit-trail.${format}`, format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json', text);
      const state = check.ok ? 'its chain checks out' : `check failed: ${check.problems.map((p) => p.detail).join('; ')}`;
      setMessage({ intent: check.ok ? 'success' : 'warning', text: `${ok ? 'Exported' : 'Read'} ${trail.length} audit entr${trail.length === 1 ? 'y' : 'ies'} (${state}).` });
    } catch (e) {
      setMessage({ intent: 'error', text: `Could not read the audit trail: ${messageOf(e)}` });
    } finally {
      setBusy(null);
    }
  };

  const pareto = model?.charts.find((c) => c.id === 'pareto-families');
  return (
    <div className={styles.root}>
      <YourName />
      {audit.error || audit.warning ? (
        <MessageBar intent={audit.error ? 'error' : 'warning'} layout="multiline"><MessageBarBody>{audit.error ?? audit.warning}</MessageBarBody></MessageBar>
      ) : null}
      {!model ? (
        <div className={styles.section}>
          <Body1>The dashboard is computed from the last validation. Validate the workbook to see it.</Body1>
          <div className={styles.row}>
            <Button appearance="primary" disabled={phase !== 'idle'} onClick={() => void store.validate()}>Validate now</Button>
          </div>
        </div>
      ) : (
        <>
          <div className={styles.row} role="group" aria-label="Filters">
            <Field className={styles.filter} label="Study">
              <Select value={scope.study ?? ''} onChange={(_, d) => setScope((s) => ({ ...s, study: d.value || null }))} data-testid="filter-study">
                <option value="">All studies</option>
                {options.studies.map((s) => <option key={s} value={s}>{s}</option>)}
              </Select>
            </Field>
            <Field className={styles.filter} label="Country">
              <Select value={scope.country ?? ''} onChange={(_, d) => setScope((s) => ({ ...s, country: d.value || null }))} data-testid="filter-country">
                <option value="">All countries</option>
                {options.countries.map((c) => <option key={c} value={c}>{c}</option>)}
              </Select>
            </Field>
          </div>
          <section className={styles.section} aria-labelledby="dash-kpis">
            <Subtitle2 as="h2" id="dash-kpis">Key figures</Subtitle2>
            <Tiles tiles={model.tiles.filter((t) => HEADLINE.includes(t.id))} />
            {computed!.kpis.qc.overridden ? (
              <Caption1 data-testid="overridden-count">
                {computed!.kpis.qc.overridden} flag{computed!.kpis.qc.overridden === 1 ? '' : 's'} overridden with a reason (not counted as errors or warnings).
              </Caption1>
            ) : null}
          </section>
          <section className={styles.section} aria-labelledby="dash-pareto">
            <Subtitle2 as="h2" id="dash-pareto">Top causes of errors</Subtitle2>
            {pareto && pareto.categories.length ? (
              <Suspense fallback={<Spinner size="tiny" label="Loading chart…" />}>
                <ParetoChart chart={pareto} />
              </Suspense>
            ) : <Caption1>No errors: nothing to chart.</Caption1>}
          </section>
          <section className={styles.section} aria-labelledby="dash-progress">
            <Subtitle2 as="h2" id="dash-progress">Progress by study</Subtitle2>
            <Caption1>Share of each study&apos;s records that pass every check; open a study for its sites.</Caption1>
            <Progress root={computed!.kpis.progress} reconciliationRun={computed!.kpis.transfers.reconciliationRun} />
          </section>
        </>
      )}
      <section className={styles.section} aria-labelledby="dash-share">
        <Subtitle2 as="h2" id="dash-share">Share</Subtitle2>
        <div className={styles.row}>
          <Button appearance="primary" disabled={!model || busy !== null} onClick={() => void createSheet()}>Create Dashboard sheet</Button>
          <Button disabled={busy !== null} onClick={() => void exportAudit('csv')}>Export audit (CSV)</Button>
          <Button disabled={busy !== null} onClick={() => void exportAudit('json')}>Export audit (JSON)</Button>
          {busy ? <Spinner size="tiny" label={busy === 'sheet' ? 'Writing the sheet…' : 'Reading the audit trail…'} /> : null}
        </div>
        <Caption1>{audit.recorded ? `${audit.recorded} change${audit.recorded === 1 ? '' : 's'} recorded in the audit trail this session.` : 'Accepted changes, decisions and transfers are recorded in the hidden Audit sheet.'}</Caption1>
        {message ? (
          <MessageBar intent={message.intent} layout="multiline" role={message.intent === 'error' ? 'alert' : 'status'}>
            <MessageBarBody data-testid="dashboard-message">{message.text}</MessageBarBody>
          </MessageBar>
        ) : null}
      </section>
    </div>
  );
}
