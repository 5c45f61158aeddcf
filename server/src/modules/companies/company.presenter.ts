import type { CompanyDto } from "@rapport/core";
import type { CompanyRow } from "./company.store.ts";

export function toCompanyDto(row: CompanyRow): CompanyDto {
  return {
    id: row.id,
    name: row.name,
    domains: row.domains,
    industry: row.industry,
    employeeCount: row.employeeCount,
    // numeric(20,2) arrives as a string; amounts up to MAX_ANNUAL_REVENUE are exact as numbers.
    annualRevenue: row.annualRevenue === null ? null : Number(row.annualRevenue),
    address: row.address,
    phone: row.phone,
    parentCompanyId: row.parentCompanyId,
    description: row.description,
    ownerId: row.ownerId,
    tags: row.tags,
    custom: row.custom,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
    version: row.version,
  };
}

/** The fields whose changes go to field history and events (everything a user can edit). */
export const COMPANY_HISTORY_FIELDS = [
  "name",
  "domains",
  "industry",
  "employeeCount",
  "annualRevenue",
  "address",
  "phone",
  "parentCompanyId",
  "description",
  "ownerId",
  "tags",
  "custom",
] as const;
