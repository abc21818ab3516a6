import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import {
  Body1, Button, Caption1, Dropdown, Field, Input, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Option, Spinner, Subtitle2, Text,
  makeStyles, tokens,
} from '@fluentui/react-components';
import { VALUE_MAPPING_STEP } from '../../core/transform/cell';
import type { ValueWorkItem } from '../../core/mapping/values';
import { useMapping, usePane } from '../context';
import { SESSION_MAPPING } from '../mapping/store';
import { ColumnCard } from '../mapping/ColumnCard';
import { columnViews, openQuestions } from '../mapping/model';
import { download, readText } from '../files';
import { plural } from '../text';

/**
 * The Map step: how a partner's own sheets and columns map to the standard,
 * before Validate. Sure matches are used as they are; an unsure column waits
 * for the steward's choice; list columns' own spellings get a value each;
 * the mapping is saved in the workbook and in this browser for the next hand-over.
 * Columns are stacked cards, so the step works at the pane's narrowest width.
 */

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0, overflowWrap: 'anywhere' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  cards: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'end' },
  card: {
    display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, padding: tokens.spacingVerticalS,
    border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, minWidth: 0,
  },
  dropdown: { minWidth: 0, width: '100%' },
  file: {
    fontFamily: tokens.fontFamilyBase, maxWidth: '100%',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
});

const KEEP = '';

export default function MapPanel() {
  const styles = useStyles();
  const m = useMapping();
  const { store, phase, mapping, raw, std, exact } = m;
  const [name, setName] = useState('');
  const started = useRef(false);
  useEffect(() => {
    if (!started.current && !mapping && store.available) {
      started.current = true;
      void store.analyze();
    }
  }, [mapping, store]);

  if (!store.available) return <Body1>Mapping needs a workbook open in Excel.</Body1>;
  const busy = phase !== 'idle';
  const waiting = mapping ? openQuestions(mapping) : 0;
  return (
    <div className={styles.root} data-testid="map-panel">
      <Body1>Sure matches are used; an unsure one waits for your choice. Nothing in your sheets changes here unless you change list values below.</Body1>
      <div className={styles.row}>
        <Button disabled={busy} onClick={() => void store.analyze()} data-testid="map-read">Read the workbook again</Button>
      </div>
      {phase === 'reading' ? <Spinner size="tiny" label="Reading the workbook…" /> : null}
      <Messages />
      {mapping && raw && std ? (
        <>
          {exact ? (
            <MessageBar intent="success" layout="multiline" data-testid="map-exact">
              <MessageBarBody>Every sheet and column has the standard&apos;s own name: nothing to map. Go on to Validate.</MessageBarBody>
            </MessageBar>
          ) : (
            <Text data-testid="map-summary" role="status">
              {plural(mapping.sheets.length, 'sheet')} mapped{waiting ? `; ${plural(waiting, 'column')} wait${waiting === 1 ? 's' : ''} for your choice` : '; nothing waits for your choice'}.
            </Text>
          )}
          {mapping.sheets.map((s) => {
            const entity = std.entities.find((e) => e.key === s.entity)!;
            return (
              <section key={s.source} className={styles.section} aria-label={`Sheet ${s.source}`} data-testid="map-sheet">
                <Subtitle2 as="h2">“{s.source}” holds {entity.sheet}</Subtitle2>
                <Caption1>Headers on row {s.headerRow}{s.headerRow > 1 ? '; the rows above are not read' : ''}.</Caption1>
                <div className={styles.cards}>
                  {columnViews(raw, s).map((v) => (
                    <ColumnCard key={v.col} view={v} entity={entity} chosen={m.chosen.includes(`${s.source}!${v.col}`)} session={m.profileUsed === SESSION_MAPPING}
                      onChoose={(field) => store.choose(s.source, v.col, field)} />
                  ))}
                </div>
              </section>
            );
          })}
          {mapping.ignoredSheets.length ? (
            <Caption1 data-testid="map-ignored">
              Not imported: {mapping.ignoredSheets.map((g) => `“${g.source}”`).join(', ')} (no sheet of the standard matches the name or the columns).
            </Caption1>
          ) : null}
          <ValueSection />
          <ProfileSection name={name} setName={setName} />
        </>
      ) : null}
    </div>
  );
}

function Messages() {
  const { profileUsed, profileProblem, refused, notice, error, store } = useMapping();
  return (
    <>
      {profileUsed && profileUsed !== SESSION_MAPPING ? (
        <MessageBar intent="info" layout="multiline" data-testid="map-profile-used"><MessageBarBody>Mapped with {profileUsed}.</MessageBarBody></MessageBar>
      ) : null}
      {profileProblem ? (
        <MessageBar intent="warning" layout="multiline" data-testid="map-profile-problem"><MessageBarBody>{profileProblem}</MessageBarBody></MessageBar>
      ) : null}
      {refused ? (
        <MessageBar intent="error" layout="multiline" role="alert" data-testid="map-refused">
          <MessageBarBody>
            <MessageBarTitle>{refused.file} was not used</MessageBarTitle>
            {refused.problem}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {error ? (
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>{error}</MessageBarBody>
          <MessageBarActions><Button size="small" onClick={() => store.dismiss()}>Dismiss</Button></MessageBarActions>
        </MessageBar>
      ) : null}
      {notice ? <MessageBar intent="success" layout="multiline" data-testid="map-notice"><MessageBarBody>{notice}</MessageBarBody></MessageBar> : null}
    </>
  );
}

function ValueSection() {
  const styles = useStyles();
  const { values, std, store } = useMapping();
  const { validation } = usePane();
  if (!std || !values.length) return null;
  const decided = values.filter((v) => v.decided !== undefined);
  const apply = async () => {
    const result = await validation.validate();
    const proposals = result?.proposals.filter((p) => p.steps.includes(VALUE_MAPPING_STEP)) ?? [];
    if (!proposals.length) { store.tell(null, validation.getSnapshot().error ?? 'No cell needed a change.'); return; }
    await validation.accept(proposals);
    const s = validation.getSnapshot();
    // Read again first: the changed spellings leave the list, and the outcome is said above it.
    await store.analyze();
    if (s.error) store.tell(null, s.error);
    else store.tell(`${plural(proposals.length, 'cell')} changed to the values you chose; each change is in the audit trail and can be undone in Validate.`);
  };
  return (
    <section className={styles.section} aria-label="Values in list columns" data-testid="map-values">
      <Subtitle2 as="h2">Values in list columns</Subtitle2>
      <Caption1>The partner&apos;s own spellings that are not among the allowed values: choose one value for each, and every cell holding it follows.</Caption1>
      <div className={styles.cards}>
        {values.map((v) => <ValueCard key={`${v.sheet}!${v.column}!${v.value}`} item={v} onChoose={(to) => store.chooseValue(v, to)} />)}
      </div>
      <div className={styles.row}>
        <Button appearance="primary" disabled={!decided.length} onClick={() => void apply()} data-testid="map-apply-values">
          Change the cells ({plural(decided.reduce((n, v) => n + v.count, 0), 'cell')})
        </Button>
      </div>
    </section>
  );

  function ValueCard({ item, onChoose }: { item: ValueWorkItem; onChoose: (to: string | null) => void }) {
    const entity = std!.entities.find((e) => e.key === item.entity);
    const field = entity?.fields.find((f) => f.key === item.field);
    const allowed = field?.picklist ?? [];
    return (
      <div className={styles.card} role="group" aria-label={`Value ${item.value}`} data-testid="map-value">
        <Text weight="semibold">“{item.value}”</Text>
        <Caption1>{field?.header ?? ''} in “{item.sheet}”, column {item.column}: {plural(item.count, 'cell')}{item.suggestion ? `; closest allowed value: ${item.suggestion}` : ''}</Caption1>
        <Dropdown
          className={styles.dropdown}
          aria-label={`Value for “${item.value}” in ${field?.header ?? 'this column'}`}
          value={item.decided ?? 'Leave as it is'}
          selectedOptions={[item.decided ?? KEEP]}
          onOptionSelect={(_, d) => onChoose(d.optionValue ? d.optionValue : null)}
          data-testid="map-value-choice"
        >
          <Option value={KEEP}>Leave as it is</Option>
          {allowed.map((a) => <Option key={a} value={a}>{a}</Option>)}
        </Dropdown>
      </div>
    );
  }
}

function ProfileSection({ name, setName }: { name: string; setName: (n: string) => void }) {
  const styles = useStyles();
  const { store, phase } = useMapping();
  const input = useRef<HTMLInputElement>(null);
  const [exported, setExported] = useState<string | null>(null);
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    await store.importProfile(file.name, await readText(file));
    // The same (corrected) file can be chosen again.
    if (input.current) input.current.value = '';
  };
  const onExport = () => {
    const json = store.profileJson();
    if (!json) return;
    const file = `mapping-${(name.trim() || 'partner').replace(/[^\w.-]+/g, '-')}.json`;
    setExported(download(file, 'application/json', json) ? `Downloaded ${file}.` : 'This browser cannot download files.');
  };
  return (
    <section className={styles.section} aria-label="Save the mapping" data-testid="map-profile">
      <Subtitle2 as="h2">Save the mapping</Subtitle2>
      <Caption1>Kept in this workbook and in this browser, so the next file from the same partner maps with no questions.</Caption1>
      <Field label="Partner">
        <Input value={name} onChange={(_, d) => setName(d.value)} data-testid="map-partner" />
      </Field>
      <div className={styles.row}>
        <Button appearance="primary" disabled={phase !== 'idle'} onClick={() => void store.save(name)} data-testid="map-save">Save mapping</Button>
        <Button onClick={onExport} data-testid="map-export">Export as a file</Button>
      </div>
      {exported ? <Caption1 role="status">{exported}</Caption1> : null}
      <Field label="Use a mapping file (JSON)" hint="It is checked before use; nothing changes if it has problems.">
        {(fieldProps) => (
          <input {...fieldProps} ref={input} className={styles.file} type="file" accept=".json,application/json" data-testid="map-file"
            onChange={(e) => void onFile(e)} />
        )}
      </Field>
    </section>
  );
}
