import { emailDomain, isCompanyEmailDomain } from "@rapport/core";
import type { Db } from "../../platform/db/index.ts";
import { companiesWithDomains } from "../companies/company.store.ts";

/** The domain of an email that a company may own: none for free mail. */
export function companyDomainOf(email: string): string | null {
  const domain = emailDomain(email);
  return domain && isCompanyEmailDomain(domain) ? domain : null;
}

/**
 * The live company that owns each given email's domain (free-mail domains excluded), so a new
 * contact at `ada@lovelace.io` joins Lovelace Analytics (lovelace.io). Email → company id.
 */
export async function companiesByEmailDomain(
  db: Db,
  workspaceId: string,
  emails: string[],
): Promise<Map<string, string>> {
  const domainOf = new Map(
    emails.flatMap((email) => {
      const domain = companyDomainOf(email);
      return domain ? [[email, domain] as const] : [];
    }),
  );
  const companies = await companiesWithDomains(db, workspaceId, [...new Set(domainOf.values())], null);
  // A domain belongs to one live company (companies enforce it), so the first holder is the one.
  const byDomain = new Map(companies.flatMap((c) => c.domains.map((d) => [d, c.id] as const)));
  return new Map(
    [...domainOf].flatMap(([email, domain]) => {
      const id = byDomain.get(domain);
      return id ? [[email, id] as const] : [];
    }),
  );
}
