import Ajv from 'ajv';
import { defaultStandard } from '../src/core/standard/load';
import { createVerifySession } from '../src/core/verify/engine';
import type { CellValue, SheetData } from '../src/core/model/sheet';

/**
 * Engine benchmark: verify + transform a Sites-shaped sheet of 100,000 rows ×
 * 12 columns, against ajv checking the same single-field constraints on the
 * same rows (as JSON objects), side by side in one process.
 */

const ROWS = 100_000;
const STATUSES = ['Planned', 'Selected', 'Initiated', 'Enrolling', 'Closed to Enrollment', 'Closed', 'Cancelled'];
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'JP', 'CN', 'KR', 'ES', 'IT', 'CA'];

/** A site lies in its organization's country (R-CTRY-01 holds for generated rows). */
export const countryOfOrg = (k: number) => COUNTRIES[k % COUNTRIES.length]!;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** The same texts, each a slice of one joined text (what a reader's s.slice(start, end) gives). */
function sliced(texts: string[]): string[] {
  const joined = texts.join('<');
  const out: string[] = [];
  let at = 0;
  for (const t of texts) { out.push(joined.slice(at, at + t.length)); at += t.length + 1; }
  return out;
}

/**
 * Row i of a generated Sites sheet, rows made in order (the generator is seeded and drawn in
 * the same order for every caller, so the engine benchmark and the workbooks of bench/read.ts
 * hold the same rows). Text comes from pools, as it does from an .xlsx: a reader hands back one
 * string object per shared-string entry, so equal values in a column are the same string.
 */
export function siteRowMaker(pools = { orgs: 20000, people: 50000 }): (i: number) => { row: CellValue[]; study: string; org: string; pi: string } {
  const r = rng(42);
  const day = (base: number) => new Date(Date.UTC(2018, 0, 1) + base * 86400000);
  const studyPool = Array.from({ length: 500 }, (_, k) => `STUDY-${k.toString().padStart(4, '0')}`);
  // (study, site number) is unique per row: site numbers run on every 500 rows.
  const sitePool: string[] = [];
  const site = (k: number) => (sitePool[k] ??= `${(k + 1).toString().padStart(3, '0')}`);
  const orgPool = Array.from({ length: pools.orgs }, (_, k) => `ORG-${k}`);
  // Sliced out of one long text, as the streaming reader (src/cli/xlsx-stream) hands shared strings back:
  // a template literal of 13 characters or more would be a rope (two parts joined), which every character
  // read and regular expression pays for, and which no reader produces.
  const piPool = sliced(Array.from({ length: pools.people }, (_, k) => `pi${k}@hospital${k % 300}.org`));
  return (i) => {
    const study = studyPool[i % 500]!;
    const orgIndex = Math.floor(r() * pools.orgs);
    const org = orgPool[orgIndex]!;
    const pi = piPool[Math.floor(r() * pools.people)]!;
    const status = STATUSES[i % STATUSES.length]!;
    const screened = Math.floor(r() * 200);
    const enrolled = ['Planned', 'Selected', 'Cancelled'].includes(status) ? 0 : Math.floor(screened * r());
    const completed = Math.floor(enrolled * r());
    const act = Math.floor(r() * 1000);
    // About 2% of cells carry a problem a partner would send: text dates, "USA", status spellings, bad counts.
    const noise = r();
    const row: CellValue[] = [
      study,
      site(Math.floor(i / 500)),
      org,
      noise < 0.01 ? pi.toUpperCase() : pi,
      noise > 0.99 ? 'Recruiting' : status,
      noise > 0.98 && noise <= 0.99 ? 'USA' : countryOfOrg(orgIndex),
      day(act),
      noise > 0.97 && noise <= 0.98 ? '2021-03-04' : day(act + 30),
      day(act + 400),
      screened,
      enrolled,
      noise > 0.96 && noise <= 0.97 ? -1 : completed,
    ];
    return { row, study, org, pi };
  };
}

export function sitesSheet(rows = ROWS, pools = { orgs: 20000, people: 50000 }): { sheet: SheetData; studies: Set<string>; orgs: Set<string>; people: Set<string> } {
  const e = defaultStandard().entities.find((x) => x.key === 'site')!;
  const next = siteRowMaker(pools);
  const data: CellValue[][] = [];
  const studies = new Set<string>(), orgs = new Set<string>(), people = new Set<string>();
  for (let i = 0; i < rows; i++) {
    const { row, study, org, pi } = next(i);
    studies.add(study); orgs.add(org); people.add(pi);
    data.push(row);
  }
  return {
    sheet: { name: e.sheet, headers: e.fields.map((f) => f.header), rows: data, rowNumbers: data.map((_, i) => i + 2) },
    studies, orgs, people,
  };
}

function ajvValidator() {
  const std = defaultStandard();
  const e = std.entities.find((x) => x.key === 'site')!;
  const props: Record<string, object> = {};
  for (const f of e.fields) {
    switch (f.type) {
      case 'text': props[f.key] = { type: 'string', maxLength: f.maxLength ?? 10000, ...(f.pattern ? { pattern: f.pattern } : {}) }; break;
      case 'pick': props[f.key] = { enum: f.picklist }; break;
      case 'int': props[f.key] = { type: 'integer', minimum: f.min ?? 0 }; break;
      case 'date': props[f.key] = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }; break;
      case 'email': props[f.key] = { type: 'string', maxLength: 254, pattern: "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$" }; break;
      case 'country': props[f.key] = { type: 'string', pattern: '^[A-Z]{2}$' }; break;
      default: props[f.key] = { type: 'string' };
    }
  }
  const schema = { type: 'object', properties: props, required: e.fields.filter((f) => f.required).map((f) => f.key) };
  const ajv = new Ajv({ allErrors: true });
  return { validate: ajv.compile(schema), keys: e.fields.map((f) => f.key) };
}

function toObjects(sheet: SheetData, keys: string[]): Record<string, unknown>[] {
  return sheet.rows.map((row) => {
    const o: Record<string, unknown> = {};
    keys.forEach((k, i) => {
      const v = row[i];
      o[k] = v instanceof Date ? v.toISOString().slice(0, 10) : v;
    });
    return o;
  });
}

function timed(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

const ROUNDS = 9;

/**
 * The engine and ajv in alternating rounds (engine, ajv, engine, ajv, ...), so
 * that a busy spell of the machine falls on both: best of the rounds for each,
 * and the median of each round's own ratio. `build` says how this code was
 * loaded (from the TypeScript sources through tsx, or bundled by esbuild as
 * the command line ships).
 */
export function benchEngine(build = 'TypeScript sources through tsx'): Record<string, number> {
  const std = defaultStandard();
  const { sheet, studies, orgs, people } = sitesSheet();
  const targetKeys = { study: studies, organization: orgs, person: people };
  const cells = sheet.rows.length * sheet.headers.length;
  const { validate, keys } = ajvValidator();
  const objects = toObjects(sheet, keys);
  let issues = 0, proposals = 0, ajvInvalid = 0;
  let engineMs = Infinity, fieldsMs = Infinity, ajvMs = Infinity;
  const roundRatios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const e = timed(() => {
      const session = createVerifySession(std, { sheets: [{ ...sheet, rows: sheet.rows }] }, { targetKeys, today: '2026-11-27' });
      issues = session.result.issues.length;
      proposals = session.result.proposals.length;
      fieldsMs = Math.min(fieldsMs, session.timings.fieldsMs);
    });
    const a = timed(() => {
      ajvInvalid = 0;
      for (const o of objects) if (!validate(o)) ajvInvalid++;
    });
    engineMs = Math.min(engineMs, e);
    ajvMs = Math.min(ajvMs, a);
    roundRatios.push(a / e);
  }
  roundRatios.sort((x, y) => x - y);
  const medianRatio = roundRatios[ROUNDS >> 1]!;
  const engineRate = cells / (engineMs / 1000);
  const ajvRate = cells / (ajvMs / 1000);
  const fieldRate = cells / (fieldsMs / 1000);
  const out = { rows: sheet.rows.length, cells, engineMs, engineCellsPerSec: engineRate, fieldPhaseMs: fieldsMs, fieldPhaseRatioVsAjv: fieldRate / ajvRate, ajvMs, ajvCellsPerSec: ajvRate, ratioVsAjv: engineRate / ajvRate, medianRoundRatioVsAjv: medianRatio, issues, proposals, ajvInvalidRows: ajvInvalid };
  console.log(`engine (${build}), ${ROUNDS} rounds alternating with ajv, best of each:`);
  console.log(`  engine: verify+transform ${out.rows.toLocaleString()} rows × 12 = ${cells.toLocaleString()} cells in ${engineMs.toFixed(0)} ms (${(engineRate / 1e6).toFixed(2)} M cells/s; ${issues} issues, ${proposals} proposals)`);
  console.log(`  ajv:    same single-field constraints, same rows: ${ajvMs.toFixed(0)} ms (${(ajvRate / 1e6).toFixed(2)} M cells/s; ${ajvInvalid} invalid rows)`);
  console.log(`  single-field phase (same work as ajv + transformations): ${fieldsMs.toFixed(0)} ms = ${out.fieldPhaseRatioVsAjv.toFixed(2)}× ajv throughput`);
  console.log(`  whole verification (incl. uniqueness, references, business rules) = ${out.ratioVsAjv.toFixed(2)}× ajv best to best, median round ${medianRatio.toFixed(2)}× (target ≥ 0.5×); engine time ${engineMs < 1000 ? 'under' : 'OVER'} 1 s (target < 1 s)`);
  return out;
}

if (require.main === module) benchEngine();
