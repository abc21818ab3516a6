import { entityBySheet } from '../core/standard/load';
import type { Standard } from '../core/standard/schema';
import { issueMessage, MARK_COLORS, proposalMessage, type MarkKind } from '../core/verify/messages';
import type { Issue, Proposal } from '../core/model/issue';
import { cellAddress, parseCell } from '../core/sheet/address';

/** From a verification result to the marks wanted on cells: one colour and one text per cell. */

export interface ResultLike { issues: Issue[]; proposals: Proposal[] }

export interface Mark { color: string; message: string }
/** sheet → A1 → mark. */
export type MarkMap = Map<string, Map<string, Mark>>;

export interface MarkOptions {
  /** Which kinds to show (default: error, warning, proposal). */
  kinds?: MarkKind[];
}

/** When a cell has several findings, the most serious colour wins; every message is kept. */
const PRIORITY: MarkKind[] = ['error', 'warning', 'proposal', 'info'];
const MAX_NOTE_CHARS = 1500;

export function marksFromResult(std: Standard, result: ResultLike, opts: MarkOptions = {}): MarkMap {
  const kinds = new Set<MarkKind>(opts.kinds ?? ['error', 'warning', 'proposal']);
  const acc = new Map<string, Map<string, { kind: MarkKind; messages: string[] }>>();
  const headerOf = (sheet: string, field: string) => entityBySheet(std, sheet)?.fields.find((f) => f.key === field)?.header ?? field;
  const add = (sheet: string, address: string, kind: MarkKind, message: string) => {
    if (!kinds.has(kind)) return;
    const bang = address.lastIndexOf('!');
    const target = bang >= 0 ? address.slice(0, bang).replace(/^'|'$/g, '').replace(/''/g, "'") : sheet;
    const cell = parseCell(address);
    if (!cell) return;
    let cells = acc.get(target);
    if (!cells) acc.set(target, (cells = new Map()));
    const key = cellAddress(cell);
    const cur = cells.get(key);
    if (!cur) cells.set(key, { kind, messages: [message] });
    else {
      if (PRIORITY.indexOf(kind) < PRIORITY.indexOf(cur.kind)) cur.kind = kind;
      if (!cur.messages.includes(message)) cur.messages.push(message);
    }
  };
  for (const i of result.issues) {
    // Structure findings (missing sheet or column) have no cell to mark.
    if (i.family === 'structure' || i.col < 0) continue;
    const msg = issueMessage(i, headerOf(i.sheet, i.field));
    for (const c of i.cells) add(i.sheet, c, i.severity, msg);
  }
  for (const p of result.proposals) add(p.sheet, cellAddress({ row: p.row, col: p.col }), 'proposal', proposalMessage(p));
  const out: MarkMap = new Map();
  for (const [sheet, cells] of acc) {
    const m = new Map<string, Mark>();
    for (const [addr, v] of cells) {
      const text = v.messages.join('\n');
      m.set(addr, { color: MARK_COLORS[v.kind], message: text.length > MAX_NOTE_CHARS ? `${text.slice(0, MAX_NOTE_CHARS - 1)}…` : text });
    }
    out.set(sheet, m);
  }
  return out;
}
