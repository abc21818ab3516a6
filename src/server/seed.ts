import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';
import type Database from 'better-sqlite3';

type Db = Database.Database;

/**
 * Records a Vault CTMS has before any migration: countries and study team roles are objects
 * the customer's Vault already holds, which submissions reference by lookup. Ids are fixed so
 * snapshots of two servers compare equal.
 */
countries.registerLocale(en);

export const STUDY_TEAM_ROLES = ['Principal Investigator', 'Sub Investigator', 'Study Coordinator', 'Pharmacist', 'Monitor', 'Other'] as const;

const SEEDED_AT = '2000-01-01T00:00:00.000Z';

export function seedReferenceData(db: Db): void {
  const empty = (table: string) => (db.prepare<{ n: number }>(`SELECT COUNT(*) AS n FROM "${table}"`).get()?.n ?? 0) === 0;
  db.transaction(() => {
    if (empty('country__v')) {
      const ins = db.prepare('INSERT INTO "country__v" (id, name__v, country_name__v, created_date__v, modified_date__v) VALUES (?, ?, ?, ?, ?)');
      for (const code of Object.keys(countries.getAlpha2Codes()).sort()) ins.run(`V0C0000000000${code}`, code, countries.getName(code, 'en') ?? code, SEEDED_AT, SEEDED_AT);
    }
    if (empty('study_team_role__v')) {
      const ins = db.prepare('INSERT INTO "study_team_role__v" (id, name__v, created_date__v, modified_date__v) VALUES (?, ?, ?, ?)');
      STUDY_TEAM_ROLES.forEach((role, i) => ins.run(`V0L${String(i + 1).padStart(12, '0')}`, role, SEEDED_AT, SEEDED_AT));
    }
  })();
}
