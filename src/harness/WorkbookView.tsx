import { useEffect, useRef, useSyncExternalStore } from 'react';
import { Caption1, Tab, TabList, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { cellKey, chartsOf, parseArea, type FakeSheet, type FakeWorkbook } from '../../testing/fake-excel';
import { formatText } from '../../testing/fake-excel/model';
import { a1, columnLetter } from '../core/sheet/address';
import type { HarnessWorkbook } from './workbookStore';

/**
 * Draws the fake workbook the way Excel would show it: sheet tabs, values as
 * formatted text, fills, header fonts, a red corner on cells with a note, and
 * the selection outlined. It reads the fake's state directly; that is what
 * Excel's grid shows, whatever the add-in believes it wrote.
 */

const MAX_ROWS = 120;
const MAX_COLS = 30;

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0, height: '100%' },
  bar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', fontFamily: tokens.fontFamilyMonospace },
  nameBox: { border: `1px solid ${tokens.colorNeutralStroke1}`, padding: '2px 6px', minWidth: '8em', backgroundColor: tokens.colorNeutralBackground1 },
  scroller: { overflow: 'auto', flexGrow: 1, border: `1px solid ${tokens.colorNeutralStroke1}`, backgroundColor: '#FFFFFF' },
  table: { borderCollapse: 'collapse', fontSize: '12px', fontFamily: 'Calibri, Carlito, "Segoe UI", sans-serif', tableLayout: 'fixed' },
  corner: { position: 'sticky', top: 0, left: 0, zIndex: 3, backgroundColor: '#F3F3F3', minWidth: '36px', border: '1px solid #D4D4D4' },
  colHead: { position: 'sticky', top: 0, zIndex: 2, backgroundColor: '#F3F3F3', color: '#333333', fontWeight: 'normal', border: '1px solid #D4D4D4', padding: '1px 4px', minWidth: '80px' },
  rowHead: { position: 'sticky', left: 0, zIndex: 1, backgroundColor: '#F3F3F3', color: '#333333', fontWeight: 'normal', border: '1px solid #D4D4D4', padding: '1px 4px', textAlign: 'right' },
  cell: {
    border: '1px solid #E1E1E1', padding: '1px 4px', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis',
    maxWidth: '180px', height: '18px', position: 'relative', color: '#000000', cursor: 'cell',
  },
  noted: {
    '::after': {
      content: '""', position: 'absolute', top: 0, right: 0, width: 0, height: 0,
      borderTop: '7px solid #C00000', borderLeft: '7px solid transparent',
    },
  },
  selected: { outline: '2px solid #107C41', outlineOffset: '-2px' },
  note: { border: `1px solid ${tokens.colorNeutralStroke1}`, backgroundColor: '#FFFFE1', padding: tokens.spacingHorizontalS, minHeight: '2.5em', whiteSpace: 'pre-wrap' },
});

function selectedRect(sheet: FakeSheet) {
  if (!sheet.selection) return null;
  try {
    return parseArea(sheet.selection);
  } catch {
    return null;
  }
}

function noteOf(wb: FakeWorkbook, sheet: FakeSheet, r: number, c: number): string | null {
  return wb.noteAt(sheet.id, r, c)?.content ?? wb.commentAt(sheet.id, r, c)?.content ?? null;
}

function Grid({ wb, sheet, onPick }: { wb: FakeWorkbook; sheet: FakeSheet; onPick: (r: number, c: number) => void }) {
  const styles = useStyles();
  const used = sheet.usedRect(true);
  const sel = selectedRect(sheet);
  const rows = Math.min(MAX_ROWS, Math.max(20, (used?.r1 ?? 0) + 3, (sel?.r1 ?? 0) + 3));
  const cols = Math.min(MAX_COLS, Math.max(8, (used?.c1 ?? 0) + 2));
  const selRef = useRef<HTMLTableCellElement>(null);
  useEffect(() => {
    selRef.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [sheet.selection, sheet.id]);

  return (
    <div className={styles.scroller} tabIndex={0} aria-label={`Cells of sheet ${sheet.name}`} role="region">
      <table className={styles.table} data-sheet={sheet.name}>
        <caption className="visually-hidden">Sheet {sheet.name}: first {rows} rows and {cols} columns</caption>
        <thead>
          <tr>
            <td className={styles.corner} aria-hidden="true" />
            {Array.from({ length: cols }, (_, c) => <th key={c} scope="col" className={styles.colHead}>{columnLetter(c)}</th>)}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, r) => (
            <tr key={r}>
              <th scope="row" className={styles.rowHead}>{r + 1}</th>
              {Array.from({ length: cols }, (_, c) => {
                const k = cellKey(r, c);
                const fill = sheet.fills.get(k);
                const bg = fill && fill.pattern !== 'None' ? fill.color : undefined;
                const note = noteOf(wb, sheet, r, c);
                const isSel = !!sel && r >= sel.r0 && r <= sel.r1 && c >= sel.c0 && c <= sel.c1;
                const isAnchor = !!sel && r === sel.r0 && c === sel.c0;
                const cls = mergeClasses(styles.cell, note !== null && styles.noted, isSel && styles.selected);
                return (
                  <td
                    key={c}
                    ref={isAnchor ? selRef : undefined}
                    className={cls}
                    data-addr={a1(c, r + 1)}
                    data-fill={bg ?? ''}
                    data-selected={isSel ? 'true' : undefined}
                    title={note ?? undefined}
                    style={{
                      backgroundColor: bg, color: sheet.fontColor.get(k), fontWeight: sheet.bold.get(k) ? 700 : undefined,
                      // Excel aligns numbers (and dates) right, text left.
                      textAlign: typeof sheet.get(r, c) === 'number' ? 'right' : undefined,
                    }}
                    onClick={() => onPick(r, c)}
                  >
                    {formatText(sheet.get(r, c), sheet.numberFormat(r, c))}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {used && used.r1 + 1 > rows ? <Caption1>… {used.r1 + 1 - rows} more rows not drawn</Caption1> : null}
    </div>
  );
}

export function WorkbookView({ hw }: { hw: HarnessWorkbook }) {
  const styles = useStyles();
  useSyncExternalStore(hw.subscribe, hw.getVersion);
  const wb = hw.workbook;
  const visible = wb.sheets.filter((s) => s.visibility === 'Visible');
  const active = wb.sheetById(wb.activeSheetId ?? '') ?? visible[0];
  if (!active) return <Caption1>The workbook has no visible sheet.</Caption1>;
  const sel = selectedRect(active);
  const anchor = sel ? a1(sel.c0, sel.r0 + 1) : null;
  const note = sel ? noteOf(wb, active, sel.r0, sel.c0) : null;

  const pick = (r: number, c: number) => {
    // Clicking a cell is a user action in Excel: it moves the selection, nothing else.
    active.selection = a1(c, r + 1);
    hw.changed();
  };

  return (
    <div className={styles.root}>
      <div className={styles.bar}>
        <span className={styles.nameBox} data-testid="name-box" aria-label="Selected cell">{anchor ? `${active.name}!${anchor}` : active.name}</span>
        <Caption1>{wb.notes.length} notes · {wb.comments.length} comments · {hw.fake.stats.syncCount} syncs</Caption1>
      </div>
      <Grid wb={wb} sheet={active} onPick={pick} />
      {chartsOf(active).length ? (
        // The fake does not draw charts; naming them shows what Excel would place on the sheet.
        <Caption1 data-testid="sheet-charts">Charts on this sheet: {chartsOf(active).map((c) => `${c.title ?? c.name} (${c.chartType}, ${c.series.length} series, ${c.position?.start ?? '?'}:${c.position?.end ?? '?'})`).join(' · ')}</Caption1>
      ) : null}
      <div className={styles.note} data-testid="selected-note" aria-live="polite">
        {note ? <><strong>Note on {anchor}:</strong> {note}</> : <Caption1>Select a cell with a red corner to read its note.</Caption1>}
      </div>
      <TabList
        size="small"
        selectedValue={active.id}
        onTabSelect={(_, d) => { wb.activeSheetId = String(d.value); hw.changed(); }}
        aria-label="Sheets"
      >
        {visible.map((s) => <Tab key={s.id} value={s.id} data-testid="sheet-tab">{s.name}</Tab>)}
      </TabList>
    </div>
  );
}
