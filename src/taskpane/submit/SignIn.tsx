import { useEffect, useState, type FormEvent } from 'react';
import { Body1, Button, Caption1, Field, Input, Radio, RadioGroup, makeStyles, tokens } from '@fluentui/react-components';
import { useSettings } from '../context';
import { useSubmit } from './useSubmit';
import { RELAYED_NOTE } from './relay-words';
import { useSubmitEnv, type ConnectionSettings } from './env';
import { relayRoute, type RelayInfo } from '../../connectors';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});

type Method = 'password' | 'session';

/**
 * Target URL and sign-in, with a user name and password or with an existing session (a Vault
 * behind single sign-on). The password or session id stays in this component's state until the
 * sign-in call takes it, then the field is emptied; the session lives in the client in memory only.
 * The client id and migration mode come from Settings and hold for this sign-in.
 */
export function SignIn() {
  const styles = useStyles();
  const { targetUrl, user, phase, store } = useSubmit();
  const { settings } = useSettings();
  const [method, setMethod] = useState<Method>('password');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [sessionId, setSessionId] = useState('');
  const busy = phase !== 'idle';
  const env = useSubmitEnv();
  const [relay, setRelay] = useState<RelayInfo | null>(null);
  useEffect(() => {
    // Said in the form, before anyone signs in: whether calls to this address go through the add-in's server.
    let live = true;
    env.relay?.().then((r) => { if (live) setRelay(r ?? null); }).catch(() => undefined);
    return () => { live = false; };
  }, [env]);
  const relayed = relayRoute(relay, targetUrl.trim()) !== null;
  const connection: ConnectionSettings = {
    ...(settings.target?.clientId ? { clientId: settings.target.clientId } : {}),
    ...(settings.target?.migrationMode ? { migrationMode: true } : {}),
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (method === 'session') {
      if (await store.signInWithSession(sessionId.trim(), connection)) setSessionId('');
      return;
    }
    if (await store.signIn(username.trim(), password, connection)) setPassword('');
  };

  if (user) {
    return (
      <div className={styles.row}>
        <Body1 data-testid="signed-in">
          {user.via === 'session' ? <>Signed in with your existing session</> : <>Signed in as <strong>{user.name}</strong></>} at {user.url} (vault {String(user.vaultId)}){user.relayed ? <span data-testid="relayed">, {RELAYED_NOTE}</span> : null}.
        </Body1>
        <Button size="small" disabled={busy} onClick={() => store.signOut()} data-testid="sign-out">Sign out</Button>
      </div>
    );
  }
  const ready = method === 'session' ? !!sessionId.trim() : !!username.trim() && !!password;
  return (
    <form className={styles.form} onSubmit={(e) => void submit(e)} aria-label="Sign in to the target CTMS">
      <Field
        label="Target CTMS URL"
        hint={relayed
          ? <span data-testid="relayed-hint">Calls to this address go {RELAYED_NOTE}.</span>
          : 'https, or http on this computer (the reference CTMS of npm start: http://127.0.0.1:8787).'}
      >
        <Input value={targetUrl} onChange={(_, d) => store.setTargetUrl(d.value)} type="url" data-testid="target-url" />
      </Field>
      <Field label="Sign in with">
        <RadioGroup value={method} onChange={(_, d) => setMethod(d.value as Method)} layout="horizontal" data-testid="sign-in-method">
          <Radio value="password" label="User name and password" />
          <Radio value="session" label="An existing session (single sign-on)" />
        </RadioGroup>
      </Field>
      {method === 'password' ? (
        <>
          <Field label="User name" required>
            <Input value={username} onChange={(_, d) => setUsername(d.value)} autoComplete="username" data-testid="username" />
          </Field>
          <Field label="Password" required hint="Used for this session only: never stored in the workbook or settings.">
            <Input value={password} onChange={(_, d) => setPassword(d.value)} type="password" autoComplete="current-password" data-testid="password" />
          </Field>
        </>
      ) : (
        <Field
          label="Session id"
          required
          hint="For a Vault you reach through your organization's single sign-on: paste the session id it gave you. Used for this session only: never stored in the workbook or settings."
        >
          <Input value={sessionId} onChange={(_, d) => setSessionId(d.value)} type="password" autoComplete="off" data-testid="session-id" />
        </Field>
      )}
      <Caption1 data-testid="connection-summary">
        Client ID {connection.clientId ?? 'ctms-collect'}; migration mode {connection.migrationMode ? 'on' : 'off'} (change both in Settings, before signing in).
      </Caption1>
      <div className={styles.row}>
        <Button appearance="primary" type="submit" disabled={busy || !ready || !targetUrl.trim()} data-testid="sign-in">
          {phase === 'signing-in' ? 'Signing in…' : 'Sign in'}
        </Button>
      </div>
    </form>
  );
}
