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
