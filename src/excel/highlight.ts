import type { Standard } from '../core/standard/schema';
import { ACTION_COST, Batch } from './budget';
import { parseCell, qualify, type Cell } from '../core/sheet/address';
import { queueFillRead, queuePaint } from './fills';
import { api, withEventsOff, type ExcelHost } from './host';
import { marksFromResult, type Mark, type MarkMap, type MarkOptions, type ResultLike } from './marks';
import { decodeMemory, encodeMemory, hashText, MARKS_SETTING, NOTE_PREFIX, type CellMark, type FillKey, type Memory } from './memory';

/**
 * Highlighting flagged cells and clearing only what the add-in did.
 *
 * One reconcile step serves highlight, clear and live updates: it compares the
 * marks wanted with the marks remembered in the workbook, reads the current
 * fill of the cells that change (a fill the user set after the add-in painted
 * is left alone on clear; a fill found before painting is what clear restores),
 * then writes fills grouped by colour, notes, and the new memory.
 */

export type NoteMode = 'auto' | 'notes' | 'comments' | 'none';

export interface HighlightOptions extends MarkOptions {
  /** Explanations per cell: notes (ExcelApi 1.18), comments (1.10), or none. Default auto. */
  notes?: NoteMode;
}

export interface MarkStats {
  /** Cells painted or repainted. */
  painted: number;
  /** Cells given back their previous fill. */
  restored: number;
  /** Cells whose fill the user changed after marking: left as the user set it. */
  keptUserFill: number;
  notesAdded: number;
  notesUpdated: number;
  notesDeleted: number;
  /** Cells where the user already has a note or comment: no explanation added there. */
  notesSkipped: number;
}

type ResolvedMode = 'notes' | 'comments' | 'none';

function resolveMode(host: ExcelHost, mode: NoteMode = 'auto'): ResolvedMode {
  const notes = api(host, '1.18');
  const comments = api(host, '1.10');
  if (mode === 'auto') return notes ? 'notes' : comments ? 'comments' : 'none';
  if (mode === 'notes') return notes ? 'notes' : 'none';
  if (mode === 'comments') return comments ? 'comments' : 'none';
  return 'none';
}

/** "'Site Staff'!$B$5" and "Sheet1!B5" → one comparable key. */
function cellKeyOf(address: string): string {
  const bang = address.lastIndexOf('!');
  const sheet = address.slice(0, bang).replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
  return `${sheet}\u0001${address.slice(bang + 1).replace(/\$/g, '')}`;
}

const noteKindOf = (mode: ResolvedMode) => (mode === 'notes' ? 'n' : mode === 'comments' ? 'c' : '');
const noteText = (m: Mark) => `${NOTE_PREFIX}${m.message}`;

/** Paint the cells a verification result flags, replacing the add-in's earlier marks. */
export async function highlight(host: ExcelHost, std: Standard, result: ResultLike, opts: HighlightOptions = {}): Promise<MarkStats> {
  return reconcileMarks(host, marksFromResult(std, result, opts), 'all', opts);
}

/** Remove every mark the add-in made: previous fills come back, its own notes/comments go; the user's stay. */
export async function clearHighlights(host: ExcelHost): Promise<MarkStats> {
  return reconcileMarks(host, new Map(), 'all', {});
}

interface Work { sheet: string; addr: string; cell: Cell; cur?: CellMark; want?: Mark }

/**
 * Make the marks of the cells in `scope` (all remembered and wanted cells when
 * 'all') equal to `wanted`.
 */
export async function reconcileMarks(host: ExcelHost, wanted: MarkMap, scope: 'all' | Map<string, Set<string>>, opts: HighlightOptions): Promise<MarkStats> {
  const mode = resolveMode(host, opts.notes);
  const ranges19 = api(host, '1.9');
  const stats: MarkStats = { painted: 0, restored: 0, keptUserFill: 0, notesAdded: 0, notesUpdated: 0, notesDeleted: 0, notesSkipped: 0 };
  return host.run(async (ctx) => {
    const setting = ctx.workbook.settings.getItemOrNullObject(MARKS_SETTING).load('value');
    const sheetsColl = ctx.workbook.worksheets.load('items/name');
    // Looking a comment up by id (getItemOrNullObject) is ExcelApi 1.14; hosts from 1.10 find theirs in the loaded list.
    const commentById14 = api(host, '1.14');
    const listOwn = api(host, '1.10') && !commentById14;
    const commentList = (mode === 'comments' && wanted.size) || listOwn ? ctx.workbook.comments.load(listOwn ? 'items/id,items/content' : 'items/id') : null;
    await ctx.sync();
    const mem: Memory = decodeMemory(setting.isNullObject ? null : setting.value);
    const present = new Set(sheetsColl.items.map((w) => w.name));
    const listedComments = new Map(listOwn && commentList ? commentList.items.map((c) => [c.id, c] as const) : []);

    // Decide the work per cell.
    const work: Work[] = [];
    for (const sheet of new Set([...mem.keys(), ...wanted.keys()])) {
      if (!present.has(sheet)) { mem.delete(sheet); continue; } // sheet deleted: nothing left to restore
      const memSheet = mem.get(sheet) ?? new Map<string, CellMark>();
      const want = wanted.get(sheet) ?? new Map<string, Mark>();
      const cells = scope === 'all' ? new Set([...memSheet.keys(), ...want.keys()]) : scope.get(sheet) ?? new Set<string>();
      for (const addr of cells) {
        const cur = memSheet.get(addr);
        const w = want.get(addr);
        if (!cur && !w) continue;
        if (cur && w && cur.ours === w.color && (mode === 'none' ? !cur.note : (cur.note?.[0] === noteKindOf(mode) && cur.h === hashText(w.message)))) continue;
        const cell = parseCell(addr);
        if (cell) work.push({ sheet, addr, cell, cur, want: w });
      }
    }
    if (!work.length) return stats;

    // Reads: current fills; our notes (still ours?); the user's notes/comments where we would add one.
    const batch = new Batch(ctx);
    const fills = new Map<string, Map<string, FillKey>>();
    const finishers: (() => Promise<(() => void) | null>)[] = [];
    const bySheet = new Map<string, Work[]>();
    for (const w of work) {
      let l = bySheet.get(w.sheet);
      if (!l) bySheet.set(w.sheet, (l = []));
      l.push(w);
    }
    for (const [sheet, list] of bySheet) {
      const out = new Map<string, FillKey>();
      fills.set(sheet, out);
      // Group by the fill we expect, so most address lists come back uniform.
      const groups = new Map<string, Cell[]>();
      for (const w of list) {
        const k = w.cur?.ours ?? '';
        let g = groups.get(k);
        if (!g) groups.set(k, (g = []));
        g.push(w.cell);
      }
      for (const cells of groups.values()) finishers.push(await queueFillRead(ctx, batch, sheet, cells, ranges19, out));
    }
    const ownNotes = new Map<Work, Excel.Note | Excel.Comment>();
    const userNoteProbe = new Map<Work, Excel.Note>();
    for (const w of work) {
      if (w.cur?.note === 'n') {
        ownNotes.set(w, ctx.workbook.notes.getItemOrNullObject(qualify(w.sheet, w.addr)).load('content'));
        await batch.reserve(ACTION_COST * 2 + NOTE_PREFIX.length + (w.cur.len ?? 1600) + 40);
      } else if (w.cur?.note?.startsWith('c:')) {
        const id = w.cur.note.slice(2);
        if (commentById14) {
          ownNotes.set(w, ctx.workbook.comments.getItemOrNullObject(id).load('content'));
          await batch.reserve(ACTION_COST * 2 + NOTE_PREFIX.length + (w.cur.len ?? 1600) + 40);
        } else {
          const listed = listedComments.get(id);
          if (listed) ownNotes.set(w, listed);
        }
      }
      if (w.want && mode === 'notes' && w.cur?.note !== 'n') {
        userNoteProbe.set(w, ctx.workbook.notes.getItemOrNullObject(qualify(w.sheet, w.addr)).load('authorName'));
        await batch.reserve(ACTION_COST * 2 + 60);
      }
    }
    const ourCommentIds = new Set<string>();
    for (const m of mem.values()) for (const c of m.values()) if (c.note?.startsWith('c:')) ourCommentIds.add(c.note.slice(2));
    const commentLocations: Excel.Range[] = [];
    await batch.flush();
    if (commentList) {
      for (const c of commentList.items) {
        if (ourCommentIds.has(c.id)) continue;
        commentLocations.push(c.getLocation().load('address'));
        await batch.reserve(ACTION_COST * 2 + 60);
      }
    }
    const second: (() => void)[] = [];
    for (const f of finishers) {
      const next = await f();
      if (next) second.push(next);
    }
    await batch.flush();
    for (const f of second) f();
    const userCommentCells = new Set(commentLocations.map((r) => cellKeyOf(r.address)));

    // Decide and write. The memory goes first, so an interrupted run can still be cleared.
    await withEventsOff(host, ctx, async () => {
      const restore = new Map<string, Map<FillKey, Cell[]>>();
      const paint = new Map<string, Map<string, Cell[]>>();
      const push = <K>(m: Map<string, Map<K, Cell[]>>, sheet: string, k: K, c: Cell) => {
        let s = m.get(sheet);
        if (!s) m.set(sheet, (s = new Map()));
        let l = s.get(k);
        if (!l) s.set(k, (l = []));
        l.push(c);
      };
      const noteOps: { bytes: number; run: () => void }[] = [];
      const newComments: { w: Work; c: Excel.Comment }[] = [];
      for (const w of work) {
        let memSheet = mem.get(w.sheet);
        if (!memSheet) mem.set(w.sheet, (memSheet = new Map()));
        const current = fills.get(w.sheet)!.get(w.addr) ?? null;
        const stillOurs = !!w.cur && current === w.cur.ours.toUpperCase();
        // Our note or comment, if it is still there and still ours.
        const own = ownNotes.get(w);
        const ownAlive = !!own && !own.isNullObject && own.content.startsWith(NOTE_PREFIX);
        if (!w.want) {
          if (stillOurs) { push(restore, w.sheet, w.cur!.prev, w.cell); stats.restored++; } else stats.keptUserFill++;
          if (ownAlive) { noteOps.push({ bytes: ACTION_COST, run: () => own!.delete() }); stats.notesDeleted++; }
          memSheet.delete(w.addr);
          continue;
        }
        const prev = w.cur && stillOurs ? w.cur.prev : current;
        push(paint, w.sheet, w.want.color, w.cell);
        stats.painted++;
        const mark: CellMark = { ours: w.want.color.toUpperCase(), prev };
        const text = noteText(w.want);
        const kind = noteKindOf(mode);
        if (ownAlive && w.cur!.note![0] === kind) {
          noteOps.push({ bytes: ACTION_COST + text.length, run: () => { own!.content = text; } });
          mark.note = w.cur!.note;
          stats.notesUpdated++;
        } else {
          if (ownAlive) { noteOps.push({ bytes: ACTION_COST, run: () => own!.delete() }); stats.notesDeleted++; }
          const ownGone = ownAlive || !own || own.isNullObject;
          if (mode === 'notes') {
            const probe = userNoteProbe.get(w);
            if (ownGone && (!probe || probe.isNullObject)) {
              noteOps.push({ bytes: ACTION_COST * 2 + w.sheet.length + w.addr.length + text.length, run: () => { ctx.workbook.notes.add(qualify(w.sheet, w.addr), text); } });
              mark.note = 'n';
              stats.notesAdded++;
            } else stats.notesSkipped++;
          } else if (mode === 'comments') {
            if (ownGone && !userCommentCells.has(cellKeyOf(qualify(w.sheet, w.addr)))) {
              noteOps.push({ bytes: ACTION_COST * 3 + w.sheet.length + w.addr.length + text.length + 40, run: () => {
                const c = ctx.workbook.comments.add(qualify(w.sheet, w.addr), text);
                c.load('id');
                newComments.push({ w, c });
              } });
              mark.note = 'c:';
              stats.notesAdded++;
            } else stats.notesSkipped++;
          }
        }
        if (mark.note) { mark.h = hashText(w.want.message); mark.len = text.length; }
        memSheet.set(w.addr, mark);
      }

      ctx.workbook.settings.add(MARKS_SETTING, encodeMemory(mem));
      await batch.reserve(ACTION_COST * 2 + encodeMemory(mem).length);
      for (const [sheet, groups] of restore) for (const [fill, cells] of groups) await queuePaint(ctx, batch, sheet, cells, fill, ranges19);
      for (const [sheet, groups] of paint) for (const [color, cells] of groups) await queuePaint(ctx, batch, sheet, cells, color, ranges19);
      for (const op of noteOps) {
        op.run();
        await batch.reserve(op.bytes);
      }
      await batch.flush();
      if (newComments.length) {
        for (const { w, c } of newComments) mem.get(w.sheet)!.get(w.addr)!.note = `c:${c.id}`;
        ctx.workbook.settings.add(MARKS_SETTING, encodeMemory(mem));
        await batch.reserve(1);
        await batch.flush();
      }
    });
    return stats;
  });
}
