import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CellValue, WorkbookData } from '../../src/core/model/sheet';
import { createServer, type CtmsServer, type ServerOptions } from '../../src/server';
import { VaultClient, type VaultClientOptions } from '../../src/connectors';
import type { TransferLog } from '../../src/core/transfer';
import { readCsvObjects } from '../../testing/builders/csv';
import { wb, type Row, type Sheets } from '../../testing/builders/wb';

export const USER = { username: 'transfer-tester', password: 'transfer-test-password-1' };

export interface Target {
  server: CtmsServer;
  url: string;
  dir: string;
  dbFile: string;
  stop: () => Promise<void>;
}

/** The reference server on loopback with a file database in its own temporary folder. */
export async function startTarget(options: ServerOptions = {}): Promise<Target> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ctms-transfer-'));
  const dbFile = path.join(dir, 'ctms.db');
  const server = createServer({ port: 0, dbFile, users: USER, burstLimit: 1_000_000, ...options });
  const { url } = await server.start();
  return {
    server, url, dir, dbFile,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A reference server for the enclosing describe block, with the CLI's credentials in the
 * environment (as a user's shell gives them to an in-process CLI run) and the environment
 * put back afterwards. Call the returned function inside tests.
 */
export function withTarget(options: ServerOptions = {}): () => Target {
  let t: Target | undefined;
  const env = { ...process.env };
  beforeAll(async () => {
    t = await startTarget(options);
    process.env.CTMS_USER = USER.username;
    process.env.CTMS_PASSWORD = USER.password;
  });
  afterAll(async () => {
    process.env = env;
    await t?.stop();
  });
  return () => {
    if (!t) throw new Error('withTarget: the target starts in beforeAll; call it inside a test');
    return t;
  };
}

export function clientFor(t: Target, options: Partial<VaultClientOptions> = {}): VaultClient {
  return new VaultClient({ baseUrl: t.url, ...USER, ...options });
}

/** Rows per object in the target database. */
export function counts(server: CtmsServer): Record<string, number> {
  const snap = server.snapshot();
  return Object.fromEntries(Object.entries(snap).map(([k, rows]) => [k, rows.length]));
}

/** How many records of `object` carry each external id (exactly-once checks). */
export function externalIdCounts(server: CtmsServer, object: string): Map<string, number> {
  const rows = server.db.prepare(`SELECT external_id__v AS k, COUNT(*) AS n FROM "${object}" GROUP BY external_id__v`).all() as { k: string; n: number }[];
  return new Map(rows.map((r) => [r.k, r.n]));
}

/** An in-memory `save` that keeps a deep copy of every saved state. */
export function memorySave(): { save: (l: TransferLog) => void; saves: TransferLog[]; last: () => TransferLog } {
  const saves: TransferLog[] = [];
  return { saves, save: (l) => { saves.push(JSON.parse(JSON.stringify(l)) as TransferLog); }, last: () => saves[saves.length - 1]! };
}

// ---- a v1 workbook built from real ClinicalTrials.gov records --------------------------------

const CTGOV = 'ctgov-flattened';

const STUDY_STATUS: Record<string, string> = {
  completed: 'Completed', recruiting: 'Enrolling', 'not yet recruiting': 'Planned', not_yet_recruiting: 'Planned',
  'active, not recruiting': 'Follow-up', terminated: 'Terminated', withdrawn: 'Withdrawn', 'enrolling by invitation': 'Enrolling',
};

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** "August 24, 1981", "July 2001", "2016-01", "2016-01-15" → a date (first of the month when the day is not given). */
export function ctgovDate(s: string): Date | null {
  const t = s.trim();
  let m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(t);
  if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3] ?? 1)));
  m = /^([A-Za-z]+)\s+(?:(\d{1,2}),\s*)?(\d{4})$/.exec(t);
  if (m) {
    const mi = MONTHS.indexOf(m[1]!.toLowerCase());
    if (mi >= 0) return new Date(Date.UTC(Number(m[3]), mi, Number(m[2] ?? 1)));
  }
  return null;
}

/** "Megan E. B. Clowse, MD, MPH" → first, middle, last, degree. */
function splitName(full: string): { first: string; middle: string | null; last: string; degree: string | null } {
  const [namePart, ...rest] = full.split(',').map((x) => x.trim());
  const words = (namePart ?? '').split(/\s+/).filter(Boolean);
  const first = words[0] ?? '';
  const last = words.length > 1 ? words[words.length - 1]! : first;
  const middle = words.length > 2 ? words.slice(1, -1).join(' ') : null;
  const degree = rest.filter(Boolean).join(' ').slice(0, 50) || null;
  return { first, middle, last, degree };
}

export interface CtgovWorkbook {
  sheets: Sheets;
  data: WorkbookData;
}

/**
 * A v1 workbook from the real ClinicalTrials.gov extracts in test/fixtures/ctgov-flattened:
 * studies (NCT id as study number, lead sponsor as sponsor organization), their facilities with a
 * facility contact who has an e-mail address (the contact becomes the site's principal
 * investigator and a Site Staff row), and organizations for sponsors and facilities.
 * Values are copied as the registry gives them (country names, phases, statuses with their own
 * spelling), so the transfer runs with proposals accepted. At most `maxSitesPerStudy` sites per study,
 * so that many studies and sponsors take part. The only invented values: site numbers
 * (001, 002… per study), organization ids, a sponsor's city/country (taken from the study's first
 * site, the registry has none) and the staff start date (the study's start date).
 */
export function ctgovWorkbook(maxSites = 300, maxSitesPerStudy = 6): CtgovWorkbook {
  const studies = readCsvObjects(`${CTGOV}/studies.csv`);
  const sites = readCsvObjects(`${CTGOV}/sites.csv`);
  const people = readCsvObjects(`${CTGOV}/people.csv`);
  const contact = new Map<string, Record<string, string>>();
  for (const p of people) {
    if (!p.email || !p.facility || !p.name) continue;
    const k = `${p.nct_id}\u0001${p.facility}`;
    if (!contact.has(k)) contact.set(k, p);
  }
  const studyById = new Map<string, Record<string, string>>();
  for (const s of studies) if (!studyById.has(s.nct_id!)) studyById.set(s.nct_id!, s);

  const orgIds = new Map<string, string>();
  const orgRows: Row[] = [];
  const orgOf = (name: string, type: string, city: string, state: string, zip: string, country: string): string => {
    const key = name.trim().toLowerCase();
    let id = orgIds.get(key);
    if (!id) {
      id = `ORG-${String(orgIds.size + 1).padStart(4, '0')}`;
      orgIds.set(key, id);
      orgRows.push({ 'Organization ID': id, 'Organization Name': name.slice(0, 255), 'Organization Type': type, City: city || null, 'State/Province': state || null, 'Postal Code': zip || null, Country: country || null });
    }
    return id;
  };

  const siteRows: Row[] = [];
  const staffRows: Row[] = [];
  const investigators = new Map<string, Row>();
  const studyRows = new Map<string, Row>();
  const siteCount = new Map<string, number>();
  for (const s of sites) {
    if (siteRows.length >= maxSites) break;
    const c = contact.get(`${s.nct_id}\u0001${s.facility_name}`);
    const study = studyById.get(s.nct_id!);
    if (!c || !study || !s.city || !s.country) continue;
    const nct = s.nct_id!;
    if ((siteCount.get(nct) ?? 0) >= maxSitesPerStudy) continue;
    if (!studyRows.has(nct)) {
      const sponsor = orgOf(study.lead_sponsor || 'Unknown sponsor', 'Sponsor', s.city, s.state ?? '', '', s.country);
      const status = STUDY_STATUS[(study.overall_status ?? '').toLowerCase()] ?? 'Active';
      const enrollment = /^\d+$/.test(study.enrollment ?? '') ? Number(study.enrollment) : null;
      studyRows.set(nct, {
        'Study Number': nct, 'Study Title': (study.brief_title ?? '').slice(0, 500), Phase: study.phase || 'Not Applicable', 'Study Status': status,
        'Sponsor Organization ID': sponsor, 'NCT Number': nct, 'Planned Enrollment': enrollment,
      });
    }
    const n = (siteCount.get(nct) ?? 0) + 1;
    siteCount.set(nct, n);
    const siteNumber = String(n).padStart(3, '0');
    const org = orgOf(s.facility_name!, 'Hospital', s.city, s.state ?? '', s.zip ?? '', s.country);
    const email = c.email!.trim();
    if (!investigators.has(email.toLowerCase())) {
      const nm = splitName(c.name!);
      investigators.set(email.toLowerCase(), {
        Email: email, 'First Name': nm.first.slice(0, 100), 'Last Name': nm.last.slice(0, 100), 'Middle Name': nm.middle, Degree: nm.degree,
        'Organization ID': org, City: s.city, 'State/Province': s.state || null, Country: s.country, Phone: c.phone || null,
      });
    }
    siteRows.push({ 'Study Number': nct, 'Site Number': siteNumber, 'Organization ID': org, 'Principal Investigator Email': email, 'Site Status': s.status || null, Country: s.country });
    const start = ctgovDate(study.start_date ?? '');
    staffRows.push({ 'Study Number': nct, 'Site Number': siteNumber, Email: email, Role: 'Principal Investigator', 'Start Date': start as CellValue });
  }
  const sheets: Sheets = { Organizations: orgRows, Studies: [...studyRows.values()], Sites: siteRows, Investigators: [...investigators.values()], 'Site Staff': staffRows };
  return { sheets, data: wb(sheets) };
}

/** `n` investigators and the `orgs` organizations they belong to: a large clean workbook for the fault and speed tests. */
export function syntheticSheets(n: number, orgs = Math.max(1, Math.ceil(n / 20)), tag = 'S'): Sheets {
  const organizations: Row[] = Array.from({ length: orgs }, (_, i) => ({
    'Organization ID': `ORG-${tag}${i}`, 'Organization Name': `Synthetic Hospital ${tag}${i}`, 'Organization Type': 'Hospital', City: 'Boston', 'State/Province': 'MA', Country: 'US',
  }));
  const investigators: Row[] = Array.from({ length: n }, (_, i) => ({
    Email: `inv${i}.${tag.toLowerCase()}@hospital.example.org`, 'First Name': 'Pat', 'Last Name': `Tester${i}`, Title: 'Dr.', 'Organization ID': `ORG-${tag}${i % orgs}`, City: 'Boston', Country: 'US',
  }));
  return { Organizations: organizations, Investigators: investigators };
}
