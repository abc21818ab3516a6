import { useRef, type ChangeEvent } from 'react';
import { Field, makeStyles, tokens } from '@fluentui/react-components';
import { readText } from '../files';

/**
 * A labelled file picker for one JSON file (a custom standard, a target profile…).
 * A native file input: keyboard and screen-reader behaviour come with it.
 */

const useStyles = makeStyles({
  file: {
    fontFamily: tokens.fontFamilyBase,
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
});

export interface JsonFileInputProps {
  label: string;
  hint: string;
  testId: string;
  /** The chosen file's name and text; checking it is the caller's job. */
  onText: (fileName: string, text: string) => void;
}

export function JsonFileInput({ label, hint, testId, onText }: JsonFileInputProps) {
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    onText(file.name, await readText(file));
    // Allow choosing the same (corrected) file again.
    if (input.current) input.current.value = '';
  };

  return (
    <Field label={label} hint={hint}>
      {(fieldProps) => (
        <input
          {...fieldProps}
          ref={input}
          className={styles.file}
          type="file"
          accept=".json,application/json"
          data-testid={testId}
          onChange={(e) => void onFile(e)}
        />
      )}
    </Field>
  );
}
