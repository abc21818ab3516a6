/**
 * The VQL subset both the reference server and MemoryCtms understand:
 *   SELECT f1, f2 FROM object
 *   [WHERE cond {AND|OR cond}]   cond: field = 'x' | field != 'x' | field CONTAINS ('a','b') | ( ... )
 *   [ORDER BY f [ASC|DESC]] [PAGESIZE n] [PAGEOFFSET n]
 * Pure code (no I/O) so the task pane can share it.
 */

export type VqlValue = string | number;

export type VqlCondition =
  | { kind: 'compare'; field: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: VqlValue }
  | { kind: 'contains'; field: string; values: VqlValue[] }
  | { kind: 'and' | 'or'; items: VqlCondition[] };

export interface VqlQuery {
  fields: string[];
  object: string;
  where?: VqlCondition;
  orderBy?: { field: string; direction: 'ASC' | 'DESC' };
  pageSize?: number;
  pageOffset?: number;
}

export class VqlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VqlSyntaxError';
  }
}

type Token = { t: 'word' | 'string' | 'number' | 'punct'; v: string };

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === "'" || c === '"') {
      // Vault escapes a quote inside a string with a backslash.
      let s = '';
      i++;
      while (i < q.length && q[i] !== c) {
        if (q[i] === '\\' && i + 1 < q.length) i++;
        s += q[i++];
      }
      if (i >= q.length) throw new VqlSyntaxError('unterminated string');
      i++;
      out.push({ t: 'string', v: s });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(q[i + 1] ?? ''))) {
      const m = /^-?\d+(\.\d+)?/.exec(q.slice(i));
      if (m) { out.push({ t: 'number', v: m[0] }); i += m[0].length; continue; }
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(q.slice(i));
      out.push({ t: 'word', v: m![0] });
      i += m![0].length;
      continue;
    }
    const two = q.slice(i, i + 2);
    if (two === '!=' || two === '<=' || two === '>=' || two === '<>') { out.push({ t: 'punct', v: two === '<>' ? '!=' : two }); i += 2; continue; }
    if ('=<>(),*'.includes(c)) { out.push({ t: 'punct', v: c }); i++; continue; }
    throw new VqlSyntaxError(`unexpected character '${c}'`);
  }
  return out;
}

// One relationship hop is allowed (`country__vr.name__v`), as VQL allows outbound relationships.
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

export function parseVql(q: string): VqlQuery {
  const toks = tokenize(q);
  let p = 0;
  const peek = () => toks[p];
  const isKw = (kw: string) => peek()?.t === 'word' && peek().v.toUpperCase() === kw;
  const expectKw = (kw: string) => {
    if (!isKw(kw)) throw new VqlSyntaxError(`expected ${kw}`);
    p++;
  };
  const punct = (v: string) => {
    if (peek()?.t === 'punct' && peek().v === v) { p++; return true; }
    return false;
  };
  const field = (): string => {
    const tok = peek();
    if (!tok || tok.t !== 'word' || !FIELD.test(tok.v)) throw new VqlSyntaxError(`expected a field name${tok ? ` at '${tok.v}'` : ''}`);
    p++;
    return tok.v;
  };
  const value = (): VqlValue => {
    const tok = peek();
    if (tok?.t === 'string') { p++; return tok.v; }
    if (tok?.t === 'number') { p++; return Number(tok.v); }
    throw new VqlSyntaxError('expected a value');
  };
  const int = (): number => {
    const tok = peek();
    if (tok?.t !== 'number' || !/^\d+$/.test(tok.v)) throw new VqlSyntaxError('expected a whole number');
    p++;
    return Number(tok.v);
  };

  expectKw('SELECT');
  const fields = [field()];
  while (punct(',')) fields.push(field());
  expectKw('FROM');
  const object = field();

  const primary = (): VqlCondition => {
    if (punct('(')) {
      const c = orExpr();
      if (!punct(')')) throw new VqlSyntaxError('expected )');
      return c;
    }
    const f = field();
    if (isKw('CONTAINS') || isKw('IN')) {
      p++;
      if (!punct('(')) throw new VqlSyntaxError('expected ( after CONTAINS');
      const values = [value()];
      while (punct(',')) values.push(value());
      if (!punct(')')) throw new VqlSyntaxError('expected ) after CONTAINS values');
      return { kind: 'contains', field: f, values };
    }
    const tok = peek();
    if (tok?.t !== 'punct' || !['=', '!=', '<', '<=', '>', '>='].includes(tok.v)) throw new VqlSyntaxError(`expected an operator after ${f}`);
    p++;
    return { kind: 'compare', field: f, op: tok.v as '=', value: value() };
  };
  const andExpr = (): VqlCondition => {
    const items = [primary()];
    while (isKw('AND')) { p++; items.push(primary()); }
    return items.length === 1 ? items[0] : { kind: 'and', items };
  };
  function orExpr(): VqlCondition {
    const items = [andExpr()];
    while (isKw('OR')) { p++; items.push(andExpr()); }
    return items.length === 1 ? items[0] : { kind: 'or', items };
  }

  const query: VqlQuery = { fields, object };
  if (isKw('WHERE')) { p++; query.where = orExpr(); }
  if (isKw('ORDER')) {
    p++;
    expectKw('BY');
    const f = field();
    let direction: 'ASC' | 'DESC' = 'ASC';
    if (isKw('ASC') || isKw('DESC')) direction = toks[p++].v.toUpperCase() as 'ASC' | 'DESC';
    query.orderBy = { field: f, direction };
  }
  for (;;) {
    if (isKw('PAGESIZE')) { p++; query.pageSize = int(); continue; }
    if (isKw('PAGEOFFSET')) { p++; query.pageOffset = int(); continue; }
    break;
  }
  if (p < toks.length) throw new VqlSyntaxError(`unexpected '${toks[p].v}'`);
  return query;
}

/** Every field a query mentions, for validation against the object's metadata. */
export function fieldsOf(q: VqlQuery): string[] {
  const out = new Set(q.fields);
  const walk = (c?: VqlCondition) => {
    if (!c) return;
    if ('items' in c) c.items.forEach(walk);
    else out.add(c.field);
  };
  walk(q.where);
  if (q.orderBy) out.add(q.orderBy.field);
  return [...out];
}

/** Evaluates a condition against a plain record (used by MemoryCtms). */
export function matches(c: VqlCondition | undefined, rec: Record<string, unknown>): boolean {
  if (!c) return true;
  switch (c.kind) {
    case 'and': return c.items.every((i) => matches(i, rec));
    case 'or': return c.items.some((i) => matches(i, rec));
    case 'contains': return c.values.some((v) => loose(rec[c.field], v));
    case 'compare': {
      const a = rec[c.field];
      if (c.op === '=') return loose(a, c.value);
      if (c.op === '!=') return !loose(a, c.value);
      if (a === null || a === undefined) return false;
      const [x, y] = typeof c.value === 'number' ? [Number(a), c.value] : [String(a), c.value];
      if (c.op === '<') return x < y;
      if (c.op === '<=') return x <= y;
      if (c.op === '>') return x > y;
      return x >= y;
    }
  }
}

function loose(a: unknown, b: VqlValue): boolean {
  if (a === null || a === undefined) return false;
  return String(a) === String(b);
}

/** Quotes a value for a VQL string literal. */
export function vqlString(v: string): string {
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
