import type { SQL } from "drizzle-orm";
import type { SqlRelation } from "../../platform/filter/compile.ts";
import { type LinkSourceType, linkedRecordsRelation } from "../../platform/records/links.ts";
import { companyFilterFields } from "../companies/company.fields.ts";
import { contactRegistry } from "../contacts/contact.query.ts";
import { relatedDealRegistry } from "../deals/deal.fields.ts";

/**
 * The `contacts`, `companies` and `deals` relations of activities and tasks: each crosses
 * record_links to the live records of that type (`contacts.lastName`, `companies.name`).
 */
export function linkedRecordRelations(source: {
  type: LinkSourceType;
  workspaceId: SQL;
  id: SQL;
}): Record<string, SqlRelation> {
  return {
    contacts: linkedRecordsRelation(source, "contact", contactRegistry([])),
    companies: linkedRecordsRelation(source, "company", { object: "companies", fields: companyFilterFields }),
    deals: linkedRecordsRelation(source, "deal", relatedDealRegistry),
  };
}
