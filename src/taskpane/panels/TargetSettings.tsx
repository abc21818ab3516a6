import { useEffect, useState, type FormEvent } from 'react';
import {
  Body1, Button, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Subtitle2, Switch, makeStyles, tokens,
} from '@fluentui/react-components';
import { useSettings } from '../context';
import { JsonFileInput } from './JsonFileInput';

/**
 * Settings of the connection to the target CTMS: which target profile (how this Vault names
 * objects, fields and picklist values), the client id the Vault logs our calls under, and
 * migration mode. Nothing secret: sign-in happens in Submit and is never stored.
 */

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap' },
  problems: { margin: 0, paddingLeft: tokens.spacingHorizontalL, maxHeight: '240px', overflowY: 'auto' },
  code: { fontFamily: tokens.fontFamilyMonospace },
});

function ProfileSetting() {
  const styles = useStyles();
  const { target, profileProblems, profileProblemsFile, store } = useSettings();

  return (
    <>
      <Body1 data-testid="profile-in-use">
        {target.profile
          ? <>How the target stores the data: <strong>{target.profile.name} {target.profile.version}</strong>{target.customFile ? `, loaded from ${target.customFile}` : ', shipped with CTMS Collect'}.</>
          : <>The standard in use is not the one the shipped target profile describes: records are sent with the standard&apos;s own names.</>}
      </Body1>
      <JsonFileInput
        label="Load a target profile (JSON file)"
        hint="Your Vault's own names for its objects, fields and list values. It is checked before use; nothing changes if it has problems."
        testId="profile-file"
        onText={(name, text) => store.loadProfile(name, text)}
      />
      {target.customFile ? (
        <div className={styles.row}>
          <Button onClick={() => store.useDefaultProfile()}>Use the shipped profile</Button>
        </div>
      ) : null}
      {profileProblems ? (
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>
            <MessageBarTitle>{profileProblemsFile ?? 'The stored target profile'} was not loaded</MessageBarTitle>
            {profileProblems.length} {profileProblems.length === 1 ? 'problem' : 'problems'}:
            <ul className={styles.problems} data-testid="profile-problems">
              {profileProblems.map((p, i) => <li key={i} className={styles.code}>{p}</li>)}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
    </>
  );
}

function ClientIdSetting() {
  const styles = useStyles();
  const { settings, store } = useSettings();
  const saved = settings.target?.clientId ?? '';
  const [text, setText] = useState(saved);
  const [invalid, setInvalid] = useState(false);
  useEffect(() => setText(saved), [saved]);

  const commit = (e?: FormEvent) => {
    e?.preventDefault();
    setInvalid(!store.setClientId(text));
  };

  return (
    <form className={styles.row} onSubmit={commit} aria-label="Client ID">
      <Field
        label="Client ID (identifies this tool in the Vault's logs)"
        hint="Vault administrators can find and filter this tool's calls by it. Leave blank for ctms-collect."
        validationMessage={invalid ? 'Use letters, digits, dots, dashes and underscores only (at most 100): not saved.' : undefined}
        validationState={invalid ? 'error' : 'none'}
      >
        <Input value={text} onChange={(_, d) => { setText(d.value); setInvalid(false); }} onBlur={() => commit()} data-testid="client-id" />
      </Field>
      <Button type="submit">Save</Button>
    </form>
  );
}

function MigrationModeSetting() {
  const { settings, store } = useSettings();
  return (
    <Field
      label="Migration mode"
      hint={
        'For loading historical data: records are created in the state they really have (a completed study, a closed site) '
        + 'instead of at the start of their lifecycle, and the Vault skips the checks and automatic actions that normally run '
        + 'as a record changes state. Your Vault account needs the migration permission, or the Vault refuses the records. '
        + 'Leave it off for everyday updates.'
      }
    >
      <Switch
        checked={!!settings.target?.migrationMode}
        onChange={(_, d) => store.setMigrationMode(d.checked)}
        label={settings.target?.migrationMode ? 'On' : 'Off'}
        data-testid="migration-mode"
      />
    </Field>
  );
}

export function TargetSettings() {
  const styles = useStyles();
  return (
    <section className={styles.section} aria-labelledby="settings-target">
      <Subtitle2 as="h2" id="settings-target">Target CTMS</Subtitle2>
      <Body1>The client ID and migration mode take effect at the next sign-in in Submit. No user name, password or session is kept here.</Body1>
      <ProfileSetting />
      <ClientIdSetting />
      <MigrationModeSetting />
    </section>
  );
}
