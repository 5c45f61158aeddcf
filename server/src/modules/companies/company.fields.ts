import { sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { companies } from "../../platform/db/schema/index.ts";
import type { SqlRegistry } from "../../platform/filter/compile.ts";
import { customSqlField } from "../custom-fields/custom-field.sql.ts";
import type { CustomFieldRow } from "../custom-fields/custom-field.store.ts";

// The parent is a company too: its subquery needs its own name so it does not shadow the outer row.
export const parent = alias(companies, "parent_company");
type CompanyTable = typeof companies | typeof parent;

/** The built-in fields and custom fields of a company, read from `t` (the table or an alias of it). */
export function companyFields(t: CompanyTable, defs: CustomFieldRow[]): SqlRegistry {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  return {
    object: "companies",
    fields: {
      id: { type: "uuid", sql: sql`${t.id}` },
      name: { type: "text", sql: sql`${t.name}` },
      domains: { type: "text_list", sql: sql`${t.domains}` },
      industry: { type: "text", sql: sql`${t.industry}` },
      employeeCount: { type: "number", sql: sql`${t.employeeCount}` },
      annualRevenue: { type: "money", sql: sql`${t.annualRevenue}` },
      phone: { type: "text", sql: sql`${t.phone}` },
      description: { type: "text", sql: sql`${t.description}` },
      parentCompanyId: { type: "uuid", sql: sql`${t.parentCompanyId}` },
      ownerId: { type: "user", sql: sql`${t.ownerId}` },
      createdBy: { type: "user", sql: sql`${t.createdBy}` },
      updatedBy: { type: "user", sql: sql`${t.updatedBy}` },
      createdAt: { type: "datetime", sql: sql`${t.createdAt}` },
      updatedAt: { type: "datetime", sql: sql`${t.updatedAt}` },
      tags: { type: "tags", sql: sql`${t.tags}` },
      // Name, domains, phone digits and tags, folded and trigram-indexed: what `matches` searches.
      search: { type: "text", sql: sql`${t.searchText}`, folded: true },
    },
    custom: (key) => {
      const def = byKey.get(key);
      return def ? customSqlField(def, sql`${t.custom}`) : undefined;
    },
  };
}

/** Company fields as reached from another record (`company.industry`). */
export const companyFilterFields: SqlRegistry["fields"] = companyFields(companies, []).fields;
