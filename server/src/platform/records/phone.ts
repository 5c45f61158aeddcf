import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js";

/**
 * A typed phone as E.164 (`+14155550123`), reading a number without a country code as one of
 * `country`'s; null when it is not a possible phone number. The typed form stays for display.
 */
export function toE164(typed: string, country: string | null): string | null {
  const parsed = parsePhoneNumberFromString(
    typed,
    country ? { defaultCountry: country as CountryCode } : undefined,
  );
  return parsed?.isPossible() ? parsed.number : null;
}
