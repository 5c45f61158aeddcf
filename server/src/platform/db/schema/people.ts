import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { recordColumns, searchIndex, searchTextColumn, tz } from "./columns.ts";

export type Address = {
  street?: string | null;
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  country?: string | null;
};
export type LabeledValue = { value: string; label: string | null; primary: boolean };
/** A phone as typed, and in E.164 when it parses (what search and duplicate checks compare). */
export type PhoneValue = LabeledValue & { e164?: string | null };

export const companies = pgTable(
  "companies",
  {
    ...recordColumns(),
    name: text("name").notNull(),
    domains: text("domains").array().notNull().default(sql`'{}'::text[]`),
    industry: text("industry"),
    employeeCount: integer("employee_count"),
    annualRevenue: numeric("annual_revenue", { precision: 20, scale: 2 }),
    address: jsonb("address").$type<Address>(),
    phone: text("phone"),
    parentCompanyId: uuid("parent_company_id"),
    description: text("description"),
    // Set when merged into another company (which answers for this id from then on); merged
    // records are also trashed, so they leave every list, but never purged while pointed at.
    mergedIntoId: uuid("merged_into_id"),
    searchText: searchTextColumn(sql`public.rapport_company_search_text(name, domains, phone, tags)`),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    searchIndex("companies_search_idx", t),
    foreignKey({
      name: "companies_parent_fk",
      columns: [t.workspaceId, t.parentCompanyId],
      foreignColumns: [t.workspaceId, t.id],
    }),
    index("companies_name_idx")
      .on(t.workspaceId, sql`lower(${t.name})`, t.id)
      .where(sql`${t.deletedAt} is null`),
    index("companies_created_idx").on(t.workspaceId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index("companies_owner_idx")
      .on(t.workspaceId, t.ownerId, t.createdAt, t.id)
      .where(sql`${t.deletedAt} is null`),
    // Written without a pending list (migration 0018): every contact create looks a domain up here.
    index("companies_domains_idx").using("gin", t.domains),
    index("companies_tags_idx").using("gin", t.tags),
    index("companies_deleted_idx").on(t.workspaceId, t.deletedAt).where(sql`${t.deletedAt} is not null`),
    check("companies_name_not_blank", sql`length(trim(${t.name})) > 0`),
  ],
);

export const contacts = pgTable(
  "contacts",
  {
    ...recordColumns(),
    firstName: text("first_name"),
    lastName: text("last_name"),
    displayName: text("display_name").notNull(),
    emails: jsonb("emails").$type<LabeledValue[]>().notNull().default([]),
    phones: jsonb("phones").$type<PhoneValue[]>().notNull().default([]),
    // The primary email, lower-cased, for lookups, sorting and duplicate checks.
    email: text("email"),
    phone: text("phone"),
    jobTitle: text("job_title"),
    address: jsonb("address").$type<Address>(),
    birthday: date("birthday"),
    social: jsonb("social").$type<Record<string, string>>().notNull().default({}),
    lifecycleStage: text("lifecycle_stage"),
    leadSource: text("lead_source"),
    description: text("description"),
    companyId: uuid("company_id"),
    // Set when merged into another contact (see companies.merged_into_id).
    mergedIntoId: uuid("merged_into_id"),
    // The duplicate-match keys (emails, E.164 phones, email domains) have a GIN expression index,
    // contacts_match_keys_idx, written by hand in the duplicates migration (0016), without a
    // pending list since 0018; the name blocking keys at a work domain, contacts_name_keys_idx (0022).
    searchText: searchTextColumn(sql`public.rapport_contact_search_text(display_name, emails, phones, tags)`),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    searchIndex("contacts_search_idx", t),
    foreignKey({
      name: "contacts_company_fk",
      columns: [t.workspaceId, t.companyId],
      foreignColumns: [companies.workspaceId, companies.id],
    }),
    index("contacts_name_idx")
      .on(t.workspaceId, sql`lower(${t.displayName})`, t.id)
      .where(sql`${t.deletedAt} is null`),
    index("contacts_email_idx").on(t.workspaceId, t.email).where(sql`${t.deletedAt} is null`),
    index("contacts_owner_idx")
      .on(t.workspaceId, t.ownerId, t.createdAt, t.id)
      .where(sql`${t.deletedAt} is null`),
    index("contacts_company_idx").on(t.workspaceId, t.companyId).where(sql`${t.deletedAt} is null`),
    index("contacts_updated_idx").on(t.workspaceId, t.updatedAt, t.id).where(sql`${t.deletedAt} is null`),
    index("contacts_created_idx").on(t.workspaceId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index("contacts_tags_idx").using("gin", t.tags),
    index("contacts_deleted_idx").on(t.workspaceId, t.deletedAt).where(sql`${t.deletedAt} is not null`),
  ],
);

/** A contact's companies (several; one primary, mirrored in contacts.company_id), each with a role. */
export const contactCompanies = pgTable(
  "contact_companies",
  {
    workspaceId: uuid("workspace_id").notNull(),
    contactId: uuid("contact_id").notNull(),
    companyId: uuid("company_id").notNull(),
    role: text("role"),
    isPrimary: boolean("is_primary").notNull().default(false),
    createdAt: tz("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.contactId, t.companyId] }),
    index("contact_companies_company_idx").on(t.workspaceId, t.companyId),
    uniqueIndex("contact_companies_one_primary").on(t.workspaceId, t.contactId).where(sql`${t.isPrimary}`),
    foreignKey({
      name: "contact_companies_contact_fk",
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "contact_companies_company_fk",
      columns: [t.workspaceId, t.companyId],
      foreignColumns: [companies.workspaceId, companies.id],
    }).onDelete("cascade"),
  ],
);
