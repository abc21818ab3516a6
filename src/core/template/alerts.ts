import type { Entity, Field, Standard, Transformation } from '../standard/schema';

/**
 * How Excel answers a value outside a column's data-validation rule, decided
 * from the standard so the pane and the CLI template agree. Where one of the
 * standard's transformations reads the value's meaning and proposes the
 * standard's form (text dates, role or phase spellings, names in another
 * script), Excel only warns: the user may keep typing and Validate proposes
 * the fix. Elsewhere Excel stops the value, since nothing could send it.
 */

export type AlertStyle = 'stop' | 'warning';

export interface ErrorAlert {
  style: AlertStyle;
  /** Excel limits: title ≤ 32 characters, message ≤ 255. */
  title: string;
  message: string;
}

/**
 * Kinds that only tidy a value (spaces, case, a formula guard): they do not turn
 * a value Excel refuses into one it accepts, so they alone do not soften the alert.
 */
const TIDYING: ReadonlySet<Transformation['kind']> = new Set(['trim', 'lowercase', 'inert']);

function applies(t: Transformation, entity: Entity, f: Field): boolean {
  return Boolean(t.appliesTo.types?.includes(f.type) || t.appliesTo.fields?.includes(`${entity.key}.${f.key}`));
}

/** The standard's transformations that can rewrite a value of this field into an accepted one. */
export function fixingTransformations(std: Standard, entity: Entity, f: Field): Transformation[] {
  return std.transformations.filter((t) => !TIDYING.has(t.kind) && applies(t, entity, f));
}

export function alertStyleFor(std: Standard, entity: Entity, f: Field): AlertStyle {
  return fixingTransformations(std, entity, f).length ? 'warning' : 'stop';
}

const KEEP = ' Choose Yes to keep it: Validate will propose the fix.';

/** The alert for a rule's own words (what belongs in the cell), in the style the standard gives the field. */
export function errorAlert(style: AlertStyle, header: string, expected: string): ErrorAlert {
  const room = 255 - (style === 'warning' ? KEEP.length : 0);
  const said = expected.length <= room ? expected : `${expected.slice(0, room - 1)}…`;
  return { style, title: header.slice(0, 32), message: style === 'warning' ? `${said}${KEEP}` : said };
}
