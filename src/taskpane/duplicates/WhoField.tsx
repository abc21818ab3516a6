import { useState, type FormEvent } from 'react';
import { Body1, Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  form: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '12em' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});

/** The name recorded with each decision: asked once, then shown with a way to change it. */
export function WhoField({ name, onChange }: { name: string; onChange: (name: string) => void }) {
  const styles = useStyles();
  const [editing, setEditing] = useState(!name);
  const [draft, setDraft] = useState(name);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.trim()) return;
    onChange(draft);
    setEditing(false);
  };
  if (!editing && name) {
    return (
      <div className={styles.row}>
        <Body1>Decisions are recorded as <strong data-testid="who">{name}</strong>.</Body1>
        <Button size="small" appearance="transparent" onClick={() => { setDraft(name); setEditing(true); }}>Change name</Button>
      </div>
    );
  }
  return (
    <form className={styles.form} onSubmit={submit} aria-label="Your name">
      <Field className={styles.grow} label="Your name" hint="Recorded with each decision in this workbook; asked once on this computer." required>
        <Input value={draft} onChange={(_, d) => setDraft(d.value)} autoComplete="name" data-testid="who-input" />
      </Field>
      <Button type="submit" disabled={!draft.trim()} data-testid="who-save">Save name</Button>
    </form>
  );
}
