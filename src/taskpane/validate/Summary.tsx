import { Badge, Caption1, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import type { VerifyResult } from '../../core/verify/engine';
import type { RuleFamily } from '../../core/model/issue';
import { plural } from '../store';
import { FAMILY_LABEL, countBy } from './model';

const useStyles = makeStyles({
  counts: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center', margin: 0, padding: 0, listStyle: 'none' },
  families: { maxWidth: '320px' },
});

/** Counts by severity and by rule family, so the size of the job is clear before the details. */
export function Summary({ result }: { result: VerifyResult }) {
  const styles = useStyles();
  const s = result.summary;
  const families = [...countBy(result.issues, (i) => i.family)].sort((a, b) => b[1] - a[1]);
  return (
    <>
      <ul className={styles.counts} aria-label="Counts" data-testid="counts">
        <li><Badge appearance="filled" color="danger" data-testid="count-errors">{plural(s.errors, 'error')}</Badge></li>
        <li><Badge appearance="filled" color="warning" data-testid="count-warnings">{plural(s.warnings, 'warning')}</Badge></li>
        <li><Badge appearance="tint" color="informative" data-testid="count-infos">{s.infos} info</Badge></li>
        <li><Badge appearance="filled" color="brand" data-testid="count-proposals">{plural(s.proposals, 'proposed change')}</Badge></li>
        <li><Caption1>{plural(s.rows, 'row')} · {plural(s.sheets, 'sheet')}</Caption1></li>
      </ul>
      {families.length ? (
        <Table size="extra-small" className={styles.families} aria-label="Issues by rule family">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Rule family</TableHeaderCell>
              <TableHeaderCell>Issues</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {families.map(([f, n]) => (
              <TableRow key={f} data-testid={`family-${f}`}>
                <TableCell>{FAMILY_LABEL[f as RuleFamily] ?? f}</TableCell>
                <TableCell>{n}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </>
  );
}
