import type { Standard } from '../standard/schema';
import { criticalFieldSet, type FieldScope } from './sheet';
import type { SamplePlan } from './sample';

/**
 * The reviewer's work instructions: the sampling plan as drawn (so the draw can
 * be repeated from its seed), the checklist, and which fields are checked. One
 * model, printed as Markdown and laid out as the Checklist sheet.
 */

export interface QcInstructions {
  title: string;
  plan: [string, string][];
  steps: string[];
  fields: { sheet: string; field: string; target: string; critical: boolean; checked: boolean }[];
}

export interface InstructionOptions {
  source: string;
  transferId: string | null;
  scope: FieldScope;
  generatedAt: string;
  generatedBy: string;
}

export function planSummary(plan: SamplePlan): string {
  if (plan.method === 'percent') return `${plan.percent}% of ${plan.lotSize} records → ${plan.sampleSize}`;
  const arrow = plan.planLetter !== plan.codeLetter ? ` (arrow to ${plan.planLetter})` : '';
  return `AQL ${plan.aql}, code letter ${plan.codeLetter}${arrow}: ${plan.sampleSize} of ${plan.lotSize} records${plan.fullInspection ? ' (every record)' : ''}, accept with at most ${plan.acceptance} nonconforming, reject at ${plan.rejection}`;
}

export function qcInstructions(std: Standard, plan: SamplePlan, o: InstructionOptions): QcInstructions {
  const critical = criticalFieldSet(std);
  const entities = new Set(plan.selected.map((r) => r.entity));
  const fields: QcInstructions['fields'] = [];
  for (const e of std.entities) {
    const hasCritical = e.fields.some((f) => critical.has(`${e.key}.${f.key}`));
    for (const f of e.fields) {
      const isCritical = critical.has(`${e.key}.${f.key}`);
      fields.push({ sheet: e.sheet, field: f.header, target: f.targetField ? `${e.targetObject}.${f.targetField}` : '', critical: isCritical, checked: entities.has(e.key) && (o.scope === 'all' || !hasCritical || isCritical) });
    }
  }
  const planRows: [string, string][] = [
    ['Source', o.source],
    ['Lot', o.transferId ? `records sent by transfer ${o.transferId}` : 'every record of the workbook (before transfer)'],
    ['Plan', plan.reference],
    ['Sample', planSummary(plan)],
    ['Stratified', plan.stratified ? plan.strata.map((s) => `${s.study || '(no study)'} / ${s.site || '(no site)'}: ${s.sample} of ${s.lot}`).join('; ') : 'no'],
    ['Fields checked', o.scope === 'critical' ? 'the critical fields of each sampled record' : 'every field of each sampled record'],
    ['Random draw', `seed ${plan.seed}; ${plan.prng}`],
    ['Generated', `${o.generatedAt} by ${o.generatedBy}`],
  ];
  const steps = [
    'Open the source record (Sheet, Row, Cell) and the same record in the target CTMS (External ID).',
    'Compare each listed field: the source value, the target value, and the mapping specification (target field, transformations).',
    'Set Verdict to Pass when the target holds the right value for the source value, Fail otherwise; never edit the other columns.',
    'For each Fail, pick a cause category and say in Comment what is wrong and what it should be.',
    'Fill Reviewer and Date (yyyy-mm-dd) on every row you checked.',
    'Critical fields (marked Yes) are checked on every sampled record: do not skip them.',
    `Run the QC report: the lot is rejected when the nonconforming records reach the rejection number; the QC error rate goal is below 0.5 % of fields checked.`,
    'In the Issues sheet, give each item an owner, the corrective action, and close it with the date once fixed and re-checked.',
  ];
  return { title: `Quality control of ${o.source}`, plan: planRows, steps, fields };
}

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function qcInstructionsMarkdown(ins: QcInstructions): string {
  const out = [`# ${ins.title}`, '', '## Sampling plan', '', '| | |', '|---|---|', ...ins.plan.map(([k, v]) => `| ${esc(k)} | ${esc(v)} |`), '', '## Checklist', ''];
  ins.steps.forEach((s, i) => out.push(`${i + 1}. ${s}`));
  out.push('', '## Fields', '', '| Sheet | Field | Target field | Critical | Checked |', '|---|---|---|---|---|');
  for (const f of ins.fields) out.push(`| ${esc(f.sheet)} | ${esc(f.field)} | ${esc(f.target)} | ${f.critical ? 'yes' : ''} | ${f.checked ? 'yes' : ''} |`);
  return `${out.join('\n')}\n`;
}
