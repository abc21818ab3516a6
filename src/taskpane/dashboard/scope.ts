import { effectiveSheet, proposedValues, type EffectiveSheet } from '../../core/sheet/effective';
import type { SheetData, WorkbookData } from '../../core/model/sheet';
import type { Standard } from '../../core/standard/schema';
import type { VerifyResult } from '../../core/verify/engine';

/**
 * The dashboard's study / country filter. Rather than filter the finished
 * KPIs (which cannot be split after the fact), it narrows the data before
 * computeKpis: the selected sites, their study rows, their staff and the
 * people linked to them, with the issues and proposals of those rows. Every
 * figure on the dashboard then means the same thing for the subset as for
 * the whole workbook. Rows tied to no study (Organizations) leave the scope.
 */

export interface Scope { study: string | null; country: string | null }

const SEP = '\u0001';
/** Studies and countries to offer in the filters (from the Studies and Sites sheets). */
export function scopeOptions(std: Standard, wb: WorkbookData, result: VerifyResult): { studies: string[]; countries: string[] } {
  const proposed = proposedValues(result.proposals);
  const studies = new Set<string>();
  const countries = new Set<string>();
  const st = effectiveSheet(std, 'study', wb, proposed);
  st?.sheet.rows.forEach((_, r) => { const s = st.get(r, 'study_number'); if (s) studies.add(s); });
  const si = effectiveSheet(std, 'site', wb, proposed);
  si?.sheet.rows.forEach((_, r) => {
    const s = si.get(r, 'study_number');
    const c = si.get(r, 'country');
    if (s) studies.add(s);
    if (c) countries.add(c);
  });
  const natural = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });
  return { studies: [...studies].sort(natural), countries: [...countries].sort(natural) };
}

/** The workbook and result restricted to the scope (unchanged when nothing is selected). */
export function applyScope(std: Standard, wb: WorkbookData, result: VerifyResult, scope: Scope): { workbook: WorkbookData; result: VerifyResult } {
  if (!scope.study && !scope.country) return { workbook: wb, result };
  const proposed = proposedValues(result.proposals);
  const keep = new Map<string, Set<number>>();
  const take = (sheet: SheetData, r: number) => {
    let s = keep.get(sheet.name);
    if (!s) keep.set(sheet.name, (s = new Set()));
    s.add(r);
  };
  const sites = effectiveSheet(std, 'site', wb, proposed);
  const siteKeys = new Set<string>();
  const studyKeys = new Set<string>();
  const emails = new Set<string>();
  sites?.sheet.rows.forEach((_, r) => {
    const study = sites.get(r, 'study_number');
    if (scope.study && study !== scope.study) return;
    if (scope.country && sites.get(r, 'country') !== scope.country) return;
    take(sites.sheet, r);
    siteKeys.add(`${study}${SEP}${sites.get(r, 'site_number')}`);
    if (study) studyKeys.add(study);
    const pi = sites.get(r, 'pi_email');
    if (pi) emails.add(pi);
  });
  // A study chosen without a country keeps its row even when it has no site yet.
  if (scope.study && !scope.country) studyKeys.add(scope.study);
  const studies = effectiveSheet(std, 'study', wb, proposed);
  studies?.sheet.rows.forEach((_, r) => { if (studyKeys.has(studies.get(r, 'study_number') ?? '')) take(studies.sheet, r); });
  const staff = effectiveSheet(std, 'site_staff', wb, proposed);
  staff?.sheet.rows.forEach((_, r) => {
    if (!siteKeys.has(`${staff.get(r, 'study_number')}${SEP}${staff.get(r, 'site_number')}`)) return;
    take(staff.sheet, r);
    const e = staff.get(r, 'email');
    if (e) emails.add(e);
  });
  const persons = effectiveSheet(std, 'person', wb, proposed);
  persons?.sheet.rows.forEach((_, r) => { if (emails.has(persons.get(r, 'email') ?? '')) take(persons.sheet, r); });

  const views = [sites, studies, staff, persons].filter((v): v is EffectiveSheet => v !== null);
  const sheets = wb.sheets.map((s) => {
    const rows = keep.get(s.name) ?? new Set<number>();
    const idx = s.rows.map((_, i) => i).filter((i) => rows.has(i));
    return { ...s, rows: idx.map((i) => s.rows[i]!), rowNumbers: idx.map((i) => s.rowNumbers[i]!) };
  });
  const kept = new Set<string>();
  for (const s of sheets) for (const n of s.rowNumbers) kept.add(`${s.name}${SEP}${n}`);
  const inScope = (sheet: string, row: number) => kept.has(`${sheet}${SEP}${row}`);
  const issues = result.issues.filter((i) => inScope(i.sheet, i.row));
  const proposals = result.proposals.filter((p) => inScope(p.sheet, p.row));
  const cells = views.reduce((n, v) => n + (keep.get(v.sheet.name)?.size ?? 0) * v.mappedColumns, 0);
  const rows = sheets.reduce((n, s) => n + s.rows.length, 0);
  const count = (sev: string) => issues.filter((i) => i.severity === sev).length;
  return {
    workbook: { ...wb, sheets },
    result: { ...result, issues, proposals, summary: { ...result.summary, rows, cells, errors: count('error'), warnings: count('warning'), infos: count('info'), proposals: proposals.length } },
  };
}
