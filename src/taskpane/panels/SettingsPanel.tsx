import {
  Body1, Button, Field, MessageBar, MessageBarBody, MessageBarTitle, Radio, RadioGroup, Subtitle2, makeStyles, tokens,
} from '@fluentui/react-components';
import type { DateOrder } from '../../core/transform/dates';
import { useSettings } from '../context';
import { JsonFileInput } from './JsonFileInput';
import { TargetSettings } from './TargetSettings';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  problems: { margin: 0, paddingLeft: tokens.spacingHorizontalL, maxHeight: '240px', overflowY: 'auto' },
  code: { fontFamily: tokens.fontFamilyMonospace },
});

const ORDERS: { value: DateOrder | 'none'; label: string }[] = [
  { value: 'none', label: 'Not set: flag dates such as 03/04/2021 as ambiguous' },
  { value: 'MDY', label: 'Month first (MDY: 03/04/2021 is 4 March)' },
  { value: 'DMY', label: 'Day first (DMY: 03/04/2021 is 3 April)' },
  { value: 'YMD', label: 'Year first (YMD: 2021/03/04)' },
];

function DateOrderSetting() {
  const styles = useStyles();
  const { settings, store } = useSettings();
  return (
    <section className={styles.section} aria-labelledby="settings-dates">
      <Subtitle2 as="h2" id="settings-dates">Source date order</Subtitle2>
      <Field label="How the source system writes numeric dates" hint="Applies to this workbook. Validate again after changing it.">
        <RadioGroup
          value={settings.dateOrder ?? 'none'}
          onChange={(_, d) => store.setDateOrder(d.value === 'none' ? null : (d.value as DateOrder))}
        >
          {ORDERS.map((o) => <Radio key={o.value} value={o.value} label={o.label} />)}
        </RadioGroup>
      </Field>
    </section>
  );
}

function StandardSetting() {
  const styles = useStyles();
  const { choice, standardProblems, standardProblemsFile, store } = useSettings();

  return (
    <section className={styles.section} aria-labelledby="settings-standard">
      <Subtitle2 as="h2" id="settings-standard">Standard</Subtitle2>
      <Body1>
        In use: <strong>{choice.standard.name} {choice.standard.version}</strong> (<span className={styles.code}>{choice.standard.id}</span>)
        {choice.customFile ? `, loaded from ${choice.customFile}` : ', shipped with CTMS Collect'}.
      </Body1>
      <JsonFileInput
        label="Load a custom standard (JSON file)"
        hint="It is checked before use; nothing changes if it has problems."
        testId="standard-file"
        onText={(name, text) => store.loadStandard(name, text)}
      />
      {choice.customFile ? (
        <div className={styles.row}>
          <Button onClick={() => store.useDefaultStandard()}>Use the shipped standard</Button>
        </div>
      ) : null}
      {standardProblems ? (
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>
            <MessageBarTitle>{standardProblemsFile ?? 'The stored standard'} was not loaded</MessageBarTitle>
            {standardProblems.length} {standardProblems.length === 1 ? 'problem' : 'problems'}:
            <ul className={styles.problems}>
              {standardProblems.map((p, i) => <li key={i} className={styles.code}>{p}</li>)}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
    </section>
  );
}

export default function SettingsPanel() {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <DateOrderSetting />
      <StandardSetting />
      <TargetSettings />
    </div>
  );
}
