import { Body1, Button, Caption1, MessageBar, MessageBarBody, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import type { VerifyResult } from '../../core/verify/engine';
import type { Standard } from '../../core/standard/schema';
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

const HAN = /\p{Script=Han}/u;

/**
 * Names in kanji left without a proposed reading: the pane does not load the
 * dictionary that reads them (about 18 MB), the command line does.
 */
export function unreadKanjiNames(std: Standard, result: VerifyResult): number {
  const fields = new Set(std.transformations.filter((t) => t.kind === 'romanize').flatMap((t) => t.appliesTo.fields ?? []));
  const entityOf = new Map(std.entities.map((e) => [e.sheet, e.key]));
  const proposed = new Set(result.proposals.map((p) => `${p.sheet}!${p.row}!${p.field}`));
  return result.issues.filter((i) => i.family === 'charset' && typeof i.value === 'string' && HAN.test(i.value)
    && fields.has(`${entityOf.get(i.sheet)}.${i.field}`) && !proposed.has(`${i.sheet}!${i.row}!${i.field}`)).length;
}

/**
 * The translation worklist in the Validate panel: shown when the last
 * validation found text in another script, where a translator's work starts.
 */
export function TranslationsSection({ std, result, busy }: { std: Standard; result: VerifyResult; busy: boolean }) {
  const styles = useStyles();
  const { phase, notice, error, store } = useTranslations();
  const cells = otherScriptCells(result);
  const kanji = unreadKanjiNames(std, result);
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
      {kanji ? (
        <Caption1 data-testid="translations-kanji">
          {kanji === 1 ? '1 name in kanji has' : `${kanji} names in kanji have`} no proposed reading here: reading them needs a large dictionary that the
          pane does not load. The command line&apos;s validate proposes readings for review; the spelling on the passport is best.
        </Caption1>
      ) : null}
      <div className={styles.actions}>
        <Button disabled={working} onClick={() => void store.writeSheet()} data-testid="translations-write">
          {phase === 'writing' ? 'Writing…' : 'Write Translations sheet'}
        </Button>
        <Button disabled={working} onClick={() => void store.useApproved()} data-testid="translations-read">
          {phase === 'reading' ? 'Reading…' : 'Use approved translations'}
        </Button>
      </div>
      {notice ? <MessageBar intent="info" layout="multiline"><MessageBarBody data-testid="translations-notice">{notice}</MessageBarBody></MessageBar> : null}
      {error ? <MessageBar intent="error" layout="multiline"><MessageBarBody data-testid="translations-error">{error}</MessageBarBody></MessageBar> : null}
    </section>
  );
}
