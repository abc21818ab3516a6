import * as fs from 'fs';
import * as path from 'path';
import { defaultStandard } from '../../src/core/standard/load';
import { analyzeCell, createAnalyzeContext, planField } from '../../src/core/transform/cell';
import { readPhase } from '../../src/core/transform/parsers/phase';
import { readStatus } from '../../src/core/transform/parsers/status';
import { readRole } from '../../src/core/transform/parsers/role';
import { readerTable } from '../../src/core/transform/parsers';
import { cleanWith, findings, verify } from '../../testing/builders/wb';

/**
 * Value readers for phase, status and role: a table of spellings well beyond
 * the standard's examples, and every distinct value the real registry files
 * hold (ClinicalTrials.gov legacy XML, API v2 and classic JSON under
 * /work/shared/data/real). A value no reader can place stays an error.
 */

const std = defaultStandard();
const ctx = createAnalyzeContext(std);

/** What a cell of entity.field becomes: the list value proposed (or kept), or ERROR. */
function becomes(entity: string, field: string, value: string | number): string {
  const e = std.entities.find((x) => x.key === entity)!;
  const plan = planField(std, e, e.fields.find((f) => f.key === field)!);
  const out = analyzeCell(plan, value, ctx);
  if (out.finding) return 'ERROR';
  return String(out.proposal ? out.proposal.to : out.eff);
}

describe('study phase', () => {
  test.each([
    ['Phase 1', 'Phase 1'], ['phase 1', 'Phase 1'], ['PHASE 1', 'Phase 1'], ['Phase1', 'Phase 1'], ['phase-1', 'Phase 1'], ['Phase_1', 'Phase 1'],
    ['Ph1', 'Phase 1'], ['Ph 1', 'Phase 1'], ['Ph.1', 'Phase 1'], ['PH. I', 'Phase 1'], ['P1', 'Phase 1'], ['p 1', 'Phase 1'], ['I', 'Phase 1'], ['i', 'Phase 1'], ['1', 'Phase 1'], [1, 'Phase 1'],
    ['Phase One', 'Phase 1'], ['Phase Ⅰ', 'Phase 1'], ['Phase 1a', 'Phase 1'], ['Phase Ib', 'Phase 1'], ['PhaseIb', 'Phase 1'],
    ['Phase II', 'Phase 2'], ['phase ii', 'Phase 2'], ['Phase IIa', 'Phase 2'], ['Phase 2b', 'Phase 2'], ['PHASE2', 'Phase 2'], ['Ph II', 'Phase 2'], ['P2', 'Phase 2'], [2, 'Phase 2'],
    ['Phase III', 'Phase 3'], ['PHASE3', 'Phase 3'], ['Phase 3b', 'Phase 3'], ['IIIb', 'Phase 3'], ['phase three', 'Phase 3'],
    ['Phase IV', 'Phase 4'], ['PHASE4', 'Phase 4'], ['Ph. 4', 'Phase 4'], ['iv', 'Phase 4'],
    ['Phase 1/Phase 2', 'Phase 1/2'], ['Phase 1|Phase 2', 'Phase 1/2'], ['PHASE1|PHASE2', 'Phase 1/2'], ['PHASE1, PHASE2', 'Phase 1/2'], ['Phase I/II', 'Phase 1/2'],
    ['Phase I-II', 'Phase 1/2'], ['Phase 1 - 2', 'Phase 1/2'], ['Phase 1 and 2', 'Phase 1/2'], ['Phase 1 & Phase 2', 'Phase 1/2'], ['Ph 1/2', 'Phase 1/2'], ['1/2', 'Phase 1/2'],
    ['I/II', 'Phase 1/2'], ['Phase 1b/2', 'Phase 1/2'], ['Phase Ib/IIa', 'Phase 1/2'], ['Phase 2/1', 'Phase 1/2'],
    ['Phase 2/Phase 3', 'Phase 2/3'], ['PHASE2|PHASE3', 'Phase 2/3'], ['Phase II/III', 'Phase 2/3'], ['Phase 2-3', 'Phase 2/3'], ['2/3', 'Phase 2/3'], ['ii/iii', 'Phase 2/3'],
    ['N/A', 'Not Applicable'], ['NA', 'Not Applicable'], ['n/a', 'Not Applicable'], ['n.a.', 'Not Applicable'], ['Not Applicable', 'Not Applicable'], ['NOT_APPLICABLE', 'Not Applicable'], ['not-applicable', 'Not Applicable'],
  ])('%p → %p', (from, to) => {
    expect(becomes('study', 'phase', from)).toBe(to);
  });

  test.each([
    'Early Phase 1', 'EARLY_PHASE1', 'Phase 0', 'Phase 5', 'Phase X', 'Phase 1/2/3', 'Phase 1 or 2', 'Phase 2 (pilot)', 'Pivotal', 'PI', '12', '2.5', 'nan', 'Phase', 'P', 'Phase 1/', '/2', 'Phase 3/4',
  ])('%p cannot be placed: an error, never a guess', (v) => {
    expect(becomes('study', 'phase', v)).toBe('ERROR');
  });

  test('Early Phase 1 is read (it is not garbage) but the list has no counterpart', () => {
    expect(readPhase('EARLY_PHASE1')).toEqual({ key: 'early 1' });
    expect(readPhase('Phase 7')).toBeNull();
  });

  test('a sub-phase is named in the proposal reason', () => {
    const r = verify(cleanWith('Studies', { Phase: 'Phase IIb' }));
    expect(findings(r)).toEqual([]);
    expect(r.proposals.map((p) => [p.ruleId, p.to, p.reason])).toEqual([['T-PHASE', 'Phase 2', 'sub-phase iib counted as its phase']]);
  });
});

describe('study and site status', () => {
  test.each([
    ['RECRUITING', 'Enrolling', 'Enrolling'], ['Recruiting', 'Enrolling', 'Enrolling'], ['recruiting ', 'Enrolling', 'Enrolling'], ['Open', 'Enrolling', 'Enrolling'],
    ['Open to accrual', 'Enrolling', 'Enrolling'], ['Open for enrolment', 'Enrolling', 'Enrolling'], ['Enrollment open', 'Enrolling', 'Enrolling'], ['ENROLLING_BY_INVITATION', 'Enrolling', 'Enrolling'],
    ['Enrolling by invitation', 'Enrolling', 'Enrolling'],
    ['NOT_YET_RECRUITING', 'Planned', 'Planned'], ['Not yet recruiting', 'Planned', 'Planned'], ['not yet open', 'Planned', 'Planned'], ['Planning', 'Planned', 'Planned'],
    ['ACTIVE_NOT_RECRUITING', 'Active', 'Closed to Enrollment'], ['Active, not recruiting', 'Active', 'Closed to Enrollment'], ['Closed to accrual', 'Active', 'Closed to Enrollment'],
    ['Closed to recruitment', 'Active', 'Closed to Enrollment'], ['Enrolment closed', 'Active', 'Closed to Enrollment'],
    ['COMPLETED', 'Completed', 'Closed'], ['Complete', 'Completed', 'Closed'],
    ['TERMINATED', 'Terminated', 'Closed'], ['Stopped early', 'Terminated', 'Closed'],
    ['WITHDRAWN', 'Withdrawn', 'Cancelled'], ['Canceled', 'ERROR', 'Cancelled'],
    ['Follow-up', 'Follow-up', 'ERROR'], ['In follow up', 'Follow-up', 'ERROR'], ['FOLLOW_UP', 'Follow-up', 'ERROR'],
    ['Closed-out', 'ERROR', 'Closed'], ['Close out', 'ERROR', 'Closed'], ['Site closed', 'ERROR', 'Closed'],
    ['Active', 'Active', 'Enrolling'], ['Selected', 'ERROR', 'Selected'], ['site initiated', 'ERROR', 'Initiated'],
    ['SUSPENDED', 'ERROR', 'ERROR'], ['On hold', 'ERROR', 'ERROR'], ['UNKNOWN', 'ERROR', 'ERROR'], ['Unknown status', 'ERROR', 'ERROR'], ['Withheld', 'ERROR', 'ERROR'],
    ['AVAILABLE', 'ERROR', 'ERROR'], ['Approved for marketing', 'ERROR', 'ERROR'], ['Ongoing?', 'ERROR', 'ERROR'], ['Recruiting soon', 'ERROR', 'ERROR'],
  ])('%p → study %p, site %p', (from, study, site) => {
    expect([becomes('study', 'study_status', from), becomes('site', 'site_status', from)]).toEqual([study, site]);
  });
});

describe('site staff role', () => {
  test.each([
    ['Principal Investigator', 'Principal Investigator'], ['PRINCIPAL_INVESTIGATOR', 'Principal Investigator'], ['PI', 'Principal Investigator'], ['P.I.', 'Principal Investigator'],
    ['Principal Inv.', 'Principal Investigator'], ['Site PI', 'Principal Investigator'], ['Study PI', 'Principal Investigator'],
    ['Sub-Investigator', 'Sub Investigator'], ['SUB_INVESTIGATOR', 'Sub Investigator'], ['Subinvestigator', 'Sub Investigator'], ['Sub-I', 'Sub Investigator'], ['SubI', 'Sub Investigator'],
    ['Sub Inv.', 'Sub Investigator'], ['Co-Investigator', 'Sub Investigator'], ['Coinvestigator', 'Sub Investigator'], ['Co-I', 'Sub Investigator'], ['CoI', 'Sub Investigator'],
    ['Investigator', 'Sub Investigator'], ['Site Investigator', 'Sub Investigator'],
    ['CRC', 'Study Coordinator'], ['Coordinator', 'Study Coordinator'], ['Study Co-ordinator', 'Study Coordinator'], ['Clinical Research Coordinator', 'Study Coordinator'],
    ['Research Coordinator', 'Study Coordinator'], ['Study Coordinator (CRC)', 'Study Coordinator'], ['Site Coordinator', 'Study Coordinator'],
    ['Pharmacist', 'Pharmacist'], ['PharmD', 'Pharmacist'], ['Research Pharmacist', 'Pharmacist'], ['Pharmacy', 'Pharmacist'],
    ['Monitor', 'Monitor'], ['CRA', 'Monitor'], ['Clinical Research Associate', 'Monitor'], ['Site Monitor', 'Monitor'], ['Monitor / CRA', 'Monitor'],
    ['Nurse', 'Other'], ['Research Nurse', 'Other'], ['Study Nurse', 'Other'], ['RN', 'Other'], ['Other', 'Other'],
  ])('%p → %p', (from, to) => {
    expect(becomes('site_staff', 'role', from)).toBe(to);
  });

  test.each(['Contact', 'CONTACT', 'Study Chair', 'Study Director', 'STUDY_DIRECTOR', 'Nurse Coordinator', 'Investigator Assistant', 'Data Manager', 'PI / CRC', 'Lead'])(
    '%p cannot be placed: an error, never a guess', (v) => {
      expect(becomes('site_staff', 'role', v)).toBe('ERROR');
    });
});

describe('the readers map only to the standard\'s list values', () => {
  test('every key points at a picklist value of the field, whatever the map says', () => {
    const t = readerTable('status', ['Open', 'Shut'], { Recruiting: 'Open', Completed: 'Not In List' });
    expect([...t.byKey]).toEqual([['enrolling', 'Open']]);
    expect(readStatus('Shut')).toBeNull();
    expect(readRole('')).toBeNull();
  });
});

/** Distinct phase, status and role values in the real registry files, by where they sit. */
function realValues(): { phase: Set<string>; studyStatus: Set<string>; siteStatus: Set<string>; role: Set<string> } {
  const root = '/work/shared/data/real';
  const out = { phase: new Set<string>(), studyStatus: new Set<string>(), siteStatus: new Set<string>(), role: new Set<string>() };
  const xmlDirs = ['ctti-aact/xml_legacy', 'trec2022-ctgov-sample/xml_legacy'];
  for (const dir of xmlDirs) {
    for (const f of fs.readdirSync(path.join(root, dir)).filter((x) => x.endsWith('.xml'))) {
      const xml = fs.readFileSync(path.join(root, dir, f), 'utf8');
      for (const m of xml.matchAll(/<phase>([^<]*)<\/phase>/g)) out.phase.add(m[1]!);
      for (const m of xml.matchAll(/<overall_status>([^<]*)<\/overall_status>/g)) out.studyStatus.add(m[1]!);
      for (const m of xml.matchAll(/<location>[\s\S]*?<status>([^<]*)<\/status>/g)) out.siteStatus.add(m[1]!);
      for (const m of xml.matchAll(/<role>([^<]*)<\/role>/g)) out.role.add(m[1]!);
    }
  }
  const walk = (o: unknown): void => {
    if (Array.isArray(o)) { o.forEach(walk); return; }
    if (!o || typeof o !== 'object') return;
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
      const vals = Array.isArray(v) && v.every((x) => typeof x === 'string') ? [(v as string[]).join('|')] : typeof v === 'string' ? [v] : [];
      if (k === 'phases' || k === 'Phase') vals.forEach((x) => out.phase.add(x));
      if (k === 'overallStatus' || k === 'OverallStatus') vals.forEach((x) => out.studyStatus.add(x));
      if (k === 'LocationStatus' || k === 'status') vals.forEach((x) => out.siteStatus.add(x));
      if (k === 'LocationContactRole' || k === 'role') vals.forEach((x) => out.role.add(x));
      walk(v);
    }
  };
  for (const dir of ['ctti-aact/json_api_v2', 'ctti-aact/json_api_v1_classic']) {
    for (const f of fs.readdirSync(path.join(root, dir)).filter((x) => x.endsWith('.json'))) walk(JSON.parse(fs.readFileSync(path.join(root, dir, f), 'utf8')));
  }
  return out;
}

describe('real ClinicalTrials.gov values (AACT and TREC 2022 samples)', () => {
  const real = realValues();
  const table = (entity: string, field: string, values: Set<string>) => Object.fromEntries([...values].sort().map((v) => [v, becomes(entity, field, v)]));

  test('every distinct phase is placed, or has no counterpart in the list', () => {
    expect(table('study', 'phase', real.phase)).toEqual({
      'Early Phase 1': 'ERROR', 'N/A': 'Not Applicable', NA: 'Not Applicable', 'Not Applicable': 'Not Applicable',
      'Phase 1': 'Phase 1', 'Phase 1/Phase 2': 'Phase 1/2', 'Phase 1|Phase 2': 'Phase 1/2', 'Phase 2': 'Phase 2', 'Phase 2/Phase 3': 'Phase 2/3',
      'Phase 2|Phase 3': 'Phase 2/3', 'Phase 3': 'Phase 3', 'Phase 4': 'Phase 4', PHASE2: 'Phase 2', PHASE3: 'Phase 3',
    });
  });

  test('every distinct overall status', () => {
    expect(table('study', 'study_status', real.studyStatus)).toEqual({
      'Active, not recruiting': 'Active', Available: 'ERROR', COMPLETED: 'Completed', Completed: 'Completed', 'Enrolling by invitation': 'Enrolling',
      NOT_YET_RECRUITING: 'Planned', 'Not yet recruiting': 'Planned', Recruiting: 'Enrolling', Suspended: 'ERROR', Terminated: 'Terminated',
      UNKNOWN: 'ERROR', 'Unknown status': 'ERROR', WITHDRAWN: 'Withdrawn', Withdrawn: 'Withdrawn', Withheld: 'ERROR',
    });
  });

  test('every distinct site (location) status', () => {
    expect(table('site', 'site_status', real.siteStatus)).toEqual({
      'Active, not recruiting': 'Closed to Enrollment', Completed: 'Closed', 'Enrolling by invitation': 'Enrolling', 'Not yet recruiting': 'Planned',
      RECRUITING: 'Enrolling', Recruiting: 'Enrolling', Suspended: 'ERROR',
    });
  });

  test('every distinct contact or official role', () => {
    expect(table('site_staff', 'role', real.role)).toEqual({
      CONTACT: 'ERROR', Contact: 'ERROR', PRINCIPAL_INVESTIGATOR: 'Principal Investigator', 'Principal Investigator': 'Principal Investigator',
      STUDY_CHAIR: 'ERROR', STUDY_DIRECTOR: 'ERROR', 'Study Chair': 'ERROR', 'Study Director': 'ERROR', 'Sub-Investigator': 'Sub Investigator',
    });
  });
});
