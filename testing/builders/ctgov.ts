import type { CellValue } from '../../src/core/model/sheet';
import { readCsvObjects } from './csv';
import type { Row, Sheets } from './wb';

/**
 * ClinicalTrials.gov records (test/fixtures/ctgov-flattened: studies,
 * sites and people CSVs flattened from legacy XML, API v2 JSON and classic
 * JSON) turned into a ctms-standard-v1 workbook the way a migration analyst
 * would on day one: values copied as they are, nothing cleaned, so the engine
 * sees real registry data.
 *
 * - studies → Studies (NCT id as Study Number; start date as FSFV, completion
 *   date as LSLV, in each source format's own notation) + one sponsor
 *   Organization per lead sponsor (type Sponsor; the registry gives no city or
 *   country for sponsors, so those stay blank);
 * - sites → one Organization per facility (name, city, state, zip, country)
 *   + one Site per study and facility (status as given; blank left blank);
 * - people with an email → Investigators (name split at the first comma:
 *   "Peter J Schmidt, M.D." → first "Peter J", last "Schmidt"; the degree is
 *   dropped) and, for facility people, Site Staff rows (role as given; the
 *   registry has no assignment dates).
 */

export interface CtgovSources {
  studies: Record<string, string>[];
  sites: Record<string, string>[];
  people: Record<string, string>[];
}

export function readCtgov(): CtgovSources {
  return {
    studies: readCsvObjects('ctgov-flattened/studies.csv'),
    sites: readCsvObjects('ctgov-flattened/sites.csv'),
    people: readCsvObjects('ctgov-flattened/people.csv'),
  };
}

const blank = (s: string | undefined): CellValue => (s === undefined || s === '' ? null : s);

function splitName(name: string): { first: string; last: string } {
  const base = name.split(',')[0]!.trim();
  const parts = base.split(/\s+/);
  const last = parts.pop() ?? '';
  return { first: parts.join(' '), last };
}

export function ctgovWorkbook(src: CtgovSources = readCtgov()): Sheets {
  const organizations: Row[] = [];
  const studies: Row[] = [];
  const sites: Row[] = [];
  const investigators: Row[] = [];
  const staff: Row[] = [];

  const sponsorId = new Map<string, string>();
  for (const s of src.studies) {
    let sp = sponsorId.get(s.lead_sponsor!);
    if (!sp && s.lead_sponsor) {
      sp = `SP-${String(sponsorId.size + 1).padStart(4, '0')}`;
      sponsorId.set(s.lead_sponsor, sp);
      organizations.push({ 'Organization ID': sp, 'Organization Name': s.lead_sponsor, 'Organization Type': 'Sponsor' });
    }
    studies.push({
      'Study Number': s.nct_id, 'Study Title': blank(s.brief_title), Phase: blank(s.phase), 'Study Status': blank(s.overall_status),
      'Sponsor Organization ID': sp ?? null, 'NCT Number': s.nct_id,
      'Planned Enrollment': blank(s.enrollment), 'FSFV Date': blank(s.start_date), 'LSLV Date': blank(s.completion_date),
    });
  }

  const orgId = new Map<string, string>();
  const siteOf = new Map<string, { siteNumber: string; orgId: string; country: string; row: Row }>();
  const perStudy = new Map<string, number>();
  for (const f of src.sites) {
    const ok = `${f.facility_name}|${f.city}|${f.country}`;
    let id = orgId.get(ok);
    if (!id) {
      id = `ORG-${String(orgId.size + 1).padStart(5, '0')}`;
      orgId.set(ok, id);
      organizations.push({
        'Organization ID': id, 'Organization Name': blank(f.facility_name), 'Organization Type': 'Hospital',
        City: blank(f.city), 'State/Province': blank(f.state), 'Postal Code': blank(f.zip), Country: blank(f.country),
      });
    }
    const sk = `${f.nct_id}|${f.facility_name}`;
    if (siteOf.has(sk)) continue;
    const n = (perStudy.get(f.nct_id!) ?? 0) + 1;
    perStudy.set(f.nct_id!, n);
    const row: Row = {
      'Study Number': f.nct_id, 'Site Number': String(n).padStart(3, '0'), 'Organization ID': id,
      'Principal Investigator Email': null, 'Site Status': blank(f.status), Country: blank(f.country),
    };
    siteOf.set(sk, { siteNumber: String(n).padStart(3, '0'), orgId: id, country: f.country ?? '', row });
    sites.push(row);
  }

  const seen = new Set<string>();
  for (const p of src.people) {
    if (!p.email) continue;
    const site = p.facility ? siteOf.get(`${p.nct_id}|${p.facility}`) : undefined;
    const key = p.email.trim().toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      const { first, last } = splitName(p.name ?? '');
      investigators.push({
        Email: p.email, 'First Name': blank(first), 'Last Name': blank(last), 'Organization ID': site?.orgId ?? null,
        Country: site ? blank(site.country) : null, Phone: blank(p.phone),
      });
    }
    if (site) {
      staff.push({ 'Study Number': p.nct_id, 'Site Number': site.siteNumber, Email: p.email, Role: blank(p.role) });
      if (site.row['Principal Investigator Email'] === null || /principal/i.test(p.role ?? '')) site.row['Principal Investigator Email'] = p.email;
    }
  }

  return { Organizations: organizations, Studies: studies, Sites: sites, Investigators: investigators, 'Site Staff': staff };
}
