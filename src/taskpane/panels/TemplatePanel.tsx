import { Body1, Button, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { useSettings, useValidation } from '../context';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

/** Creates the standard's collection sheets (headers, formats, lists, prompts) in the open workbook. */
export default function TemplatePanel() {
  const styles = useStyles();
  const { choice } = useSettings();
  const { phase, store } = useValidation();
  const std = choice.standard;
  return (
    <div className={styles.root}>
      <Body1>
        Adds one sheet per kind of record, with the headers, number formats, drop-down lists and input prompts of{' '}
        <strong>{std.name} {std.version}</strong>. It never overwrites data: if a sheet of the same name already holds
        values, nothing is changed and you are told which sheet to rename.
      </Body1>
      <div className={styles.actions}>
        <Button appearance="primary" disabled={phase !== 'idle'} onClick={() => void store.generateTemplate()}>
          Create template
        </Button>
      </div>
      <Subtitle2 as="h2">Sheets of the standard</Subtitle2>
      <Table size="small" aria-label="Sheets of the standard">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Sheet</TableHeaderCell>
            <TableHeaderCell>Columns</TableHeaderCell>
            <TableHeaderCell>Required</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {std.entities.map((e) => (
            <TableRow key={e.key}>
              <TableCell>{e.sheet}</TableCell>
              <TableCell>{e.fields.length}</TableCell>
              <TableCell>{e.fields.filter((f) => f.required).length}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
