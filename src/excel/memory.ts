import { expandRange, mergeCells, parseCell, cellAddress } from '../core/sheet/address';

/**
 * What the add-in wrote, remembered in the workbook (workbook.settings, which
 * travel with the file), so clearing restores exactly the cells it marked and
 * deletes only its own notes, even in a later session.
 */

export const MARKS_SETTING = 'ctmsCollect.marks';
export const STANDARD_SETTING = 'ctmsCollect.standard';
/** Every note or comment the add-in writes starts with this, so one the user replaced is never deleted. */
export const NOTE_PREFIX = 'CTMS Collect: ';

/** A fill as stored: null = no fill; "#RRGGBB" solid; "#RRGGBB|Pattern" otherwise. */
export type FillKey = string | null;

export interface CellMark {
  /** The colour the add-in painted. */
  ours: string;
  /** The fill the cell had before. */
  prev: FillKey;
  /** 'n' = a note at the cell; 'c:<id>' = a comment; absent = none. */
  note?: string;
  /** Short hash of the message, to skip rewriting an unchanged note. */
  h?: string;
  /** Length of the note's text, to size the request that reads it back before deleting. */
  len?: number;
}

/** sheet → A1 → mark. */
export type Memory = Map<string, Map<string, CellMark>>;

interface Stored {
  v: 1;
  sheets: Record<string, { g: [string, FillKey, string][]; n: Record<string, [string, string, number?]> }>;
}

export function encodeMemory(mem: Memory): string {
  const out: Stored = { v: 1, sheets: {} };
  for (const [sheet, cells] of mem) {
    if (!cells.size) continue;
    const groups = new Map<string, { ours: string; prev: FillKey; cells: { row: number; col: number }[] }>();
    const n: Record<string, [string, string, number?]> = {};
    for (const [addr, m] of cells) {
      const k = `${m.ours}\u0001${m.prev ?? ''}`;
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { ours: m.ours, prev: m.prev, cells: [] }));
      const c = parseCell(addr);
      if (c) g.cells.push(c);
      if (m.note) n[addr] = m.len === undefined ? [m.note, m.h ?? ''] : [m.note, m.h ?? '', m.len];
    }
    out.sheets[sheet] = { g: [...groups.values()].map((g) => [g.ours, g.prev, mergeCells(g.cells).join(',')]), n };
  }
  return JSON.stringify(out);
}

export function decodeMemory(text: unknown): Memory {
  const mem: Memory = new Map();
  if (typeof text !== 'string' || !text) return mem;
  let data: Stored;
  try {
    data = JSON.parse(text) as Stored;
  } catch {
    return mem;
  }
  if (data?.v !== 1) return mem;
  for (const [sheet, s] of Object.entries(data.sheets ?? {})) {
    const cells = new Map<string, CellMark>();
    for (const [ours, prev, addrs] of s.g ?? []) {
      for (const area of addrs ? addrs.split(',') : []) for (const c of expandRange(area)) cells.set(cellAddress(c), { ours, prev });
    }
    for (const [addr, [note, h, len]] of Object.entries(s.n ?? {})) {
      const m = cells.get(addr);
      if (m) { m.note = note; m.h = h; m.len = len; }
    }
    mem.set(sheet, cells);
  }
  return mem;
}

/** FNV-1a, base 36: enough to tell whether a note's text changed. */
export function hashText(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
