import { useState, type FormEvent } from 'react';
import { Body1, Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useSubmit } from './useSubmit';
import { RELAYED_NOTE } from './relay-words';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});

/**
 * Target URL and sign-in. The password stays in this component's state until
 * the sign-in call takes it, then the field is emptied; the session lives in
 * the client in memory only.
 */
export function SignIn() {
  const styles = useStyles();
  const { targetUrl, user, phase, store } = useSubmit();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const busy = phase !== 'idle';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await store.signIn(username.trim(), password);
    if (ok) setPassword('');
  };

  if (user) {
    return (
      <div className={styles.row}>
        <Body1 data-testid="signed-in">
          Signed in as <strong>{user.name}</strong> at {user.url} (vault {String(user.vaultId)}){user.relayed ? <span data-testid="relayed">, {RELAYED_NOTE}</span> : null}.
        </Body1>
        <Button size="small" disabled={busy} onClick={() => store.signOut()} data-testid="sign-out">Sign out</Button>
      </div>
    );
  }
  return (
    <form className={styles.form} onSubmit={(e) => void submit(e)} aria-label="Sign in to the target CTMS">
      <Field label="Target CTMS URL" hint="https, or http on this computer (the reference CTMS of npm start: http://127.0.0.1:8787).">
        <Input value={targetUrl} onChange={(_, d) => store.setTargetUrl(d.value)} type="url" data-testid="target-url" />
      </Field>
      <Field label="User name" required>
        <Input value={username} onChange={(_, d) => setUsername(d.value)} autoComplete="username" data-testid="username" />
      </Field>
      <Field label="Password" required hint="Used for this session only: never stored in the workbook or settings.">
        <Input value={password} onChange={(_, d) => setPassword(d.value)} type="password" autoComplete="current-password" data-testid="password" />
      </Field>
      <div className={styles.row}>
        <Button appearance="primary" type="submit" disabled={busy || !username.trim() || !password || !targetUrl.trim()} data-testid="sign-in">
          {phase === 'signing-in' ? 'Signing in…' : 'Sign in'}
        </Button>
      </div>
    </form>
  );
}
