'use strict';
/**
 * Collection rows derived from real ClinicalTrials.gov records
 * (test/fixtures/ctgov-flattened, a copy of ../shared/data/real/ctgov-flattened),
 * the way a migration analyst would paste a CTMS export into the template: values are
 * copied as the source writes them ("United States", "April 7, 2022", "N/A",
 * "Recruiting", "401-863-6650"), which is what the transformation rules are for.
 * Then the seeded errors of the scenario are added, each recorded with its cell so the
 * test can find it and, for the ones no rule can fix, correct it by hand.
 */
const fs = require('fs');
const path = require('path');

const DIR = path.join(__dirname, '..', 'fixtures', 'ctgov-flattened');

/** Investigator-initiated studies with one site each, so the site's organization is also the sponsor. */
const STUDIES = ['NCT02679963', 'NCT05380739', 'NCT05381194', 'NCT05389930', 'NCT05482516'];

/** RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\n') { row.push(field.replace(/\r$/, '')); rows.push(row); row = []; field = ''; } else field += ch;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  const [header, ...data] = rows;
  return data.filter((r) => r.length > 1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const read = (name) => parseCsv(fs.readFileSync(path.join(DIR, name), 'utf8'));

function orgType(name) {
  if (/universit/i.test(name)) return 'University';
  if (/hospital|medical cent|cancer|clinic/i.test(name)) return 'Hospital';
  return 'Research Institute';
}

/** "Jane Metrik, PhD" → first, middle, last, degree. */
function splitName(full) {
  const [name, ...degrees] = full.split(',').map((s) => s.trim());
  const parts = name.split(/\s+/);
  const last = parts.pop();
  const first = parts.shift() ?? '';
  return { first, middle: parts.join(' '), last, degree: degrees.join(', ').replace(/\./g, '') };
}

const STATUS = { Recruiting: 'Enrolling', 'Not yet recruiting': 'Planned', 'Active, not recruiting': 'Active', Completed: 'Completed' };

function deriveRows() {
  const studies = read('studies.csv').filter((s) => STUDIES.includes(s.nct_id));
  const sites = read('sites.csv');
  const people = read('people.csv');
  const out = { Organizations: [], Studies: [], Sites: [], Investigators: [], 'Site Staff': [] };
  const seen = new Set();
  STUDIES.forEach((nct, i) => {
    const study = studies.find((s) => s.nct_id === nct);
    const site = sites.find((s) => s.nct_id === nct);
    const orgId = `ORG-${String(i + 1).padStart(3, '0')}`;
    // Organizations: Org ID, Name, Type, Address, City, State, Postal Code, Country, Phone
    out.Organizations.push([orgId, site.facility_name, orgType(site.facility_name), '', site.city, site.state, site.zip, site.country, '']);
    // Studies: Number, Title, Phase, Status, Sponsor Org, NCT, IND, Area, Planned Enrollment, FSFV, LSLV, CSR due
    out.Studies.push([nct, study.brief_title, study.phase, STATUS[study.overall_status] ?? study.overall_status, orgId, nct, '', '', study.enrollment, study.start_date, '', '']);
    // The site's contact (or the study's) is its principal investigator.
    const contacts = people.filter((p) => p.nct_id === nct && p.email);
    const pi = contacts.find((p) => p.kind === 'facility_contact') ?? contacts[0];
    // Sites: Study, Site Number, Org, PI Email, Status, Country, Activation, FSFV, LSLV, Screened, Enrolled, Completed
    out.Sites.push([nct, '001', orgId, pi.email, site.status, site.country, '', '', '', '', '', '']);
    for (const p of contacts) {
      const key = p.email.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      const n = splitName(p.name);
      // Investigators: Email, First, Last, Middle, Title, Degree, Org, City, State, Country, Phone, GCP date
      out.Investigators.push([p.email, n.first, n.last, n.middle, n.degree ? 'Dr.' : '', n.degree, orgId, site.city, site.state, site.country, p.phone, '']);
      const role = key === pi.email.toLowerCase() ? 'Principal Investigator' : p.kind.includes('backup') ? 'Study Coordinator' : null;
      // Site Staff: Study, Site, Email, Role, Start, End
      if (role) out['Site Staff'].push([nct, '001', p.email, role, study.start_date, '']);
    }
  });
  return out;
}

/** Seeded errors: [sheet, column letter, data index (0 = row 2), value, what it is, fix by hand or null]. */
function seed(rows) {
  const seeds = [];
  const put = (sheet, row, col, value, what, fix = null) => {
    const letters = 'ABCDEFGHIJKL';
    rows[sheet][row][col] = value;
    seeds.push({ sheet, cell: `${letters[col]}${row + 2}`, value, what, fix });
  };
  put('Organizations', 1, 7, 'USA', "'USA' country (T-COUNTRY proposes US)");
  // The Michigan study's backup contact, recorded with a loose role name and a numeric date.
  const staff = rows['Site Staff'].findIndex((r) => r[2] === 'lanooch@umich.edu');
  put('Site Staff', staff, 3, 'Investigator', "'Investigator' role (T-ROLE proposes Sub Investigator)");
  const lauren = rows.Investigators.findIndex((r) => r[0] === 'lanooch@umich.edu');
  put('Investigators', lauren, 11, '03/04/2021', "'03/04/2021' GCP date: ambiguous until the date order is set");
  put('Sites', 2, 9, -5, 'negative Subjects Screened', 12);
  const asan = rows.Investigators.findIndex((r) => r[0] === 'shimts@amc.seoul.kr');
  put('Investigators', asan, 2, '沈', 'Chinese (hanja) last name', 'Shim');
  put('Sites', 4, 2, 'ORG-099', 'organization that is not on the Organizations sheet', 'ORG-005');
  return seeds;
}

function scenarioRows() {
  const rows = deriveRows();
  const seeds = seed(rows);
  return { rows, seeds };
}

module.exports = { scenarioRows, parseCsv, STUDIES };

if (require.main === module) console.log(JSON.stringify(scenarioRows(), null, 1));
