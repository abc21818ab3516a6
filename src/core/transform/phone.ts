import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** T-PHONE: → E.164, using the row's country when the number has no country code. */
export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: 'invalid' | 'noCountry' };

export function toE164(value: string, country: string | null): PhoneResult {
  const international = value.startsWith('+') || value.startsWith('00');
  const text = value.startsWith('00') ? `+${value.slice(2)}` : value;
  if (!international && !country) return { ok: false, reason: 'noCountry' };
  const parsed = international
    ? parsePhoneNumberFromString(text)
    : parsePhoneNumberFromString(text, country as CountryCode);
  if (!parsed || !parsed.isValid()) return { ok: false, reason: 'invalid' };
  return { ok: true, e164: parsed.number };
}
