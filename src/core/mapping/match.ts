import type { CellValue } from '../model/sheet';
import type { Entity, Field, Standard } from '../standard/schema';
import { createCountryResolver, type CountryResolver } from '../transform/country';
import { matchKey } from '../transform/text';
import { assignMax } from './assign';
import { contentFit, decisiveContent, profileColumn, referencedKey, type ColumnProfile, type ContentContext } from './content';
import { detectHeaderRow } from './header-row';
import { nameScore } from './names';
import { partnerSheets } from './stored';
import type { ColumnMapping, MatchHow, RawSheet, RawWorkbook, SheetMapping, UnmappedColumn, WorkbookMapping } from './types';

/** A match at or above this is applied without asking. */
export const CONFIDENT = 0.8;
/** Below this a column is simply not a field of the sheet; between the two it is a question for a person. */
export const PLAUSIBLE = 0.5;
/** Two candidates this close are a tie: neither is taken. */
const TIE = 0.03;
/** A sheet fits an entity when its name and columns together score at least this. */
const SHEET_FLOOR = 0.3;

export interface Score { confidence: number; how: MatchHow }

/**
 * One column against one field: the name (exact, alias or similar) and the
 * content of the column together. A recorded name (exact, alias) is trusted
 * unless the content contradicts it; a merely similar name needs the content to agree.
 */
export function scoreColumn(header: string, p: ColumnProfile, entity: Entity, f: Field, ctx: ContentContext): Score {
  const n = nameScore(header, f.header, [f.key, ...(f.aliases ?? [])]);
  const c = contentFit(p, entity, f, ctx);
  const typed = f.type === 'email' || f.type === 'date' || f.type === 'int' || f.type === 'country' || f.type === 'phone';
  if (n.how !== 'name') {
    // The standard's own header is never second-guessed by the content: values that do not fit
    // (an Excel error, a word in a count) are what validation reports, cell by cell.
    const contradicted = n.how !== 'exact' && c !== null && c < 0.2 && (typed || c === 0.1);
    return { confidence: contradicted ? n.score * 0.6 : n.score, how: n.how };
  }
  let conf = c === null ? n.score * 0.9 : 0.55 * n.score + 0.45 * c;
  let how: MatchHow = c !== null && 0.45 * c > 0.55 * n.score ? 'content' : 'name';
  if (decisiveContent(p, entity, f) && conf < 0.85) { conf = 0.85; how = 'content'; }
  return { confidence: Math.round(conf * 100) / 100, how };
}

interface Prepared {
  sheet: RawSheet;
  headerIndex: number;
  headers: string[];
  profiles: ColumnProfile[];
}

function prepare(std: Standard, sheet: RawSheet, countries: CountryResolver, headerIndex?: number): Prepared {
  const hi = headerIndex ?? detectHeaderRow(std, sheet);
  const headerCells = sheet.rows[hi] ?? [];
  const width = Math.max(headerCells.length, ...sheet.rows.slice(hi + 1, hi + 50).map((r) => r.length), 0);
  const headers: string[] = [];
  for (let c = 0; c < width; c++) {
    const v = headerCells[c];
    headers.push(v === null || v === undefined ? '' : String(v instanceof Date ? v.toISOString().slice(0, 10) : v).trim());
  }
  const profiles = headers.map((_, c) => {
    const col: CellValue[] = [];
    for (let r = hi + 1; r < sheet.rows.length && col.length < 400; r++) col.push(sheet.rows[r]![c] ?? null);
    return profileColumn(col, countries);
  });
  return { sheet, headerIndex: hi, headers, profiles };
}

interface ColumnPlan { columns: ColumnMapping[]; unmapped: UnmappedColumn[]; fit: number }

/** Solve columns → fields for one entity, one-to-one over the whole sheet (Hungarian), then keep only the sure matches. */
export function planColumns(prep: Prepared, entity: Entity, ctx: ContentContext): ColumnPlan {
  const cols = prep.headers.map((h, c) => ({ h, c })).filter((x) => x.h !== '');
  const scores: Score[][] = cols.map(({ h, c }) => entity.fields.map((f) => scoreColumn(h, prep.profiles[c]!, entity, f, ctx)));
  const matrix = scores.map((r) => r.map((s) => s.confidence));
  const pairs = assignMax(matrix, PLAUSIBLE);
  const columns: ColumnMapping[] = [];
  const unmapped: UnmappedColumn[] = [];
  const assigned = new Map(pairs.map(([r, f]) => [r, f]));
  let fit = 0;
  cols.forEach(({ h, c }, r) => {
    const fi = assigned.get(r);
    if (fi === undefined) {
      unmapped.push({ source: h, col: c, reason: `no field of ${entity.sheet} matches` });
      return;
    }
    const s = scores[r]![fi]!;
    const f = entity.fields[fi]!;
    // A rival within a hair of the chosen pair (another field for this column, or another column for this field) makes it a guess.
    const rivalField = matrix[r]!.some((v, j) => j !== fi && v >= s.confidence - TIE);
    const rivalCol = matrix.some((row, j) => j !== r && row[fi]! >= s.confidence - TIE);
    const sure = s.confidence >= CONFIDENT && (s.how === 'exact' || !(rivalField || rivalCol));
    if (sure) {
      columns.push({ field: f.key, header: f.header, source: h, col: c, confidence: s.confidence, how: s.how });
      fit += s.confidence;
    } else {
      unmapped.push({ source: h, col: c, reason: `may be ${f.header}, not sure enough to use it without confirmation`,
        suggestion: { field: f.key, header: f.header, confidence: s.confidence, how: s.how } });
    }
  });
  const denom = Math.max(1, Math.min(cols.length, entity.fields.length));
  return { columns, unmapped, fit: fit / denom };
}

export interface MapOptions {
  /** Decided beforehand for some sheets (saved profile): partner sheet name → mapping. */
  fixed?: Map<string, SheetMapping>;
  /** Name the entity of a single sheet (CSV). */
  entity?: string;
}

function keySets(std: Standard, preps: Map<string, Prepared>, sheets: SheetMapping[]): Map<string, Set<string>> {
  const wanted = new Set<string>();
  for (const e of std.entities) for (const f of e.fields) { const k = referencedKey(f); if (k) wanted.add(k); }
  const out = new Map<string, Set<string>>();
  for (const m of sheets) {
    const prep = preps.get(m.source);
    if (!prep) continue;
    for (const c of m.columns) {
      const k = `${m.entity}.${c.field}`;
      if (!wanted.has(k)) continue;
      // Each distinct text once: key columns repeat (a study number on every site row), and matchKey is the cost.
      const seen = new Set<string>();
      for (let r = prep.headerIndex + 1; r < prep.sheet.rows.length; r++) {
        const v = prep.sheet.rows[r]![c.col];
        if (v !== null && v !== undefined) seen.add(typeof v === 'string' ? v : String(v));
      }
      const set = new Set<string>();
      for (const t of seen) if (t.trim()) set.add(matchKey(t));
      out.set(k, set);
    }
  }
  return out;
}

function sheetMapping(entity: Entity, prep: Prepared, plan: ColumnPlan, confidence: number, how: MatchHow): SheetMapping {
  return {
    entity: entity.key, sheet: entity.sheet, source: prep.sheet.name, headerRow: prep.sheet.rowNumbers[prep.headerIndex] ?? 1,
    headers: prep.headers, confidence: Math.round(confidence * 100) / 100, how, columns: plan.columns, unmapped: plan.unmapped, values: {},
  };
}

/**
 * Map a partner's workbook to the standard: header row per sheet, sheets to
 * entities (one-to-one, solved over the whole workbook), columns to fields.
 * Content that refers to another sheet's keys is scored in a second pass,
 * once the keys' columns are known.
 */
export function mapWorkbook(std: Standard, given: RawWorkbook, opts: MapOptions = {}): WorkbookMapping {
  // The add-in's own sheets (stored profile, transfer log) are never a partner's data.
  const wb = partnerSheets(given);
  const countries = createCountryResolver(std.countryAliases);
  const fixed = opts.fixed ?? new Map<string, SheetMapping>();
  const preps = new Map<string, Prepared>();
  for (const s of wb.sheets) {
    const f = fixed.get(s.name);
    const hi = f ? s.rowNumbers.indexOf(f.headerRow) : undefined;
    preps.set(s.name, prepare(std, s, countries, hi !== undefined && hi >= 0 ? hi : undefined));
  }
  const ctx: ContentContext = { std, keys: new Map() };
  const free = wb.sheets.filter((s) => !fixed.has(s.name));
  const takenEntities = new Set([...fixed.values()].map((m) => m.entity));
  const entities = std.entities.filter((e) => !takenEntities.has(e.key));

  const solve = (): { sheets: SheetMapping[]; ignored: WorkbookMapping['ignoredSheets'] } => {
    const plans = free.map((s) => entities.map((e) => planColumns(preps.get(s.name)!, e, ctx)));
    const names = free.map((s) => entities.map((e) => nameScore(s.name, e.sheet, [e.key, ...(e.aliases ?? [])])));
    const score = free.map((s, i) => entities.map((e, j) => {
      if (opts.entity) return e.key === opts.entity ? 1 : 0;
      const n = names[i]![j]!;
      const nameS = n.how === 'name' && n.score < 0.75 ? 0 : n.score;
      return 0.5 * nameS + 0.5 * plans[i]![j]!.fit;
    }));
    const pairs = assignMax(score, SHEET_FLOOR);
    const sheets: SheetMapping[] = [];
    const hit = new Set<number>();
    for (const [i, j] of pairs) {
      hit.add(i);
      const n = names[i]![j]!;
      const how: MatchHow = opts.entity ? 'profile' : n.how !== 'name' ? n.how : n.score >= 0.75 ? 'name' : 'content';
      sheets.push(sheetMapping(entities[j]!, preps.get(free[i]!.name)!, plans[i]![j]!, score[i]![j]!, how));
    }
    const ignored = free.filter((_, i) => !hit.has(i)).map((s) => ({ source: s.name, reason: 'no sheet of the standard matches its name or columns' }));
    return { sheets, ignored };
  };

  let first = solve();
  ctx.keys = keySets(std, preps, [...fixed.values(), ...first.sheets]);
  if (ctx.keys.size) first = solve();
  const sheets = [...fixed.values(), ...first.sheets];
  const order = new Map(std.entities.map((e, i) => [e.key, i]));
  sheets.sort((a, b) => order.get(a.entity)! - order.get(b.entity)!);
  return { sheets, ignoredSheets: first.ignored };
}
