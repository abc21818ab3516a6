import type { Entity } from '../standard/schema';
import type { SheetData } from '../model/sheet';
import type { Issue, Proposal, RuleFamily, Severity } from '../model/issue';
import { a1 } from '../sheet/address';
import type { ColumnMatch } from '../sheet/headers';
import type { Effective, FieldPlan } from '../transform/cell';
import type { RomanizePlan } from '../transform/romanize/row';

/** Everything known about one sheet of the standard while verifying. */
export interface SheetState {
  entity: Entity;
  sheet: SheetData;
  match: ColumnMatch;
  plans: FieldPlan[];
  fieldIndex: Map<string, number>;
  /** Effective values by field, then row. */
  eff: Effective[][];
  /**
   * For text columns, each row's number among its plan's AS_IS texts (whose
   * effective value is the text itself), or -1: read eff instead. Set checks
   * use it to handle each distinct value once. A change to eff after the
   * column pass resets the row's number.
   */
  textIds: (Int32Array | undefined)[];
  rowIssues: (Issue[] | undefined)[];
  rowProposals: (Proposal[] | undefined)[];
  /** Excel row number → index in rows; built on the first live update, since a full verification never needs it. */
  rowIndexByNumber?: Map<number, number>;
  structure: Issue[];
  /** Present columns whose cells need the rest of their row: phones (country) and derived values. */
  phoneFields: number[];
  deriveFields: number[];
  /** T-ROMANIZE's fields of this sheet; family and given only when both columns are present (a split needs both). */
  romanize?: RomanizePlan;
}

export const KEY_SEP = '\u0001';

export function makeIssue(s: SheetState, r: number, fi: number, family: RuleFamily, ruleId: string, severity: Severity,
  value: Issue['value'], params: Issue['params'], otherFields: number[] = []): Issue {
  const row = s.sheet.rowNumbers[r]!;
  const col = s.match.colOfField[fi]!;
  const cells = [a1(col, row)];
  for (const o of otherFields) {
    const c = s.match.colOfField[o]!;
    if (c >= 0 && o !== fi) cells.push(a1(c, row));
  }
  return { sheet: s.sheet.name, row, col, field: s.entity.fields[fi]!.key, ruleId, family, severity, cells, value, params };
}

