import { sql } from "drizzle-orm";
import { contacts } from "../../platform/db/schema/index.ts";
import type { SqlRegistry } from "../../platform/filter/compile.ts";

/** The built-in filterable fields of a contact, read from the contacts table. */
export const contactFilterFields: SqlRegistry["fields"] = {
  id: { type: "uuid", sql: sql`${contacts.id}` },
  firstName: { type: "text", sql: sql`${contacts.firstName}` },
  lastName: { type: "text", sql: sql`${contacts.lastName}` },
  displayName: { type: "text", sql: sql`${contacts.displayName}` },
  email: { type: "text", sql: sql`${contacts.email}` },
  emails: {
    type: "text_list",
    sql: sql`array(select lower(e ->> 'value') from jsonb_array_elements(${contacts.emails}) e)`,
  },
  phone: { type: "text", sql: sql`${contacts.phone}` },
  jobTitle: { type: "text", sql: sql`${contacts.jobTitle}` },
  // The options are the workspace's stages: contactRegistry sets them when it knows them.
  lifecycleStage: { type: "enum", sql: sql`${contacts.lifecycleStage}` },
  leadSource: { type: "text", sql: sql`${contacts.leadSource}` },
  description: { type: "text", sql: sql`${contacts.description}` },
  birthday: { type: "date", sql: sql`${contacts.birthday}` },
  companyId: { type: "uuid", sql: sql`${contacts.companyId}` },
  ownerId: { type: "user", sql: sql`${contacts.ownerId}` },
  createdBy: { type: "user", sql: sql`${contacts.createdBy}` },
  updatedBy: { type: "user", sql: sql`${contacts.updatedBy}` },
  createdAt: { type: "datetime", sql: sql`${contacts.createdAt}` },
  updatedAt: { type: "datetime", sql: sql`${contacts.updatedAt}` },
  tags: { type: "tags", sql: sql`${contacts.tags}` },
  // Names, emails, phone digits and tags, folded and trigram-indexed: what `matches` searches.
  search: { type: "text", sql: sql`${contacts.searchText}`, folded: true },
};
