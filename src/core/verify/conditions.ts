import type { Condition } from '../standard/schema';
import type { Effective } from '../transform/cell';

/** Conditions of business rules and derivations, evaluated on effective values. */
export function holds(c: Condition, v: Effective): boolean {
  if ('in' in c) return v !== null && c.in.includes(String(v));
  if ('blank' in c) return v === null;
  if ('present' in c) return v !== null;
  if (v === null) return false;
  return compare(v, c.op, c.value);
}

export function compare(a: string | number, op: string, b: string | number): boolean {
  switch (op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '==': return a === b;
    case '!=': return a !== b;
    default: return false;
  }
}

/*
 * Compiled forms for the row loops of business rules: the condition's kind and
 * operator are decided once per rule, not once per row. Each agrees with
 * holds/compare (an undefined value counts as blank, as `?? null` made it).
 */

export type Comparison = (a: string | number, b: string | number) => boolean;

export function comparator(op: string): Comparison {
  switch (op) {
    case '<': return (a, b) => a < b;
    case '<=': return (a, b) => a <= b;
    case '>': return (a, b) => a > b;
    case '>=': return (a, b) => a >= b;
    case '==': return (a, b) => a === b;
    case '!=': return (a, b) => a !== b;
    default: return () => false;
  }
}

export type Predicate = (v: Effective | undefined) => boolean;

export function predicate(c: Condition): Predicate {
  if ('in' in c) {
    const allowed = new Set(c.in);
    return (v) => v !== null && v !== undefined && allowed.has(typeof v === 'string' ? v : String(v));
  }
  if ('blank' in c) return (v) => v === null || v === undefined;
  if ('present' in c) return (v) => v !== null && v !== undefined;
  const test = comparator(c.op);
  const value = c.value;
  return (v) => v !== null && v !== undefined && test(v, value);
}
