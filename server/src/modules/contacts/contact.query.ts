import { DEFAULT_LIFECYCLE_STAGES, parseFilter } from "@rapport/core";
import { type SQL, sql } from "drizzle-orm";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { companies, contactCompanies, contacts } from "../../platform/db/schema/index.ts";
import { compileFilter, type SqlRegistry } from "../../platform/filter/compile.ts";
import {
  afterCursor,
  decodeCursor,
  orderBy,
  paginate,
  parseSort,
  queryFingerprint,
  type SortableField,
  sortSelection,
} from "../../platform/records/list.ts";
import { customSortable, customSqlField } from "../custom-fields/custom-field.sql.ts";
import { type CustomFieldRow, listCustomFields } from "../custom-fields/custom-field.store.ts";
import { toContactDto } from "./contact.presenter.ts";
import * as store from "./contact.store.ts";

/** What company fields a filter can reach from a contact (`company.industry`, `companies.name`). */
export const companyFilterFields: SqlRegistry["fields"] = {
  id: { type: "uuid", sql: sql`${companies.id}` },
  name: { type: "text", sql: sql`${companies.name}` },
  industry: { type: "text", sql: sql`${companies.industry}` },
  employeeCount: { type: "number", sql: sql`${companies.employeeCount}` },
  annualRevenue: { type: "money", sql: sql`${companies.annualRevenue}` },
  domains: { type: "text_list", sql: sql`${companies.domains}` },
  ownerId: { type: "user", sql: sql`${companies.ownerId}` },
  tags: { type: "tags", sql: sql`${companies.tags}` },
  createdAt: { type: "datetime", sql: sql`${companies.createdAt}` },
};

const addressFields = (column: SQL): SqlRegistry => ({
  fields: Object.fromEntries(
    ["street", "city", "region", "postalCode", "country"].map((k) => [
      k,
      { type: "text", sql: sql`(${column} ->> ${k})` },
    ]),
  ),
});

/** The filterable fields of contacts, their relations, and their custom fields. */
export function contactRegistry(defs: CustomFieldRow[]): SqlRegistry {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  return {
    fields: {
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
      lifecycleStage: {
        type: "enum",
        options: DEFAULT_LIFECYCLE_STAGES,
        sql: sql`${contacts.lifecycleStage}`,
      },
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
    },
    relations: {
      // An embedded object: like a related record, a missing address matches no condition.
      address: {
        kind: "one",
        registry: addressFields(sql`${contacts.address}`),
        exists: (inner) => sql`(${contacts.address} is not null and ${inner})`,
      },
      company: {
        kind: "one",
        registry: { fields: companyFilterFields },
        exists: (inner) =>
          sql`exists (select 1 from ${companies} where ${companies.workspaceId} = ${contacts.workspaceId} and ${companies.id} = ${contacts.companyId} and ${companies.deletedAt} is null and ${inner})`,
      },
      companies: {
        kind: "many",
        registry: {
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

const SORTABLE: Record<string, SortableField> = {
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

export type ListRequest = {
  filter?: unknown;
  sort?: string | undefined;
  limit: number;
  cursor?: string | undefined;
  count: boolean;
  trashed?: boolean;
};

/** One page of contacts for a filter, sort and cursor. */
export async function listContacts(
  db: Db,
  principal: Principal,
  request: ListRequest,
  clock = { now: new Date(), timeZone: "UTC" },
) {
  const defs = await listCustomFields(db, principal.workspaceId, "contacts");
  const sortable = { ...SORTABLE, ...customSortable(defs, sql`${contacts.custom}`) };
  const keys = parseSort(request.sort, sortable, [{ field: "createdAt", desc: true }]);
  const filter = request.filter === undefined ? undefined : parseFilter(request.filter);
  const where = filter
    ? compileFilter(filter, contactRegistry(defs), { userId: principal.userId, ...clock })
    : undefined;
  const fingerprint = queryFingerprint(request.filter ?? null, keys, request.trashed ?? false);
  const id = sql`${contacts.id}`;
  const cursor = request.cursor ? decodeCursor(request.cursor, fingerprint, keys.length) : undefined;
  const conditions = [where, cursor ? afterCursor(keys, sortable, id, cursor) : undefined].filter(
    Boolean,
  ) as SQL[];
  const rows = await store.listContacts(db, principal.workspaceId, {
    where: conditions.length ? sql.join(conditions, sql` and `) : undefined,
    order: orderBy(keys, sortable, id),
    limit: request.limit + 1,
    sortValues: sortSelection(keys, sortable),
    trashed: request.trashed,
  });
  const { page, nextCursor } = paginate(
    rows.map((r) => ({
      id: r.row.id,
      row: r.row,
      sort: keys.map((_, i) => (r as Record<string, unknown>)[`sort${i}`] as string | null),
    })),
    request.limit,
    fingerprint,
  );
  const links = await store.listLinks(
    db,
    principal.workspaceId,
    page.map((p) => p.id),
  );
  const data = page.map((p) =>
    toContactDto(
      p.row,
      links.filter((l) => l.contactId === p.id),
    ),
  );
  const total =
    request.count && !request.trashed
      ? await store.countContacts(db, principal.workspaceId, where)
      : undefined;
  return { data, nextCursor, ...(total !== undefined ? { total } : {}) };
}
