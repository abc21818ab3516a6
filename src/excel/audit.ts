import { columnLetter } from '../core/sheet/address';
import { AUDIT_HEADERS, AUDIT_SHEET, AuditTrail, type AuditEntry, type AuditInput, type ChainCheck } from '../core/audit/trail';
import { ACTION_COST, Batch, jsonLength } from './budget';
import { withEventsOff, type ExcelHost } from './host';
import { INTERNAL_SHEET_VISIBILITY } from './internal-sheet';

/**
 * The audit trail in the workbook: a hidden, protected "Audit" sheet, one row
 * per entry, appended and never rewritten. Protection (without a password) is
 * against accidental edits; deliberate ones are caught by the hash chain, and
 * removals at the end by the head (seq + hash of the last entry) kept in the
 * workbook's settings, outside the sheet.
 */

export const AUDIT_HEAD_SETTING = 'ctmsCollect.auditHead';

const LAST_COL = columnLetter(AUDIT_HEADERS.length - 1);
/** Rows read per request when loading the trail (13 columns, details up to a few hundred bytes). */
const READ_CHUNK = 2000;

export interface AuditHead { seq: number; hash: string }

export interface AppendAuditResult {
  entries: AuditEntry[];
  head: AuditHead;
  /** Set when the sheet no longer ended where the remembered head said: the new entries follow what is there. */
  warning: string | null;
}

export interface AppendAuditOptions {
  /** Default author for inputs without `who`. */
  who?: string;
  now?: () => Date;
}

function parseHead(v: unknown): AuditHead | null {
  try {
    const h = (typeof v === 'string' ? JSON.parse(v) : v) as AuditHead;
    return h && Number.isInteger(h.seq) && typeof h.hash === 'string' ? { seq: h.seq, hash: h.hash } : null;
  } catch {
    return null;
  }
}

const rowRange = (first: number, last: number) => `A${first}:${LAST_COL}${last}`;

function entryOf(row: unknown[] | undefined): AuditEntry | null {
  if (!row || row.every((v) => v === '' || v === null)) return null;
  return AuditTrail.fromRows([row]).entries()[0] ?? null;
}

/** Append entries (chained to the last one in the sheet), creating the hidden, protected sheet on first use. */
export async function appendAudit(host: ExcelHost, inputs: AuditInput[], opts: AppendAuditOptions = {}): Promise<AppendAuditResult> {
  return host.run(async (ctx) => {
    const found = ctx.workbook.worksheets.getItemOrNullObject(AUDIT_SHEET);
    const setting = ctx.workbook.settings.getItemOrNullObject(AUDIT_HEAD_SETTING).load('value');
    await ctx.sync();
    const head = setting.isNullObject ? null : parseHead(setting.value);
    let warning: string | null = null;
    let last: AuditEntry | null = null;
    let lastRow = 1;

    if (!found.isNullObject) {
      // Where the head says the trail ends, and where the sheet says it does: one request for both.
      const used = found.getUsedRange(true).load('rowCount');
      const atHead = head && head.seq > 0 ? found.getRange(rowRange(head.seq + 1, head.seq + 1)).load('values') : null;
      await ctx.sync();
      lastRow = used.rowCount;
      const expected = atHead ? entryOf(atHead.values[0]) : null;
      if (head && lastRow === head.seq + 1 && (head.seq === 0 || expected?.hash === head.hash)) {
        last = expected;
      } else {
        if (lastRow > 1) {
          const tail = found.getRange(rowRange(lastRow, lastRow)).load('values');
          await ctx.sync();
          last = entryOf(tail.values[0]);
        }
        if (head) warning = `The audit sheet does not end with entry ${head.seq} recorded earlier (it has ${Math.max(0, lastRow - 1)} rows): it was changed outside CTMS Collect. New entries are added after what is there.`;
      }
    } else if (head && head.seq > 0) {
      warning = `The audit sheet holding ${head.seq} entries is missing: it was deleted outside CTMS Collect. A new trail starts here.`;
    }

    const trail = new AuditTrail({ who: opts.who, now: opts.now }, last ? [last] : []);
    const entries = trail.appendAll(inputs);
    const rows = trail.toRows().rows.slice(last ? 1 : 0);
    const newHead = trail.head();
    if (!entries.length) return { entries, head: newHead, warning };

    await withEventsOff(host, ctx, async () => {
      const batch = new Batch(ctx);
      let ws: Excel.Worksheet;
      if (found.isNullObject) {
        ws = ctx.workbook.worksheets.add(AUDIT_SHEET);
        const header = ws.getRange(rowRange(1, 1));
        header.numberFormat = [AUDIT_HEADERS.map(() => '@')];
        header.values = [[...AUDIT_HEADERS]];
        header.format.font.bold = true;
        ws.visibility = INTERNAL_SHEET_VISIBILITY;
        lastRow = 1;
      } else {
        ws = found;
        ws.protection.unprotect();
      }
      // Chunks stay under the request budget; the sheet is protected again in the same request as the last rows.
      for (let i = 0; i < rows.length; i += READ_CHUNK) {
        const part = rows.slice(i, i + READ_CHUNK).map((r) => r.map((v) => (v === null ? '' : v)));
        const range = ws.getRange(rowRange(lastRow + 1 + i, lastRow + i + part.length));
        // Text format first, so a before/after value such as "=1+1" or "00123" is stored as typed.
        range.numberFormat = part.map((r) => r.map(() => '@'));
        range.values = part;
        await batch.reserve(ACTION_COST * 3 + jsonLength(part) * 2);
      }
      ws.protection.protect({ allowFormatColumns: true, allowAutoFilter: true, allowSort: false });
      ctx.workbook.settings.add(AUDIT_HEAD_SETTING, JSON.stringify(newHead));
      await batch.flush();
    });
    return { entries, head: newHead, warning };
  });
}

export interface ReadAuditResult {
  trail: AuditTrail;
  /** The chain checked against the head remembered in the workbook's settings. */
  check: ChainCheck;
  head: AuditHead | null;
}

/** The whole trail as stored, with the result of checking its chain and its end. */
export async function readAudit(host: ExcelHost): Promise<ReadAuditResult> {
  return host.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItemOrNullObject(AUDIT_SHEET);
    const setting = ctx.workbook.settings.getItemOrNullObject(AUDIT_HEAD_SETTING).load('value');
    await ctx.sync();
    const head = setting.isNullObject ? null : parseHead(setting.value);
    if (ws.isNullObject) {
      const trail = new AuditTrail();
      return { trail, head, check: trail.verifyChain(head ?? undefined) };
    }
    const used = ws.getUsedRange(true).load('rowCount');
    await ctx.sync();
    const rows: unknown[][] = [];
    // One chunk per request: a long trail would pass the 5 MB response limit in one.
    for (let first = 2; first <= used.rowCount; first += READ_CHUNK) {
      const chunk = ws.getRange(rowRange(first, Math.min(used.rowCount, first + READ_CHUNK - 1))).load('values');
      await ctx.sync();
      rows.push(...chunk.values);
    }
    const trail = AuditTrail.fromRows(rows);
    return { trail, head, check: trail.verifyChain(head ?? undefined) };
  });
}
