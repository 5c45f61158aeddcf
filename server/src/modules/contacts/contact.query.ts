import { type SQL, sql } from "drizzle-orm";
import { redact } from "../../platform/auth/field-rules.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import {
  companies,
  contactCompanies,
  contacts,
  dealContacts,
  deals,
} from "../../platform/db/schema/index.ts";
import type { SqlRegistry } from "../../platform/filter/compile.ts";
import { byList } from "../../platform/records/embed.ts";
import type { SortableField } from "../../platform/records/list.ts";
import { type ListFields, type ListRequest, planList } from "../../platform/records/list-plan.ts";
import { companyFilterFields } from "../companies/company.fields.ts";
import { customSortable, customSqlField } from "../custom-fields/custom-field.sql.ts";
import { type CustomFieldRow, customFieldsForReads } from "../custom-fields/custom-field.store.ts";
import { relatedDealRegistry } from "../deals/deal.fields.ts";
import { lifecycleStageKeysForReads } from "../workspaces/workspace.store.ts";
import { contactFilterFields, contactSearchTextSeenBy } from "./contact.fields.ts";
import { toContactDto } from "./contact.presenter.ts";
import * as store from "./contact.store.ts";

const addressFields = (column: SQL): SqlRegistry => ({
  fields: Object.fromEntries(
    ["street", "city", "region", "postalCode", "country"].map((k) => [
      k,
      { type: "text", sql: sql`(${column} ->> ${k})` },
    ]),
  ),
});

/**
 * The filterable fields of contacts, their relations, and their custom fields; with the workspace's
 * lifecycle stage keys, a filter on an unknown stage is refused.
 */
export function contactRegistry(defs: CustomFieldRow[], lifecycleStages?: readonly string[]): SqlRegistry {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  return {
    object: "contacts",
    fields: lifecycleStages
      ? {
          ...contactFilterFields,
          lifecycleStage: { ...contactFilterFields.lifecycleStage!, options: lifecycleStages },
        }
      : contactFilterFields,
    relations: {
      // An embedded object: like a related record, a missing address matches no condition.
      address: {
        kind: "one",
        registry: addressFields(sql`${contacts.address}`),
        exists: (inner) => sql`(${contacts.address} is not null and ${inner})`,
      },
      company: {
        kind: "one",
        registry: { object: "companies", fields: companyFilterFields },
        exists: (inner) =>
          sql`exists (select 1 from ${companies} where ${companies.workspaceId} = ${contacts.workspaceId} and ${companies.id} = ${contacts.companyId} and ${companies.deletedAt} is null and ${inner})`,
      },
      deals: {
        kind: "many",
        registry: relatedDealRegistry,
        exists: (inner) =>
          sql`exists (select 1 from ${dealContacts} join ${deals} on ${deals.workspaceId} = ${dealContacts.workspaceId} and ${deals.id} = ${dealContacts.dealId} and ${deals.deletedAt} is null where ${dealContacts.workspaceId} = ${contacts.workspaceId} and ${dealContacts.contactId} = ${contacts.id} and ${inner})`,
      },
      companies: {
        kind: "many",
        registry: {
          object: "companies",
          fields: { ...companyFilterFields, role: { type: "text", sql: sql`${contactCompanies.role}` } },
        },
        exists: (inner) =>
          sql`exists (select 1 from ${contactCompanies} join ${companies} on ${companies.workspaceId} = ${contactCompanies.workspaceId} and ${companies.id} = ${contactCompanies.companyId} and ${companies.deletedAt} is null where ${contactCompanies.workspaceId} = ${contacts.workspaceId} and ${contactCompanies.contactId} = ${contacts.id} and ${inner})`,
      },
    },
    custom: (key) => {
      const def = byKey.get(key);
      return def ? customSqlField(def, sql`${contacts.custom}`) : undefined;
    },
  };
}

export const SORTABLE: Record<string, SortableField> = {
  displayName: { sql: sql`${contacts.displayName}`, type: "text" },
  firstName: { sql: sql`${contacts.firstName}`, type: "text" },
  lastName: { sql: sql`${contacts.lastName}`, type: "text" },
  email: { sql: sql`${contacts.email}`, type: "text" },
  jobTitle: { sql: sql`${contacts.jobTitle}`, type: "text" },
  lifecycleStage: { sql: sql`${contacts.lifecycleStage}`, type: "text" },
  birthday: { sql: sql`${contacts.birthday}`, type: "date" },
  createdAt: { sql: sql`${contacts.createdAt}`, type: "datetime" },
  updatedAt: { sql: sql`${contacts.updatedAt}`, type: "datetime" },
};

/** What contacts can be filtered and sorted by in a workspace (read from the definitions cache). */
export async function contactListFields(db: Db, workspaceId: string): Promise<ListFields> {
  const [defs, stages] = await Promise.all([
    customFieldsForReads(db, workspaceId, "contacts"),
    lifecycleStageKeysForReads(db, workspaceId),
  ]);
  return {
    registry: contactRegistry(defs, stages),
    sortable: { ...SORTABLE, ...customSortable(defs, sql`${contacts.custom}`) },
    customFields: defs,
  };
}

/** One page of contacts for a filter, sort and cursor. */
export async function listContacts(
  db: Db,
  principal: Principal,
  request: ListRequest,
  clock = { now: new Date(), timeZone: "UTC" },
) {
  const fields = await contactListFields(db, principal.workspaceId);
  const narrowed = contactSearchTextSeenBy(principal, {
    displayName: sql`${contacts.displayName}`,
    emails: sql`${contacts.emails}`,
    phones: sql`${contacts.phones}`,
    tags: sql`${contacts.tags}`,
  });
  const search = fields.registry.fields.search;
  // A role that hides emails, phones or tags matches the search box on what it sees of them.
  const registry =
    narrowed && search
      ? {
          ...fields.registry,
          fields: { ...fields.registry.fields, search: { ...search, narrowedBy: narrowed } },
        }
      : fields.registry;
  const plan = await planList(
    db,
    principal,
    request,
    {
      ...fields,
      registry,
      id: sql`${contacts.id}`,
      defaultSort: [{ field: "createdAt", desc: true }],
      object: "contacts",
    },
    clock,
  );
  const found = await store.contactRecords.list(db, principal.workspaceId, {
    ...plan.query,
    sortValues: { ...plan.query.sortValues, links: store.linksColumn },
    trashed: request.trashed,
  });
  const links = new Map(found.map((f) => [f.row.id, f.links as store.ContactLink[]]));
  const { rows, nextCursor } = plan.page(found);
  const data = rows.map((row) => toContactDto(row, links.get(row.id)!));
  const total =
    request.count && !request.trashed
      ? await store.contactRecords.count(db, principal.workspaceId, plan.where)
      : undefined;
  return {
    data: data.map((record) => redact(principal, "contacts", record)),
    nextCursor,
    ...(total !== undefined ? { total } : {}),
  };
}

/** Contacts by id for `include=`, through the list so the same rules apply. */
export const contactsById = byList(listContacts);
