import type { Field } from '../../core/standard/schema';
import type { MatchHow } from '../../core/mapping/types';
import { CONFIDENT } from '../../core/mapping/match';

/**
 * How sure a column's match is and how it was found, in a data steward's
 * words: never a score or the matcher's own name for the method.
 */

/** At or above this a match is "sure"; between CONFIDENT and this, "likely". */
const SURE = 0.95;

export function confidenceWords(confidence: number, how: MatchHow, confirmed: boolean): string {
  if (how === 'exact' || how === 'profile' || confirmed || confidence >= SURE) return 'sure';
  if (confidence >= CONFIDENT) return 'likely';
  return 'unsure — please confirm';
}

const CONTENT_WORDS: Record<Field['type'], string> = {
  email: 'content looks like e-mail addresses',
  date: 'content looks like dates',
  int: 'content looks like whole numbers',
  country: 'content looks like countries',
  phone: 'content looks like phone numbers',
  pick: 'content matches the allowed values',
  text: 'content looks like this field',
};

export function howWords(how: MatchHow, field: Field | undefined, confirmed: boolean): string {
  if (confirmed) return 'you chose it';
  switch (how) {
    case 'exact': return 'same name';
    case 'alias': return 'known synonym';
    case 'name': return 'similar name';
    case 'profile': return 'from your saved mapping';
    case 'content': {
      // What the values look like says more than where they point: an e-mail column that refers to people is "e-mail addresses".
      if (field && field.type !== 'text') return CONTENT_WORDS[field.type];
      if (field?.reference) return 'content refers to another sheet';
      if (/^NCT/i.test(field?.header ?? '')) return 'content looks like NCT numbers';
      return CONTENT_WORDS.text;
    }
  }
}
