import type { CompanyMatchInput, ContactMatchInput } from "@rapport/core";
import type { CompanyMatchRow, ContactMatchRow } from "./duplicate.store.ts";

/** A stored contact as the rules compare it. */
export function contactMatchInput(row: ContactMatchRow): ContactMatchInput {
  return {
    firstName: row.first_name,
    lastName: row.last_name,
    emails: row.emails.map((e) => e.value.trim().toLowerCase()),
    phones: row.phones.flatMap((p) => (p.e164 ? [p.e164] : [])),
    companyIds: row.company_ids,
    birthday: row.birthday,
    postalCode: row.postal_code,
    street: row.street,
  };
}

export const companyMatchInput = (row: CompanyMatchRow): CompanyMatchInput => ({
  name: row.name,
  domains: row.domains,
});
