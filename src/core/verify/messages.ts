import type { Issue, Proposal } from '../model/issue';

/**
 * The one table of words. Every issue's message is made here from its rule id
 * and params, so the task pane, cell notes and reports say the same thing.
 */
type Params = Issue['params'];
type MessageFn = (p: Params, header: string) => string;

const q = (v: unknown) => (v === null || v === undefined || v === '' ? '(blank)' : `"${String(v)}"`);

const FAMILY: Record<string, MessageFn> = {
  required: (p, h) => p.column
    ? `The column "${h}" is missing from sheet ${p.sheet}. Add a column with this header (row 1); every row needs it.`
    : `${h} is required. Fill it in.`,
  type: (p, h) => {
    switch (p.expected) {
      case 'date': return `${h} ${q(p.value)} is not a date. Enter it as yyyy-mm-dd${p.detail ? ` (${p.detail})` : ''}.`;
      case 'int': return p.detail === 'negative'
        ? `${h} ${q(p.value)} is negative. Enter a count of 0 or more.`
        : `${h} ${q(p.value)} is not a whole number. Enter a count such as 12.`;
      case 'email': return `${h} ${q(p.value)} is not a valid email address. Enter it as name@domain.tld.`;
      case 'country': return `${h} ${q(p.value)} is not a country we recognise. Enter the ISO 3166-1 alpha-2 code (e.g. US, GB, DE).`;
      case 'phone': return p.detail === 'noCountry'
        ? `${h} ${q(p.value)} has no country code and the row has no valid Country. Enter it as +<country code><number>.`
        : `${h} ${q(p.value)} is not a valid phone number. Enter it as +<country code><number>.`;
      case 'text': return `${h} must be text, not ${q(p.value)}.`;
      default: return `${h} ${q(p.value)} is not of the expected type.`;
    }
  },
  maxLength: (p, h) => `${h} is ${p.length} characters long; at most ${p.max} are allowed. Shorten it.`,
  pattern: (p, h) => `${h} ${q(p.value)} does not have the expected form${p.example ? ` (${p.example})` : ''}.`,
  picklist: (p, h) => `${h} ${q(p.value)} is not one of the allowed values: ${p.allowed}. Pick one from the list.`,
  unique: (p, h) => `${h} ${q(p.value)} appears ${p.count} times in this sheet (rows ${p.rows}); it must be unique. Correct or remove the repeats.`,
  reference: (p, h) => `${h} ${q(p.value)} is not on the ${p.targetSheet} sheet${p.checkedTarget ? ' nor in the target CTMS' : ''}. Add it there or correct this value.`,
  charset: (p, h) => `${h} ${q(p.value)} contains ${p.script} characters; the target stores Latin script only. Enter a transliteration or translation.${p.script === 'Chinese (Han)' ? ' A Japanese name in kanji needs a translator: its reading cannot be told from the characters.' : ''}`,
  excelError: (p, h) => `${h} holds the Excel error ${p.value}, not a value; it is never sent. Fix the formula or enter the value.`,
  brokenText: (p, h) => p.repaired
    ? `${h} ${q(p.value)} looks like text saved in one encoding and opened in another; it probably reads ${q(p.repaired)}. Re-export the source as UTF-8 or correct the text.`
    : `${h} ${q(p.value)} contains a replacement character (�): some letters were lost when the file was converted. Re-export the source as UTF-8 or correct the text.`,
  formulaText: (p, h) => `${h} ${q(p.value)} starts with "${p.first}", so a spreadsheet opening the target's data later would run it as a formula. Remove the leading "${p.first}" or reword it.`,
  ambiguousDate: (p, h) => `${h} ${q(p.value)} could be ${p.optionA} or ${p.optionB}. Set the source's date order (MDY or DMY) or type the date as yyyy-mm-dd.`,
  structure: (p) => {
    switch (p.kind) {
      case 'extraColumn': return `Column "${p.header}" is not part of the standard; it is kept but not checked or sent.`;
      case 'decision': return `${p.description} Column marked for review: its values are kept as given.`;
      case 'headerRow': return `The headers of sheet ${p.sheet} are on row ${p.row}; the rows above are ignored.`;
      case 'uncertainColumn': return `Column "${p.header}" may be ${p.suggested}, but the match is not sure. Confirm it in a mapping profile; until then it is not checked or sent.`;
      case 'ignoredSheet': return `Sheet ${p.sheet} matches no sheet of the standard; it is not checked or sent.`;
      default: return `Sheet ${p.sheet} is not in this workbook; nothing of this kind will be checked or sent.`;
    }
  },
};

const RULE: Record<string, MessageFn> = {
  'R-ENR-01': (p) => `Subjects Completed (${p.left}) is greater than Subjects Screened (${p.right}). Correct one of the counts.`,
  'R-ENR-02': (p) => `Subjects Enrolled (${p.left}) is greater than Subjects Screened (${p.right}). Correct one of the counts.`,
  'R-ENR-03': (p) => `Subjects Completed (${p.left}) is greater than Subjects Enrolled (${p.right}). Correct one of the counts.`,
  'R-DATE-01': (p) => `Site Activation Date (${p.left}) is not before FSFV Date (${p.right}); a site is activated before its first visit. Correct one of the dates.`,
  'R-DATE-02': (p) => `FSFV Date (${p.left}) is after LSLV Date (${p.right}). Correct one of the dates.`,
  'R-DATE-03': (p) => `Start Date (${p.left}) is after End Date (${p.right}). Correct one of the dates.`,
  'R-DATE-04': (p) => `GCP Training Date (${p.left}) is in the future (today is ${p.today}). Enter the date the training took place.`,
  'R-STAT-01': (p) => `Site Status is ${p.status} but Subjects Enrolled is ${p.count}; a ${p.status} site cannot have enrolled subjects. Correct the status or the count.`,
  'R-STAT-02': (p) => `Status is ${p.status} but LSLV Date is blank. Enter the LSLV Date or correct the status.`,
  'R-STAT-03': (p) => `Subjects Enrolled is ${p.count} but FSFV Date is blank. Enter the date of the first subject's first visit.`,
  'R-PI-01': (p) => `Site ${p.site} of study ${p.study} has overlapping Principal Investigator assignments (rows ${p.rows}). End one assignment before the next starts, or change a role.`,
  'R-PI-02': (p) => `Principal Investigator ${q(p.email)} has no Principal Investigator row in Site Staff for study ${p.study}, site ${p.site}. Add the assignment.`,
  'R-CTRY-01': (p) => `Site country ${p.left} differs from the country of organization ${p.org} (${p.right}). Check which is right.`,
};

/** The message shown for an issue. `header` is the column's label. */
export function issueMessage(issue: Pick<Issue, 'ruleId' | 'family' | 'params'>, header: string): string {
  const fn = RULE[issue.ruleId] ?? FAMILY[issue.family];
  if (fn) return fn(issue.params, header);
  // A business rule of a supported kind added in a custom standard: its description is the message.
  return String(issue.params.description ?? `${header}: rule ${issue.ruleId} is not met.`);
}

const fmt = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined || v === '' ? '(blank)' : String(v));

export function proposalMessage(p: Pick<Proposal, 'from' | 'to' | 'steps' | 'reason'>): string {
  return `Proposed ${p.steps.join(' + ')}: ${fmt(p.from)} → ${fmt(p.to)}${p.reason ? ` (${p.reason})` : ''}. Accept to apply.`;
}

/** Fill colours of flagged cells (the same in Excel and in annotated files). */
export const MARK_COLORS = {
  error: '#F4B6B6',
  warning: '#FFE08A',
  info: '#D9E7F5',
  proposal: '#B8DDF5',
} as const;
export type MarkKind = keyof typeof MARK_COLORS;
