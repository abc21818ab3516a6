import { ACTION_COST, type Batch } from './budget';
import { chunkAddresses } from './cells';
import { expandRange, mergeCells, cellAddress, type Cell } from '../core/sheet/address';
import type { FillKey } from './memory';

/**
 * Reading and painting fills in few actions. Cells are merged into areas and
 * sent as RangeAreas (ExcelApi 1.9) address lists; a list whose cells share
 * one fill answers with that fill, and only mixed lists are read cell by cell
 * (getCellProperties). Hosts below 1.9 get one range per area.
 */

export function fillKey(color: string | null | undefined, pattern?: string | null): FillKey {
  if (pattern === 'None') return null;
  const c = (color ?? '#FFFFFF').toUpperCase();
  if (pattern === undefined) return c === '#FFFFFF' ? null : c; // no pattern info (< 1.9): white reads as no fill
  return pattern === 'Solid' || pattern === null ? c : `${c}|${pattern}`;
}

type Pending = () => void;

/**
 * Queue reads of the current fill of `cells` on one sheet. Returns a function
 * to call after the batch's sync: it resolves what it can and queues the
 * cell-level reads for mixed lists, returning the final resolver for after the
 * next sync (null when nothing was mixed).
 */
export async function queueFillRead(ctx: Excel.RequestContext, batch: Batch, sheet: string, cells: Cell[], ranges19: boolean,
  out: Map<string, FillKey>): Promise<() => Promise<Pending | null>> {
  const ws = ctx.workbook.worksheets.getItem(sheet);
  if (!ranges19) {
    const reads: { addr: string; fill: Excel.RangeFill }[] = [];
    for (const c of cells) {
      const addr = cellAddress(c);
      const fill = ws.getRange(addr).format.fill.load('color');
      await batch.reserve(ACTION_COST * 3 + 30);
      reads.push({ addr, fill });
    }
    return async () => { for (const r of reads) out.set(r.addr, fillKey(r.fill.color)); return null; };
  }
  const chunks: { address: string; fill: Excel.RangeFill }[] = [];
  for (const address of chunkAddresses(mergeCells(cells))) {
    const fill = ws.getRanges(address).format.fill.load('color, pattern');
    await batch.reserve(ACTION_COST * 3 + address.length + 60);
    chunks.push({ address, fill });
  }
  return async () => {
    const mixed: { area: string; props: OfficeExtension.ClientResult<Excel.CellProperties[][]> }[] = [];
    for (const ch of chunks) {
      if (ch.fill.color !== null && ch.fill.pattern !== null) {
        const k = fillKey(ch.fill.color, ch.fill.pattern);
        for (const area of ch.address.split(',')) for (const c of expandRange(area)) out.set(cellAddress(c), k);
        continue;
      }
      for (const area of ch.address.split(',')) {
        const props = ws.getRange(area).getCellProperties({ format: { fill: { color: true, pattern: true } } });
        await batch.reserve(ACTION_COST * 2 + area.length + 60 * expandRange(area).length);
        mixed.push({ area, props });
      }
    }
    if (!mixed.length) return null;
    return () => {
      for (const m of mixed) {
        const cellsOf = expandRange(m.area);
        const [first] = cellsOf;
        m.props.value.forEach((row, i) => row.forEach((p, j) => {
          out.set(cellAddress({ row: first!.row + i, col: first!.col + j }), fillKey(p.format?.fill?.color, p.format?.fill?.pattern ?? 'Solid'));
        }));
      }
    };
  };
}

/** Paint (or, with fill null, clear) cells of one sheet. */
export async function queuePaint(ctx: Excel.RequestContext, batch: Batch, sheet: string, cells: Cell[], fill: FillKey, ranges19: boolean): Promise<void> {
  if (!cells.length) return;
  const ws = ctx.workbook.worksheets.getItem(sheet);
  const [color, pattern] = fill ? fill.split('|') : [null, undefined];
  const apply = (f: Excel.RangeFill) => {
    if (!color) { f.clear(); return; }
    f.color = color;
    // Excel keeps a cell's pattern when only the colour changes; a mark must be solid, a restored fill gets its pattern back.
    if (ranges19) f.pattern = (pattern ?? 'Solid') as Excel.FillPattern;
  };
  const areas = mergeCells(cells);
  if (!ranges19) {
    for (const a of areas) {
      apply(ws.getRange(a).format.fill);
      await batch.reserve(ACTION_COST * 3 + a.length + 20);
    }
    return;
  }
  for (const address of chunkAddresses(areas)) {
    apply(ws.getRanges(address).format.fill);
    await batch.reserve(ACTION_COST * 4 + address.length + 20);
  }
}
