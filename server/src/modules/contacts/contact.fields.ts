import { type SQL, sql } from "drizzle-orm";
import { seesField } from "../../platform/auth/field-rules.ts";
import type { Principal } from "../../platform/auth/principal.ts";
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

/**
 * A contact's folded search text as the principal may see it, when its role hides emails, phones or
 * tags (all of which the indexed `search_text` holds): searches must match this too, so a hidden
 * email cannot be probed by searching for it. Undefined when the role sees them all.
 */
export function contactSearchTextSeenBy(
  principal: Principal,
  columns: { displayName: SQL; emails: SQL; phones: SQL; tags: SQL },
): SQL | undefined {
  const sees = (field: string) => seesField(principal, "contacts", field);
  if (sees("emails") && sees("phones") && sees("tags")) return undefined;
  return sql`public.rapport_contact_search_text(${columns.displayName},
    ${sees("emails") ? columns.emails : sql`'[]'::jsonb`},
    ${sees("phones") ? columns.phones : sql`'[]'::jsonb`},
    ${sees("tags") ? columns.tags : sql`'{}'::text[]`})`;
}
