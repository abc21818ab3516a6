import { words } from './words';

/**
 * Site staff role grammar: principal investigator (PI, P.I., Principal
 * Inv.), sub-investigator and co-investigator in their spellings (Sub-I,
 * SubI, Sub Inv, Co-I, Coinvestigator), a bare "Investigator" (its own
 * meaning: the standard's map holds the business decision for it),
 * coordinator (CRC, Clinical Research Coordinator, Study Co-ordinator),
 * nurse (RN, CRN, Research Nurse), pharmacist (PharmD, Pharmacy) and
 * monitor (CRA, Clinical Research Associate). Anything else, including a
 * mix of two roles ("Nurse Coordinator"), is not read.
 */

const FILLER = new Set(['study', 'site', 'clinical', 'research', 'trial', 'project', 'the']);
const SPELLINGS: Record<string, string> = {
  inv: 'investigator', subinvestigator: 'sub investigator', coinvestigator: 'sub investigator', subi: 'sub investigator', coi: 'sub investigator',
  pi: 'principal investigator', crc: 'coordinator', cra: 'monitor', associate: 'monitor', rn: 'nurse', crn: 'nurse',
  pharmd: 'pharmacist', pharmacy: 'pharmacist', pharm: 'pharmacist',
};

const MEANING = new Map<string, string>([
  ['principal investigator', 'principal investigator'], ['p i', 'principal investigator'],
  ['sub investigator', 'sub investigator'], ['sub i', 'sub investigator'], ['co investigator', 'sub investigator'], ['co i', 'sub investigator'],
  ['investigator', 'investigator'],
  ['coordinator', 'coordinator'],
  ['nurse', 'nurse'],
  ['pharmacist', 'pharmacist'],
  ['monitor', 'monitor'],
  ['other', 'other'],
]);

/** The meaning of a role, or null when it cannot be read. */
export function readRole(text: string): string | null {
  const w = words(text, FILLER, SPELLINGS);
  if (w.length === 0) return null;
  const hit = MEANING.get(w.join(' '));
  if (hit) return hit;
  // One role said twice ("Coordinator (CRC)", "Monitor / CRA") is that role.
  const unique = [...new Set(w)];
  return unique.length === 1 ? MEANING.get(unique[0]!) ?? null : null;
}
