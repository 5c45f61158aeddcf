import { type SQL, sql } from "drizzle-orm";
import { deals } from "../../platform/db/schema/index.ts";
import type { SqlRegistry, SqlRelation } from "../../platform/filter/compile.ts";
import { type LinkSourceType, linkedRecordsRelation } from "../../platform/records/links.ts";
import { companyFilterFields, contactRegistry } from "../contacts/contact.query.ts";

/** What deal fields a filter can reach from an activity or a task (`deals.name`). */
const dealFilterFields: SqlRegistry["fields"] = {
  id: { type: "uuid", sql: sql`${deals.id}` },
  name: { type: "text", sql: sql`${deals.name}` },
  amount: { type: "money", sql: sql`${deals.amount}` },
  currency: { type: "text", sql: sql`${deals.currency}` },
  status: { type: "enum", options: ["open", "won", "lost"], sql: sql`${deals.status}` },
  pipelineId: { type: "uuid", sql: sql`${deals.pipelineId}` },
  stageId: { type: "uuid", sql: sql`${deals.stageId}` },
  companyId: { type: "uuid", sql: sql`${deals.companyId}` },
  expectedCloseDate: { type: "date", sql: sql`${deals.expectedCloseDate}` },
  closedAt: { type: "datetime", sql: sql`${deals.closedAt}` },
  ownerId: { type: "user", sql: sql`${deals.ownerId}` },
  tags: { type: "tags", sql: sql`${deals.tags}` },
  createdAt: { type: "datetime", sql: sql`${deals.createdAt}` },
};

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
    companies: linkedRecordsRelation(source, "company", { fields: companyFilterFields }),
    deals: linkedRecordsRelation(source, "deal", { fields: dealFilterFields }),
  };
}
