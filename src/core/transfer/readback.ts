import type { Standard } from '../standard/schema';
import type { TargetProfile } from '../target-profile/schema';
import { labelsOf } from './profile';

/**
 * Values read back from the target, put in the standard's terms: a picklist value name
 * (`phase_3__v`, or `sub_investigator__v` read through a lookup column) becomes the label the
 * sheet holds, through the target profile's picklist map, so that a record holding the same
 * meaning compares equal and people see their own words. A value the map does not know stays
 * as the target wrote it. Without a profile, values are compared as they are.
 */
export interface ReadBack {
  /** The value of `field` (a target field or a lookup column) of `object`, as the sheet would write it. */
  value(object: string, field: string, v: unknown): unknown;
  /** The standard's column header behind a target field of an entity, if the standard names one. */
  column(entity: string, field: string): string | undefined;
}

/** The target field behind a lookup column (`team_role__vr.name__v` → team_role__v). */
export function fieldOfColumn(column: string): string {
  const dot = column.indexOf('.');
  return dot < 0 ? column : column.slice(0, dot).replace(/r$/, '');
}

export function readBackFor(profile: TargetProfile | null | undefined, std?: Standard): ReadBack {
  const labels = new Map<string, Map<string, Map<string, string>>>();
  const labelsFor = (object: string) => labels.get(object) ?? labels.set(object, profile ? labelsOf(profile, object) : new Map()).get(object)!;
  return {
    value(object, field, v) {
      if (typeof v !== 'string') return v;
      return labelsFor(object).get(fieldOfColumn(field))?.get(v) ?? v;
    },
    column(entity, field) {
      const e = std?.entities.find((x) => x.key === entity);
      const target = fieldOfColumn(field);
      const f = e?.fields.find((x) => x.targetField === target || x.targetCopyField === target);
      return f?.header;
    },
  };
}

/** Values compared as they are, columns unnamed: what reconciliation did before profiles. */
export const RAW_READBACK: ReadBack = { value: (_o, _f, v) => v, column: () => undefined };
