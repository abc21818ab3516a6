/**
 * The reference CTMS's own object metadata — what the TARGET enforces, deliberately
 * independent of our data standard (a real Vault is configured by its customer, not by us).
 * As in a Vault, picklist fields store value names (phase_3__v) and refuse labels; the
 * labels are served with each picklist (`objects/picklists/{name}`). Countries and study team
 * roles are objects with records (seeded by the server), and a site hangs under a Study
 * Country, as Vault's Study → Study Country → Study Site.
 */

export type FieldType = 'text' | 'picklist' | 'date' | 'int' | 'reference';

export interface FieldDef {
  name: string;
  type: FieldType;
  required?: boolean;
  unique?: boolean;
  maxLength?: number;
  /** Value names the field accepts (those of `picklistName`). */
  picklist?: readonly string[];
  /** The picklist the field uses (Vault names it; values are served separately). */
  picklistName?: string;
  /** Target object for references: the value must be an existing record id. */
  references?: string;
  min?: number;
}

export interface ObjectDef {
  name: string;
  label: string;
  /** Three-character id prefix, as Vault gives each object its own prefix. */
  prefix: string;
  fields: readonly FieldDef[];
}

export interface PicklistValue { name: string; label: string }

/** Value name from a label, as the default target profile names them (phase 1/2 → phase_1_2__v). */
const valueName = (label: string) => `${label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')}__v`;
const values = (...labels: string[]): PicklistValue[] => labels.map((label) => ({ name: valueName(label), label }));

export const PICKLISTS: Readonly<Record<string, readonly PicklistValue[]>> = {
  organization_type__v: values('Hospital', 'Clinic', 'University', 'Research Institute', 'CRO', 'Sponsor', 'Laboratory', 'Pharmacy', 'Other'),
  study_phase__v: values('Phase 1', 'Phase 1/2', 'Phase 2', 'Phase 2/3', 'Phase 3', 'Phase 4', 'Not Applicable'),
  study_status__v: values('Planned', 'Active', 'Enrolling', 'Follow-up', 'Completed', 'Terminated', 'Withdrawn'),
  title__v: [{ name: 'dr__v', label: 'Dr.' }, { name: 'prof__v', label: 'Prof.' }, { name: 'mr__v', label: 'Mr.' }, { name: 'ms__v', label: 'Ms.' }, { name: 'mrs__v', label: 'Mrs.' }],
  site_status__v: values('Planned', 'Selected', 'Initiated', 'Enrolling', 'Closed to Enrollment', 'Closed', 'Cancelled'),
};

const text = (name: string, maxLength: number, extra: Partial<FieldDef> = {}): FieldDef => ({ name, type: 'text', maxLength, ...extra });
const pick = (name: string, picklistName: string, extra: Partial<FieldDef> = {}): FieldDef => ({ name, type: 'picklist', picklistName, picklist: PICKLISTS[picklistName]!.map((v) => v.name), ...extra });
const date = (name: string, extra: Partial<FieldDef> = {}): FieldDef => ({ name, type: 'date', ...extra });
const count = (name: string): FieldDef => ({ name, type: 'int', min: 0 });
const ref = (name: string, references: string, extra: Partial<FieldDef> = {}): FieldDef => ({ name, type: 'reference', references, ...extra });
const externalId = text('external_id__v', 255, { unique: true });

export const CATALOGUE: readonly ObjectDef[] = [
  {
    // Records seeded by the server (every ISO 3166-1 country, name__v = the alpha-2 code).
    name: 'country__v', label: 'Country', prefix: 'V0C',
    fields: [text('name__v', 128, { required: true, unique: true }), text('country_name__v', 255)],
  },
  {
    // Records seeded by the server (the roles a site's staff can have).
    name: 'study_team_role__v', label: 'Study Team Role', prefix: 'V0L',
    fields: [text('name__v', 128, { required: true, unique: true })],
  },
  {
    name: 'organization__v', label: 'Organization', prefix: 'V0O',
    fields: [
      externalId,
      text('name__v', 255, { required: true }),
      pick('organization_type__v', 'organization_type__v', { required: true }),
      text('address_line_1__v', 255),
      text('city__v', 100),
      text('state_province__v', 100),
      text('postal_code__v', 20),
      ref('country__v', 'country__v', { required: true }),
      text('phone__v', 40),
    ],
  },
  {
    name: 'study__v', label: 'Study', prefix: 'V0S',
    fields: [
      externalId,
      text('name__v', 128, { required: true, unique: true }),
      text('study_title__v', 1500),
      pick('study_phase__v', 'study_phase__v', { required: true }),
      pick('study_status__v', 'study_status__v', { required: true }),
      ref('sponsor__v', 'organization__v'),
      text('nct_number__v', 11),
      text('ind_number__v', 6),
      text('therapeutic_area__v', 100),
      count('planned_enrollment__v'),
      date('fsfv_date__v'),
      date('lslv_date__v'),
      date('csr_due_date__v'),
    ],
  },
  {
    name: 'person__sys', label: 'Person', prefix: 'V0P',
    fields: [
      externalId,
      text('email__sys', 255, { required: true }),
      text('first_name__sys', 100),
      text('last_name__sys', 100, { required: true }),
      text('middle_name__v', 100),
      pick('title__v', 'title__v'),
      text('degree__v', 50),
      ref('organization__v', 'organization__v'),
      text('city__v', 100),
      text('state_province__v', 100),
      ref('country__v', 'country__v'),
      text('phone__v', 40),
      date('gcp_training_date__v'),
    ],
  },
  {
    name: 'study_country__v', label: 'Study Country', prefix: 'V0N',
    fields: [
      externalId,
      text('name__v', 128),
      ref('study__v', 'study__v', { required: true }),
      ref('country__v', 'country__v', { required: true }),
    ],
  },
  {
    name: 'site__v', label: 'Study Site', prefix: 'V0T',
    fields: [
      externalId,
      ref('study__v', 'study__v', { required: true }),
      text('name__v', 128, { required: true }),
      ref('organization__v', 'organization__v'),
      ref('principal_investigator__v', 'person__sys'),
      pick('site_status__v', 'site_status__v', { required: true }),
      ref('study_country__v', 'study_country__v', { required: true }),
      ref('country__v', 'country__v'),
      date('site_activation_date__v'),
      date('fsfv_date__v'),
      date('lslv_date__v'),
      count('subjects_screened__v'),
      count('subjects_enrolled__v'),
      count('subjects_completed__v'),
    ],
  },
  {
    name: 'study_person__clin', label: 'Study Person', prefix: 'V0R',
    fields: [
      externalId,
      ref('study__clin', 'study__v', { required: true }),
      ref('site__clin', 'site__v'),
      ref('person__clin', 'person__sys', { required: true }),
      ref('team_role__v', 'study_team_role__v', { required: true }),
      text('email__clin', 255),
      date('start_date__clin'),
      date('end_date__clin'),
    ],
  },
  {
    // Not a Vault object: a custom object this reference server offers so that a transfer can
    // mark the records it is sending (a real Vault needs an admin to create one like it; see
    // docs/reliability.md). One record per part of a transfer's keys.
    name: 'transfer_lock__c', label: 'Transfer Lock', prefix: 'V0K',
    fields: [
      externalId,
      text('transfer__c', 64, { required: true }),
      text('holder__c', 500, { required: true }),
      text('since__c', 40, { required: true }),
      text('keys__c', 30_000),
    ],
  },
];

const BY_NAME = new Map(CATALOGUE.map((o) => [o.name, o]));

export function objectDef(name: string): ObjectDef | undefined {
  return BY_NAME.get(name);
}

export function fieldDef(obj: ObjectDef, name: string): FieldDef | undefined {
  return obj.fields.find((f) => f.name === name);
}

/** System fields every object has besides its catalogue fields. */
export const SYSTEM_FIELDS = ['id', 'created_date__v', 'modified_date__v'] as const;

/** Children of `parent`: (object, field) pairs whose reference field points at it. */
export function childReferences(parent: string): Array<{ object: string; field: string }> {
  const out: Array<{ object: string; field: string }> = [];
  for (const o of CATALOGUE) for (const f of o.fields) if (f.references === parent) out.push({ object: o.name, field: f.name });
  return out;
}
