import { useState } from 'react';
import { Button, Text } from '@fluentui/react-components';
import type { HarnessApi } from './harnessApi';

/**
 * "Load sample workbook": whatever the workbook holds, the button never ends
 * in an uncaught error; if loading fails anyway, the harness says so in one
 * line beside it instead of a red overlay.
 */
export function LoadSampleButton({ api }: { api: Pick<HarnessApi, 'loadSample'> & Partial<Pick<HarnessApi, 'loadPartnerSample'>> }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const load = async (partner = false) => {
    setBusy(true);
    setFailure(null);
    try {
      await (partner && api.loadPartnerSample ? api.loadPartnerSample() : api.loadSample());
    } catch (e) {
      setFailure(`The sample could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" disabled={busy} onClick={() => void load()} data-testid="load-sample">Load sample workbook</Button>{' '}
      {api.loadPartnerSample ? (
        <Button size="small" disabled={busy} onClick={() => void load(true)} data-testid="load-partner-sample">Load partner sample</Button>
      ) : null}
      {failure ? <Text role="alert" data-testid="load-sample-failed"> {failure}</Text> : null}
    </>
  );
}
