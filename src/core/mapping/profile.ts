import { z } from 'zod';
import type { Standard } from '../standard/schema';
import { a1 } from '../sheet/address';
import type { RawWorkbook, SheetMapping, WorkbookMapping } from './types';

/**
 * A mapping profile: what was decided for one partner's files (sheets, header
 * rows, columns, picklist values), so the next hand-over maps with no
 * questions. It records the partner's headers, so a file whose layout changed
 * is caught and the profile says where it no longer fits.
 */
export const PROFILE_FORMAT = 'ctms-collect-mapping';
export const PROFILE_VERSION = 1;

const ColumnSchema = z.object({
  /** The partner's header. */
  source: z.string(),
  /** Column letter in the partner's sheet. */
  column: z.string().regex(/^[A-Z]{1,3}$/, 'must be a column letter such as B'),
  /** The standard's field key, or null: not imported. */
  field: z.string().regex(/^[a-z][a-z0-9_]*$/).nullable(),
}).strict();

const SheetSchema = z.object({
  source: z.string().min(1),
  entity: z.string().regex(/^[a-z][a-z0-9_]*$/),
  headerRow: z.number().int().min(1),
  columns: z.array(ColumnSchema),
  /** field → partner spelling → picklist value; "" is a spelling listed for a person to decide (map --out). */
  values: z.record(z.string(), z.record(z.string(), z.string())).default({}),
}).strict();

export const MappingProfileSchema = z.object({
  format: z.literal(PROFILE_FORMAT),
  version: z.literal(PROFILE_VERSION),
  /** The standard's id and version the field keys belong to. */
  standard: z.string().min(1),
  standardVersion: z.string().optional(),
  sheets: z.array(SheetSchema),
}).strict();

export type MappingProfile = z.infer<typeof MappingProfileSchema>;

export class ProfileError extends Error {}

const colIndex = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
const colLetter = (col: number) => a1(col, 1).replace(/\d+$/, '');

/** Parse and check a profile against the standard; every problem names its path. */
export function parseProfile(text: string, std: Standard): MappingProfile {
  let json: unknown;
  try { json = JSON.parse(text); } catch (e) { throw new ProfileError(`not valid JSON (${(e as Error).message})`); }
  const r = MappingProfileSchema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0]!;
    const where = first.path.length ? first.path.join('.') : '(top level)';
    throw new ProfileError(`${where}: ${first.message}`);
  }
  const p = r.data;
  if (p.standard !== std.id) throw new ProfileError(`standard: the profile is for ${p.standard}, not ${std.id}`);
  p.sheets.forEach((s, i) => {
    const e = std.entities.find((x) => x.key === s.entity);
    if (!e) throw new ProfileError(`sheets.${i}.entity: ${s.entity} is not an entity of ${std.id}`);
    s.columns.forEach((c, j) => {
      if (c.field && !e.fields.some((f) => f.key === c.field)) throw new ProfileError(`sheets.${i}.columns.${j}.field: ${c.field} is not a field of ${e.sheet}`);
    });
    for (const [field, table] of Object.entries(s.values)) {
      const f = e.fields.find((x) => x.key === field);
      if (!f || f.type !== 'pick' || !f.picklist) throw new ProfileError(`sheets.${i}.values.${field}: ${field} is not a picklist field of ${e.sheet}`);
      for (const [from, to] of Object.entries(table)) {
        if (to !== '' && !f.picklist.includes(to)) throw new ProfileError(`sheets.${i}.values.${field}.${from}: "${to}" is not one of ${f.picklist.join(', ')}`);
      }
    }
    const fields = s.columns.map((c) => c.field).filter(Boolean);
    const dup = fields.find((f, k) => fields.indexOf(f) !== k);
    if (dup) throw new ProfileError(`sheets.${i}.columns: ${dup} is mapped from two columns`);
  });
  return p;
}

/** The profile of a mapping: only the sure matches are recorded as decided; open questions stay open (null). */
export function toProfile(std: Standard, m: WorkbookMapping): MappingProfile {
  return {
    format: PROFILE_FORMAT, version: PROFILE_VERSION, standard: std.id, standardVersion: std.version,
    sheets: m.sheets.map((s) => {
      const byCol = new Map(s.columns.map((c) => [c.col, c.field]));
      return {
        source: s.source, entity: s.entity, headerRow: s.headerRow,
        columns: s.headers.map((h, col) => ({ source: h, column: colLetter(col), field: byCol.get(col) ?? null })).filter((c) => c.source !== '' || c.field),
        values: s.values,
      };
    }),
  };
}

/**
 * The sheets of the profile as decided mappings, after checking that the file
 * still has the layout the profile was made from. Problems say which sheet and cell.
 */
export function profileMappings(std: Standard, p: MappingProfile, wb: RawWorkbook): Map<string, SheetMapping> {
  const out = new Map<string, SheetMapping>();
  const problems: string[] = [];
  for (const s of p.sheets) {
    const raw = wb.sheets.find((x) => x.name === s.source);
    const e = std.entities.find((x) => x.key === s.entity)!;
    if (!raw) { problems.push(`sheet "${s.source}" is not in the file`); continue; }
    const r = raw.rowNumbers.indexOf(s.headerRow);
    const row = r >= 0 ? raw.rows[r]! : [];
    const headers = row.map((v) => (v === null || v === undefined ? '' : String(v).trim()));
    for (const c of s.columns) {
      const col = colIndex(c.column);
      const found = headers[col] ?? '';
      if (found !== c.source) problems.push(`sheet "${s.source}" ${c.column}${s.headerRow}: expected header "${c.source}", found "${found || '(blank)'}"`);
    }
    out.set(s.source, {
      entity: e.key, sheet: e.sheet, source: s.source, headerRow: s.headerRow, headers, confidence: 1, how: 'profile',
      columns: s.columns.filter((c) => c.field).map((c) => ({
        field: c.field!, header: e.fields.find((f) => f.key === c.field)!.header, source: c.source, col: colIndex(c.column), confidence: 1, how: 'profile' as const,
      })),
      unmapped: s.columns.filter((c) => !c.field && c.source).map((c) => ({ source: c.source, col: colIndex(c.column), reason: 'not imported (profile)' })),
      values: s.values,
    });
  }
  if (problems.length) throw new ProfileError(`the profile no longer fits this file: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}`);
  return out;
}
