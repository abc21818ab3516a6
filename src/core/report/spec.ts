import type { BusinessRule, Field, Standard } from '../standard/schema';

/**
 * The mapping specification for sign-off: every field with its checks and
 * target field, every business rule, every transformation with its business
 * reason and examples, and (optionally) the decisions recorded for a workbook.
 */

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function checks(f: Field): string {
  const c: string[] = [];
  if (f.required) c.push('required');
  c.push(f.type === 'pick' ? 'picklist' : f.type);
  if (f.maxLength) c.push(`max ${f.maxLength}`);
  if (f.pattern) c.push(`pattern \`${f.pattern}\``);
  if (f.min !== undefined) c.push(`≥ ${f.min}`);
  if (f.unique) c.push(f.caseInsensitive ? 'unique (case-insensitive)' : 'unique');
  if (f.latinOnly) c.push('Latin script only');
  if (f.reference) c.push(`reference → ${f.reference.entity}.${f.reference.fields.join('+')}`);
  return c.join('; ');
}

function ruleText(r: BusinessRule): string {
  switch (r.kind) {
    case 'compare': return `${r.left} ${r.op} ${r.right}`;
    case 'notFuture': return `${r.field} ≤ today`;
    case 'forbid': return `not (${r.when.map((c) => ('in' in c ? `${c.field} in [${c.in.join(', ')}]` : 'blank' in c ? `${c.field} blank` : 'present' in c ? `${c.field} set` : `${c.field} ${c.op} ${c.value}`)).join(' and ')})`;
    case 'noOverlap': return `no overlapping ${r.start}–${r.end} periods per ${r.groupBy.join('+')} where ${r.where.map((c) => c.field).join(', ')}`;
    case 'exists': return `a matching row in ${r.in} (${r.match.map(([a, b]) => `${a}=${b}`).join(', ')})`;
    case 'equalsReferenced': return `${r.field} = ${r.in}.${r.otherField} via ${r.via}`;
  }
}

export interface SpecDecision { what: string; decision: string; by?: string; at?: string }

const PARSER_WORDS: Record<NonNullable<Standard['transformations'][number]['parser']>, string> = {
  phase: 'prefix Phase, Ph, Ph. or P; arabic or roman numerals; combined phases; registry enumerations such as PHASE1|PHASE2; N/A',
  status: 'registry statuses such as RECRUITING or Active, not recruiting, and the usual CTMS words',
  role: 'PI, Sub-I, Co-Investigator, CRC, CRA, PharmD and their spellings',
};

export function mappingSpecMarkdown(std: Standard, decisions: SpecDecision[] = []): string {
  const out: string[] = [];
  out.push(`# Mapping specification — ${std.name} (${std.id} v${std.version})`, '');
  out.push('For sign-off: each field with its checks and target field, the business rules, and every transformation with its business reason and examples. Transformations are proposed, shown before → after, and applied only when accepted.', '');
  for (const e of std.entities) {
    out.push(`## Sheet \`${e.sheet}\` → \`${e.targetObject}\``, '', e.description, '', `External id: \`${e.externalId}\`${e.externalIdLowerCase ? ' (lower-cased)' : ''}`, '');
    out.push('| Header | key | checks | target field | guidance |', '|---|---|---|---|---|');
    for (const f of e.fields) out.push(`| ${esc(f.header)} | \`${f.key}\` | ${esc(checks(f))} | ${f.targetField ? `\`${f.targetField}\`` : ''} | ${esc(f.help)} |`);
    if (e.uniqueKeys.length) out.push('', `Unique together: ${e.uniqueKeys.map((k) => k.join(' + ')).join('; ')}`);
    out.push('');
  }
  out.push('## Business rules', '', '| id | sheet | severity | rule | meaning |', '|---|---|---|---|---|');
  for (const r of std.rules) {
    const sheet = std.entities.find((e) => e.key === r.entity)?.sheet ?? r.entity;
    out.push(`| ${r.id} | ${sheet} | ${r.severity} | ${esc(ruleText(r))} | ${esc(r.description)} |`);
  }
  out.push('', '## Transformations', '');
  for (const t of std.transformations) {
    out.push(`### ${t.id} — ${t.title}`, '', `Applies to: ${[...(t.appliesTo.types ?? []).map((x) => `${x} fields`), ...(t.appliesTo.fields ?? [])].join(', ')}`, '', `Business reason: ${t.reason}`, '');
    if (t.parser) out.push(`Spellings are read by their meaning (${PARSER_WORDS[t.parser]}), whatever their case, spacing and punctuation; a value that cannot be read stays an error.${t.map ? ' The table holds the business decisions.' : ''}`, '');
    if (t.map) {
      out.push('| source value | becomes |', '|---|---|');
      for (const [a, b] of Object.entries(t.map)) out.push(`| ${esc(a)} | ${esc(b)} |`);
      out.push('');
    }
    if (t.derive) {
      out.push('When blank, derived (first match wins):', '');
      for (const d of t.derive) out.push(`- ${d.when.length ? d.when.map((c) => ('present' in c ? `${c.field} set` : 'op' in c ? `${c.field} ${c.op} ${c.value}` : c.field)).join(' and ') : 'otherwise'} → ${d.value}`);
      out.push('');
    }
    if (t.examples.length) {
      out.push('Examples:', '');
      for (const x of t.examples) out.push(`- ${x.from} → ${x.to}`);
      out.push('');
    }
  }
  if (Object.keys(std.countryAliases).length) {
    out.push('### Country spellings added by this standard', '', Object.entries(std.countryAliases).map(([a, b]) => `${a} → ${b}`).join('; '), '');
  }
  out.push('## Decisions recorded for this workbook', '');
  if (!decisions.length) out.push('None recorded yet.', '');
  else {
    out.push('| what | decision | by | when (UTC) |', '|---|---|---|---|');
    for (const d of decisions) out.push(`| ${esc(d.what)} | ${esc(d.decision)} | ${esc(d.by ?? '')} | ${d.at ?? ''} |`);
    out.push('');
  }
  out.push('Sign-off: ______________________  Date: __________', '');
  return out.join('\n');
}
