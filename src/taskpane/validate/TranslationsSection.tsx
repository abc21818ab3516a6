import { Body1, Button, MessageBar, MessageBarBody, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import type { VerifyResult } from '../../core/verify/engine';
import { useTranslations } from '../translations/store';
import { plural } from '../text';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

/** Cells whose text is in another script where the target needs Latin script. */
export function otherScriptCells(result: VerifyResult): number {
  return result.issues.filter((i) => i.family === 'charset').length;
}

/**
 * The translation worklist in the Validate panel: shown when the last
 * validation found text in another script, where a translator's work starts.
 */
export function TranslationsSection({ result, busy }: { result: VerifyResult; busy: boolean }) {
  const styles = useStyles();
  const { phase, notice, error, store } = useTranslations();
  const cells = otherScriptCells(result);
  if (!cells && !notice && !error) return null;
  const working = busy || phase !== 'idle';
  return (
    <section className={styles.section} aria-labelledby="validate-translations">
      <Subtitle2 as="h2" id="validate-translations">Translations</Subtitle2>
      {cells ? (
        <Body1>
          {plural(cells, 'cell')} {cells === 1 ? 'holds' : 'hold'} text in another script. People&apos;s names get a proposed romanization; names of
          organizations and places need a translator. The Translations sheet lists each text once, where it is used and how it reads; the English a
          translator approves there is proposed wherever the same text occurs.
        </Body1>
      ) : null}
      <div className={styles.actions}>
        <Button disabled={working} onClick={() => void store.writeSheet()} data-testid="translations-write">
          {phase === 'writing' ? 'Writing…' : 'Write Translations sheet'}
        </Button>
        <Button disabled={working} onClick={() => void store.useApproved()} data-testid="translations-read">
          {phase === 'reading' ? 'Reading…' : 'Use approved translations'}
        </Button>
      </div>
      {notice ? <MessageBar intent="info"><MessageBarBody data-testid="translations-notice">{notice}</MessageBarBody></MessageBar> : null}
      {error ? <MessageBar intent="error"><MessageBarBody data-testid="translations-error">{error}</MessageBarBody></MessageBar> : null}
    </section>
  );
}
