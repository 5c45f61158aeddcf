import type { ContactDto } from "@rapport/core";
import type { ContactLink, ContactRow } from "./contact.store.ts";

export function toContactDto(row: ContactRow, links: ContactLink[]): ContactDto {
  return {
    id: row.id,
    firstName: row.firstName,
    lastName: row.lastName,
    displayName: row.displayName,
    emails: row.emails,
    phones: row.phones,
    email: row.emails.find((e) => e.primary)?.value ?? null,
    phone: row.phone,
    jobTitle: row.jobTitle,
    companyId: row.companyId,
    companies: links.map((l) => ({ companyId: l.companyId, role: l.role, primary: l.isPrimary })),
    address: row.address,
    birthday: row.birthday,
    social: row.social,
    lifecycleStage: row.lifecycleStage,
    leadSource: row.leadSource,
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
export const CONTACT_HISTORY_FIELDS = [
  "firstName",
  "lastName",
  "emails",
  "phones",
  "jobTitle",
  "companies",
  "address",
  "birthday",
  "social",
  "lifecycleStage",
  "leadSource",
  "description",
  "ownerId",
  "tags",
  "custom",
] as const;
