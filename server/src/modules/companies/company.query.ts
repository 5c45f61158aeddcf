import { sql } from "drizzle-orm";
import { redact } from "../../platform/auth/field-rules.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { companies, contactCompanies, contacts, deals } from "../../platform/db/schema/index.ts";
import type { SqlRegistry } from "../../platform/filter/compile.ts";
import { byList } from "../../platform/records/embed.ts";
import type { SortableField } from "../../platform/records/list.ts";
import { type ListFields, type ListRequest, planList } from "../../platform/records/list-plan.ts";
import { contactRegistry } from "../contacts/contact.query.ts";
import { customSortable } from "../custom-fields/custom-field.sql.ts";
import { type CustomFieldRow, customFieldsForReads } from "../custom-fields/custom-field.store.ts";
import { relatedDealRegistry } from "../deals/deal.fields.ts";
import { companyFields, parent } from "./company.fields.ts";
import { toCompanyDto } from "./company.presenter.ts";
import * as store from "./company.store.ts";

const addressFields: SqlRegistry = {
  fields: Object.fromEntries(
    ["street", "city", "region", "postalCode", "country"].map((k) => [
      k,
      { type: "text", sql: sql`(${companies.address} ->> ${k})` },
    ]),
  ),
};

/**
 * The filterable fields of companies, their relations (parent, address, contacts, deals) and their
 * custom fields. `contactDefs` are the contacts' custom fields, reachable as `contacts.custom.*`.
 */
export function companyRegistry(defs: CustomFieldRow[], contactDefs: CustomFieldRow[] = []): SqlRegistry {
  const contact = contactRegistry(contactDefs);
  return {
    ...companyFields(companies, defs),
    relations: {
      parent: {
        kind: "one",
        registry: companyFields(parent, defs),
        exists: (inner) =>
          sql`exists (select 1 from ${companies} as ${parent} where ${parent.workspaceId} = ${companies.workspaceId} and ${parent.id} = ${companies.parentCompanyId} and ${parent.deletedAt} is null and ${inner})`,
      },
      // An embedded object: like a related record, a missing address matches no condition.
      address: {
        kind: "one",
        registry: addressFields,
        exists: (inner) => sql`(${companies.address} is not null and ${inner})`,
      },
      contacts: {
        kind: "many",
        registry: {
          object: "contacts",
          fields: { ...contact.fields, role: { type: "text", sql: sql`${contactCompanies.role}` } },
          custom: contact.custom!,
        },
        exists: (inner) =>
          sql`exists (select 1 from ${contactCompanies} join ${contacts} on ${contacts.workspaceId} = ${contactCompanies.workspaceId} and ${contacts.id} = ${contactCompanies.contactId} and ${contacts.deletedAt} is null where ${contactCompanies.workspaceId} = ${companies.workspaceId} and ${contactCompanies.companyId} = ${companies.id} and ${inner})`,
      },
      deals: {
        kind: "many",
        registry: relatedDealRegistry,
        exists: (inner) =>
          sql`exists (select 1 from ${deals} where ${deals.workspaceId} = ${companies.workspaceId} and ${deals.companyId} = ${companies.id} and ${deals.deletedAt} is null and ${inner})`,
      },
    },
  };
}

export const SORTABLE: Record<string, SortableField> = {
  name: { sql: sql`${companies.name}`, type: "text" },
  industry: { sql: sql`${companies.industry}`, type: "text" },
  employeeCount: { sql: sql`${companies.employeeCount}`, type: "number" },
  annualRevenue: { sql: sql`${companies.annualRevenue}`, type: "number" },
  createdAt: { sql: sql`${companies.createdAt}`, type: "datetime" },
  updatedAt: { sql: sql`${companies.updatedAt}`, type: "datetime" },
};

/** What companies can be filtered and sorted by in a workspace (read from the definitions cache). */
export async function companyListFields(db: Db, workspaceId: string): Promise<ListFields> {
  const [defs, contactDefs] = await Promise.all([
    customFieldsForReads(db, workspaceId, "companies"),
    customFieldsForReads(db, workspaceId, "contacts"),
  ]);
  return {
    registry: companyRegistry(defs, contactDefs),
    sortable: { ...SORTABLE, ...customSortable(defs, sql`${companies.custom}`) },
    customFields: defs,
  };
}

/** One page of companies for a filter, sort and cursor. */
export async function listCompanies(
  db: Db,
  principal: Principal,
  request: ListRequest,
  clock = { now: new Date(), timeZone: "UTC" },
) {
  const plan = await planList(
    db,
    principal,
    request,
    {
      ...(await companyListFields(db, principal.workspaceId)),
      id: sql`${companies.id}`,
      defaultSort: [{ field: "createdAt", desc: true }],
      object: "companies",
    },
    clock,
  );
  const rows = await store.companyRecords.list(db, principal.workspaceId, {
    ...plan.query,
    trashed: request.trashed,
  });
  const { rows: page, nextCursor } = plan.page(rows);
  const total =
    request.count && !request.trashed
      ? await store.companyRecords.count(db, principal.workspaceId, plan.where)
      : undefined;
  return {
    data: page.map((row) => redact(principal, "companies", toCompanyDto(row))),
    nextCursor,
    ...(total !== undefined ? { total } : {}),
  };
}

/** Companies by id for `include=`, through the list so the same rules apply. */
export const companiesById = byList(listCompanies);
